// QEMUIOVector data access: byte movers, is_zero, compare.  is_zero looks at
// SSE2 vectors, compare at memcmp blocks (bytes on tiny segments).
#include <iovcheck/iov.h>

#include "internal.h"

#include <cstdint>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

using namespace iovcheck::detail;

namespace {

uint64_t load_word(const unsigned char *p)
{
    uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

#ifdef __SSE2__
bool vector_is_zero(__m128i v)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xffff;
}

// n >= 16: the unaligned first and last 16 bytes, and the aligned vectors
// between them OR-ed together, tested every 256 bytes (a test every 64 bytes
// held is_zero below 0.8x of a flat zero check on 64 KiB segments), the last
// fewer than 256 bytes one vector at a time.
bool vectors_are_zero(const unsigned char *p, size_t n)
{
    const unsigned char *end = p + n;
    __m128i any = _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i *>(p)),
                               _mm_loadu_si128(reinterpret_cast<const __m128i *>(end - 16)));
    // [p, v) and [last, end) are inside the two unaligned loads.
    const __m128i *v = reinterpret_cast<const __m128i *>((reinterpret_cast<uintptr_t>(p) + 16) &
                                                         ~uintptr_t{15});
    const __m128i *last = reinterpret_cast<const __m128i *>(
        reinterpret_cast<uintptr_t>(end - 1) & ~uintptr_t{15});
    constexpr int kVectorsPerTest = 16;
    for (; last - v >= kVectorsPerTest; v += kVectorsPerTest) {
        if (!vector_is_zero(any)) {
            return false;
        }
        // Four independent OR chains, so the loads are not serialized.
        __m128i chain[4] = {_mm_load_si128(v), _mm_load_si128(v + 1), _mm_load_si128(v + 2),
                            _mm_load_si128(v + 3)};
        for (int i = 4; i < kVectorsPerTest; i += 4) {
            for (int c = 0; c < 4; ++c) {
                chain[c] = _mm_or_si128(chain[c], _mm_load_si128(v + i + c));
            }
        }
        any = _mm_or_si128(_mm_or_si128(chain[0], chain[1]), _mm_or_si128(chain[2], chain[3]));
    }
    for (; v < last; ++v) {
        any = _mm_or_si128(any, _mm_load_si128(v));
    }
    return vector_is_zero(any);
}
#endif

bool bytes_are_zero(const unsigned char *p, size_t n)
{
#ifdef __SSE2__
    if (n >= 16) {
        return vectors_are_zero(p, n);
    }
#endif
    // Short ranges (and targets without SSE2): a word, then a byte at a time.
    size_t i = 0;
    for (; i + sizeof(uint64_t) <= n; i += sizeof(uint64_t)) {
        if (load_word(p + i) != 0) {
            return false;
        }
    }
    for (; i < n; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

// Index of the first byte where a and b differ, or n when they are equal.
size_t first_difference(const unsigned char *a, const unsigned char *b, size_t n)
{
    // Tiny segments go straight to the byte loop: a call to memcmp costs more
    // than their bytes (1-byte segments were 0.78x of the emulator's loop).
    constexpr size_t kTiny = 16;
    size_t i = 0;
    if (n >= kTiny) {
        // Equal segments are the common case: one memcmp decides it.
        if (std::memcmp(a, b, n) == 0) {
            return n;
        }
        constexpr size_t kBlock = 256;
        while (n - i >= kBlock && std::memcmp(a + i, b + i, kBlock) == 0) {
            i += kBlock;
        }
        // The first difference, if any, is within the next kBlock bytes.
        while (n - i >= sizeof(uint64_t) && load_word(a + i) == load_word(b + i)) {
            i += sizeof(uint64_t);
        }
    }
    while (i < n && a[i] == b[i]) {
        ++i;
    }
    return i;
}

}  // namespace

extern "C" size_t qemu_iovec_to_buf(QEMUIOVector *qiov, size_t offset, void *buf, size_t bytes)
{
    return copy_to_buf("qemu_iovec_to_buf", qiov->iov, static_cast<unsigned>(qiov->niov), offset,
                       buf, bytes);
}

extern "C" size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset, const void *buf,
                                      size_t bytes)
{
    return copy_from_buf("qemu_iovec_from_buf", qiov->iov, static_cast<unsigned>(qiov->niov),
                         offset, buf, bytes);
}

extern "C" size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset, int fillc, size_t bytes)
{
    return fill_bytes("qemu_iovec_memset", qiov->iov, static_cast<unsigned>(qiov->niov), offset,
                      fillc, bytes);
}

extern "C" bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t qiov_offset, size_t bytes)
{
    if (bytes > qiov->size || qiov_offset > qiov->size - bytes) {
        iov_contract_violation("qemu_iovec_is_zero", "offset=%zu bytes=%zu outside size=%zu",
                               qiov_offset, bytes, qiov->size);
        return false;
    }
    unsigned cnt = static_cast<unsigned>(qiov->niov);
    StreamCursor start;
    seek(qiov->iov, cnt, qiov_offset, &start);
    bool zero = true;
    for_each_chunk(qiov->iov, cnt, start, bytes, [&zero](char *p, size_t n, size_t) {
        zero = bytes_are_zero(reinterpret_cast<const unsigned char *>(p), n);
        return zero;
    });
    return zero;
}

extern "C" ssize_t qemu_iovec_compare(QEMUIOVector *a, QEMUIOVector *b)
{
    if (a->niov != b->niov) {
        iov_contract_violation("qemu_iovec_compare", "a niov=%d differs from b niov=%d", a->niov,
                               b->niov);
        return 0;
    }
    for (int k = 0; k < a->niov; ++k) {
        if (a->iov[k].iov_len != b->iov[k].iov_len) {
            iov_contract_violation("qemu_iovec_compare",
                                   "entry %d: a iov_len=%zu differs from b iov_len=%zu", k,
                                   a->iov[k].iov_len, b->iov[k].iov_len);
            return 0;
        }
    }
    size_t offset = 0;
    for (int k = 0; k < a->niov; ++k) {
        size_t len = a->iov[k].iov_len;
        if (len == 0) {
            continue;
        }
        size_t at = first_difference(static_cast<const unsigned char *>(a->iov[k].iov_base),
                                     static_cast<const unsigned char *>(b->iov[k].iov_base), len);
        if (at < len) {
            return static_cast<ssize_t>(offset + at);
        }
        offset += len;
    }
    return -1;
}
