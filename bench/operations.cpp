#include "operations.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>

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

// The zero check a caller would write for one flat buffer: eight 64-bit
// words ORed per cache line (the compiler turns it into vector ORs), one
// branch per line.
bool flat_is_zero(const unsigned char *p, size_t size)
{
    size_t i = 0;
    for (; i + 64 <= size; i += 64) {
        uint64_t words[8];
        std::memcpy(words, p + i, sizeof words);
        uint64_t any = 0;
        for (uint64_t w : words) {
            any |= w;
        }
        if (any != 0) {
            return false;
        }
    }
    for (; i < size; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

void baseline_memcpy(benchmark::State &state, const Layout &layout)
{
    FlatBuffer src(stream_size(layout), 0xa5), dst(stream_size(layout));
    for (auto _ : state) {
        std::memcpy(dst.data(), src.data(), src.size());
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    report_bytes(state, src.size(), layout.lengths.size());
}

void baseline_memset(benchmark::State &state, const Layout &layout)
{
    FlatBuffer dst(stream_size(layout));
    for (auto _ : state) {
        std::memset(dst.data(), 0x3c, dst.size());
        benchmark::DoNotOptimize(dst.data());
        benchmark::ClobberMemory();
    }
    report_bytes(state, dst.size(), layout.lengths.size());
}

void baseline_zero_check(benchmark::State &state, const Layout &layout)
{
    FlatBuffer zeros(stream_size(layout));
    for (auto _ : state) {
        benchmark::DoNotOptimize(zeros.data());
        benchmark::DoNotOptimize(flat_is_zero(zeros.data(), zeros.size()));
    }
    report_bytes(state, zeros.size(), layout.lengths.size());
}

void baseline_memcmp(benchmark::State &state, const Layout &layout)
{
    FlatBuffer a(stream_size(layout), 0x5a), b(stream_size(layout), 0x5a);
    for (auto _ : state) {
        benchmark::DoNotOptimize(a.data());
        benchmark::DoNotOptimize(std::memcmp(a.data(), b.data(), a.size()));
    }
    report_bytes(state, a.size(), layout.lengths.size());
}

SocketPair::SocketPair()
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
        throw std::runtime_error("socketpair failed");
    }
}

SocketPair::~SocketPair()
{
    close(fds[0]);
    close(fds[1]);
}

namespace {
bool send_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t moved = send(fd, p, n, 0);
        if (moved < 0 && errno == EINTR) {
            continue;
        }
        if (moved <= 0) {
            return false;
        }
        p += moved;
        n -= static_cast<size_t>(moved);
    }
    return true;
}

bool recv_all(int fd, unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t moved = recv(fd, p, n, 0);
        if (moved < 0 && errno == EINTR) {
            continue;
        }
        if (moved <= 0) {
            return false;
        }
        p += moved;
        n -= static_cast<size_t>(moved);
    }
    return true;
}
}  // namespace

// The same calls as bm_send_recv, each on one flat buffer.
void baseline_send_recv(benchmark::State &state, const Layout &layout)
{
    SocketPair sockets;
    FlatBuffer out(stream_size(layout), 0x6b), in(stream_size(layout));
    Chunks chunks = chunk_stream(layout, 1, out.size() - 2, kSendRecvChunk);
    for (auto _ : state) {
        for (const Range &call : chunks.calls) {
            if (!send_all(sockets.fds[0], out.data() + call.offset, call.bytes) ||
                !recv_all(sockets.fds[1], in.data() + call.offset, call.bytes)) {
                state.SkipWithError("flat send/recv failed");
                return;
            }
        }
    }
    state.counters["calls"] = 2.0 * static_cast<double>(chunks.calls.size());
    report_bytes(state, out.size() - 2, 1);
}

Body baseline_body(const Case &c)
{
    const Layout &l = c.layout;
    const std::string &op = c.operation;
    if (op == "to_buf" || op == "from_buf") return [l](benchmark::State &s) { baseline_memcpy(s, l); };
    if (op == "memset") return [l](benchmark::State &s) { baseline_memset(s, l); };
    if (op == "is_zero") return [l](benchmark::State &s) { baseline_zero_check(s, l); };
    if (op == "compare") return [l](benchmark::State &s) { baseline_memcmp(s, l); };
    if (op == "send_recv") return [l](benchmark::State &s) { baseline_send_recv(s, l); };
    return {};  // the pointer builders have no flat counterpart
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
