// Pieces shared by the core sources: walking a stream, owned-array growth.
// Not part of the public API.
#pragma once

#include <iovcheck/iov.h>

#include <cstddef>
#include <cstdint>

// On a function whose unsigned arithmetic wraps modulo 2^64 by design:
// clang's unsigned-overflow check (fuzz builds use -fsanitize=integer)
// skips it.
#if defined(__clang__)
#define IOVCHECK_WRAPS_ON_PURPOSE __attribute__((no_sanitize("unsigned-integer-overflow")))
#else
#define IOVCHECK_WRAPS_ON_PURPOSE
#endif

namespace iovcheck::detail {

// A stream position as (segment index, byte inside that segment).  `seek`
// skips every segment that ends at or before the position, so `within` is
// strictly inside segment `index`, or `index == cnt` at the end of the stream.
struct StreamCursor {
    unsigned index;
    size_t within;
};

// Finds `offset` in the stream; false when offset > size (nothing touched).
inline bool seek(const struct iovec *iov, unsigned cnt, size_t offset,
                 StreamCursor *cursor)
{
    unsigned k = 0;
    while (k < cnt && offset >= iov[k].iov_len) {
        offset -= iov[k].iov_len;
        ++k;
    }
    cursor->index = k;
    cursor->within = offset;
    return k < cnt || offset == 0;
}

// Calls chunk(pointer, length, bytes_done_before) for each non-empty piece of
// the stream from `from` on, covering at most `bytes` bytes, in stream order.
// The callback returns false to stop early.  Returns the bytes covered.
template <typename Chunk>
size_t for_each_chunk(const struct iovec *iov, unsigned cnt, StreamCursor from,
                      size_t bytes, Chunk &&chunk)
{
    size_t done = 0;
    size_t within = from.within;
    for (unsigned k = from.index; k < cnt && done < bytes; ++k, within = 0) {
        size_t piece = iov[k].iov_len - within;
        if (piece > bytes - done) {
            piece = bytes - done;
        }
        if (piece == 0) {
            continue;
        }
        if (!chunk(static_cast<char *>(iov[k].iov_base) + within, piece, done)) {
            return done;
        }
        done += piece;
    }
    return done;
}

// How many non-empty pieces the stream range of `bytes` bytes from `from` has.
inline size_t count_pieces(const struct iovec *iov, unsigned cnt, StreamCursor from,
                           size_t bytes)
{
    size_t pieces = 0;
    size_t left = bytes;
    unsigned k = from.index;
    if (k < cnt && left > 0) {
        size_t piece = iov[k].iov_len - from.within;
        piece = piece < left ? piece : left;
        pieces += piece != 0 ? 1 : 0;
        left -= piece;
        ++k;
    }
    for (; k < cnt && left > 0; ++k) {
        const size_t len = iov[k].iov_len;
        if (len >= left) {
            return pieces + 1;
        }
        pieces += len != 0 ? 1 : 0;
        left -= len;
    }
    return pieces;
}

// Writes the non-empty pieces of that range as pointer entries to `out`, at
// most `room` of them; returns how many, and the bytes they cover in
// `*covered`.  A tight loop of locals: the pointer builders spend their time
// here, and writing through `out` must not make the compiler reload them.
inline size_t write_pieces(const struct iovec *iov, unsigned cnt, StreamCursor from,
                           size_t bytes, struct iovec *out, size_t room, size_t *covered)
{
    size_t written = 0;
    size_t left = bytes;
    unsigned k = from.index;
    if (k < cnt && left > 0 && room > 0) {
        // The first piece may start inside its entry.
        size_t piece = iov[k].iov_len - from.within;
        piece = piece < left ? piece : left;
        if (piece != 0) {
            out[0].iov_base = static_cast<char *>(iov[k].iov_base) + from.within;
            out[0].iov_len = piece;
            written = 1;
            left -= piece;
        }
        ++k;
    }
    // The others are whole entries, but the last, which may end early.
    for (; k < cnt && left > 0 && written < room; ++k) {
        const struct iovec entry = iov[k];
        if (entry.iov_len >= left) {
            out[written].iov_base = entry.iov_base;
            out[written].iov_len = left;
            ++written;
            left = 0;
            break;
        }
        if (entry.iov_len != 0) {
            out[written++] = entry;
            left -= entry.iov_len;
        }
    }
    *covered = bytes - left;
    return written;
}

// The byte movers, reporting violations under the public name `function`.
size_t copy_from_buf(const char *function, const struct iovec *iov, unsigned cnt,
                     size_t offset, const void *buf, size_t bytes);
size_t copy_to_buf(const char *function, const struct iovec *iov, unsigned cnt,
                   size_t offset, void *buf, size_t bytes);
size_t fill_bytes(const char *function, const struct iovec *iov, unsigned cnt,
                  size_t offset, int fillc, size_t bytes);

// Makes room for `extra` more entries in an owned vector, growing nalloc by
// 2 * nalloc + 1 steps (the same sequence as one qemu_iovec_add per entry).
void reserve_entries(QEMUIOVector *qiov, size_t extra);

// The one allocation of core/: `array` (nullptr for a new one) resized to
// `count` entries (count > 0).  When that fails the process stops with a
// message naming `function`: there is no way to report it through the C
// API, and it is not a contract violation.
struct iovec *resize_entries(const char *function, struct iovec *array, size_t count);

// The same for any memory: `memory` (nullptr for new) resized to
// count * size bytes (> 0), or the process stops with a message naming
// `function`.
void *reallocate_or_stop(const char *function, void *memory, size_t count, size_t size);

}  // namespace iovcheck::detail
