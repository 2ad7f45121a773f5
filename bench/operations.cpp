#include "operations.h"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace iovcheck::bench {

Chunks chunk_stream(const Layout &layout, size_t first, size_t bytes, size_t chunk)
{
    Chunks chunks{{}, 0};
    for (size_t done = 0; done < bytes;) {
        size_t length = std::min(chunk, bytes - done);
        size_t begin = first + done, end = begin + length;
        // Segments the call meets: non-empty ones overlapping [begin, end).
        size_t met = 0, start = 0;
        for (size_t len : layout.lengths) {
            if (len > 0 && start < end && start + len > begin) {
                ++met;
            }
            start += len;
        }
        chunks.calls.push_back(Range{begin, length, met});
        chunks.max_segments_per_call = std::max(chunks.max_segments_per_call, met);
        done += length;
    }
    return chunks;
}

double median(std::vector<double> values)
{
    if (values.empty()) {
        return 0;
    }
    auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

MedianBand median_band(std::vector<double> ratios)
{
    if (ratios.empty()) {
        return {0, 0, 0};
    }
    std::sort(ratios.begin(), ratios.end());
    const double n = static_cast<double>(ratios.size());
    const double half_width = 0.98 * std::sqrt(n);
    auto at_rank = [&](double rank) {
        double clamped = std::clamp(rank, 0.0, n - 1);
        return ratios[static_cast<size_t>(clamped)];
    };
    return {at_rank(n / 2), at_rank(std::floor(n / 2 - half_width)),
            at_rank(std::ceil(n / 2 + half_width))};
}

// The fastest plain zero check of one flat buffer we know to write without
// asking the CPU for more than x86-64's baseline: 256 bytes per branch,
// sixteen 16-byte loads ORed together (SSE2), then the bytes one by one.
bool flat_is_zero(const unsigned char *p, size_t size)
{
    size_t i = 0;
#if defined(__SSE2__)
    constexpr size_t kBlock = 256;
    for (; i + kBlock <= size; i += kBlock) {
        __m128i any = _mm_setzero_si128();
        for (size_t j = 0; j < kBlock; j += 16) {
            any = _mm_or_si128(any, _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i + j)));
        }
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(any, _mm_setzero_si128())) != 0xffff) {
            return false;
        }
    }
#endif
    for (; i < size; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

// A receive that waits 5 s fails instead of hanging the run (a broken
// implementation that sends too little must not block ctest).
SocketPair::SocketPair()
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
        throw std::runtime_error("socketpair failed");
    }
    struct timeval timeout = {5, 0};
    for (int fd : fds) {
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    }
}

SocketPair::~SocketPair()
{
    close(fds[0]);
    close(fds[1]);
}

namespace {
// Repeats `transfer(done)` (one send or recv from byte `done` on) until `n`
// bytes have moved; EINTR is retried, anything else stops with false.
template <class Transfer>
bool transfer_all(size_t n, Transfer &&transfer)
{
    for (size_t done = 0; done < n;) {
        ssize_t moved = transfer(done);
        if (moved < 0 && errno == EINTR) {
            continue;
        }
        if (moved <= 0) {
            return false;
        }
        done += static_cast<size_t>(moved);
    }
    return true;
}
}  // namespace

bool flat_send_all(int fd, const unsigned char *p, size_t n)
{
    return transfer_all(n, [&](size_t done) { return send(fd, p + done, n - done, 0); });
}

bool flat_recv_all(int fd, unsigned char *p, size_t n)
{
    return transfer_all(n, [&](size_t done) { return recv(fd, p + done, n - done, 0); });
}

CloneSource::CloneSource(size_t segments)
    : arena(64 * segments + 96, 0), union_size(segments == 0 ? 0 : 64 * (segments - 1) + 96)
{
    std::vector<size_t> slots(segments);
    std::iota(slots.begin(), slots.end(), size_t{0});
    std::mt19937 random(20261125);
    std::shuffle(slots.begin(), slots.end(), random);
    for (size_t slot : slots) {
        iov.push_back(iovec{arena.data() + 64 * slot, 96});
    }
}

}  // namespace iovcheck::bench
