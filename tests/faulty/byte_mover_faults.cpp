// Faulty byte movers and readers: return count, zero-length segments, a range
// check that wraps, reading and writing past a piece, hexdump spacing.
#include "faulty.h"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "internal.h"  // core/src: the stream cursor core itself walks with

using namespace iovcheck;
using namespace iovcheck::detail;

namespace {

// wrong-return-count: returns the bytes asked for, not the bytes set, when
// the stream ends before them.
size_t memset_returning_requested(const struct iovec *iov, unsigned cnt, size_t offset, int fillc,
                                  size_t bytes)
{
    StreamCursor start;
    if (!seek(iov, cnt, offset, &start)) {
        iov_contract_violation("iov_memset", "offset=%zu is past size=%zu", offset, iov_size(iov, cnt));
        return 0;
    }
    for_each_chunk(iov, cnt, start, bytes, [fillc](char *p, size_t n, size_t) {
        std::memset(p, static_cast<unsigned char>(fillc), n);
        return true;
    });
    return bytes;  // BUG: should be what for_each_chunk covered
}

// zero-length-segments: treats a zero-length segment as the end of the
// array (the {NULL, 0} terminator habit), so bytes after it are never read.
size_t to_buf_stopping_at_empty_segment(const struct iovec *iov, unsigned cnt, size_t offset,
                                        void *buf, size_t bytes)
{
    StreamCursor start;
    if (!seek(iov, cnt, offset, &start)) {
        iov_contract_violation("iov_to_buf_full", "offset=%zu is past size=%zu", offset,
                               iov_size(iov, cnt));
        return 0;
    }
    char *target = static_cast<char *>(buf);
    size_t done = 0;
    size_t within = start.within;
    for (unsigned k = start.index; k < cnt && done < bytes; ++k, within = 0) {
        if (iov[k].iov_len == 0) {
            break;  // BUG: should be `continue`
        }
        size_t piece = iov[k].iov_len - within;
        if (piece > bytes - done) {
            piece = bytes - done;
        }
        std::memcpy(target + done, static_cast<char *>(iov[k].iov_base) + within, piece);
        done += piece;
    }
    return done;
}

// wrap-around-range-check: `offset + bytes > size` wraps for huge `bytes`,
// so an out-of-range call passes the check (and scans to the stream's end).
bool is_zero_with_wrapping_check(QEMUIOVector *qiov, size_t offset, size_t bytes)
{
    if (offset + bytes > qiov->size) {  // BUG: wraps around SIZE_MAX
        iov_contract_violation("qemu_iovec_is_zero", "offset=%zu bytes=%zu outside size=%zu", offset,
                               bytes, qiov->size);
        return false;
    }
    unsigned cnt = static_cast<unsigned>(qiov->niov);
    StreamCursor start;
    seek(qiov->iov, cnt, offset, &start);
    bool zero = true;
    for_each_chunk(qiov->iov, cnt, start, bytes, [&zero](char *p, size_t n, size_t) {
        for (size_t i = 0; i < n && zero; ++i) {
            zero = p[i] == 0;
        }
        return zero;
    });
    return zero;
}

// read-past-segment: the header fast path of iov_to_buf compares the last
// index with `<=` against the length, so a range that ends one byte after
// segment 0 is read from the byte just past segment 0.
size_t to_buf_fast_path_one_past(const struct iovec *iov, unsigned cnt, size_t offset, void *buf,
                                 size_t bytes)
{
    if (cnt > 0 && offset < iov[0].iov_len && bytes <= iov[0].iov_len - offset + 1) {  // BUG: + 1
        std::memcpy(buf, static_cast<const char *>(iov[0].iov_base) + offset, bytes);
        return bytes;
    }
    return iov_to_buf_full(iov, cnt, offset, buf, bytes);
}

// word-read-past-segment: copies each piece a word at a time and loads the
// piece's last word whole, reading up to 7 bytes past the piece (past its
// segment when the piece ends there).  Only the piece's bytes are stored,
// so every result is right: only the read itself is wrong, which the
// canaries cannot show (ASan's poisoning and guard pages can).
size_t to_buf_reading_whole_words(const struct iovec *iov, unsigned cnt, size_t offset, void *buf, size_t bytes)
{
    StreamCursor start;
    if (!seek(iov, cnt, offset, &start)) {
        iov_contract_violation("iov_to_buf_full", "offset=%zu is past size=%zu", offset, iov_size(iov, cnt));
        return 0;
    }
    char *target = static_cast<char *>(buf);
    return for_each_chunk(iov, cnt, start, bytes, [target](char *p, size_t n, size_t done) {
        for (size_t i = 0; i < n; i += 8) {
            uint64_t word;
            std::memcpy(&word, p + i, sizeof word);  // BUG: reads p[i + 7] even when i + 8 > n
            std::memcpy(target + done + i, &word, n - i < 8 ? n - i : 8);
        }
        return true;
    });
}

// write-past-segment: fills each piece with an inclusive loop, one byte too many.
size_t qiov_memset_inclusive(QEMUIOVector *qiov, size_t offset, int fillc, size_t bytes)
{
    unsigned cnt = static_cast<unsigned>(qiov->niov);
    StreamCursor start;
    if (!seek(qiov->iov, cnt, offset, &start)) {
        iov_contract_violation("qemu_iovec_memset", "offset=%zu is past size=%zu", offset, qiov->size);
        return 0;
    }
    return for_each_chunk(qiov->iov, cnt, start, bytes, [fillc](char *p, size_t n, size_t) {
        for (size_t i = 0; i <= n; ++i) {  // BUG: `<=` writes p[n]
            p[i] = static_cast<char>(fillc);
        }
        return true;
    });
}

// hexdump-spacing: no group separator before slot 0 ("0000: 41" instead of
// "0000:  41"); the separators before slots 4, 8 and 12 are right.
void hexdump_without_first_separator(const struct iovec *iov, unsigned cnt, FILE *fp,
                                     const char *prefix, size_t limit)
{
    unsigned char line[16];
    size_t filled = 0;
    size_t line_offset = 0;
    auto flush = [&] {
        std::fprintf(fp, "%s: %04zx:", prefix, line_offset);
        for (size_t slot = 0; slot < 16; ++slot) {
            if (slot % 4 == 0 && slot > 0) {  // BUG: slot 0 needs its separator too
                std::fputc(' ', fp);
            }
            if (slot < filled) {
                std::fprintf(fp, " %02x", line[slot]);
            } else {
                std::fputs("   ", fp);
            }
        }
        std::fputc(' ', fp);
        for (size_t i = 0; i < filled; ++i) {
            signed char c = static_cast<signed char>(line[i]);
            std::fputc((c < ' ' || c > '~') ? '.' : c, fp);
        }
        std::fputc('\n', fp);
        line_offset += filled;
        filled = 0;
    };
    for_each_chunk(iov, cnt, StreamCursor{0, 0}, limit, [&](const char *p, size_t n, size_t) {
        for (size_t i = 0; i < n; ++i) {
            line[filled++] = static_cast<unsigned char>(p[i]);
            if (filled == 16) {
                flush();
            }
        }
        return true;
    });
    if (filled > 0) {
        flush();
    }
}

faulty::VariantRegistrar wrong_return_count(
    "faulty:wrong-return-count", "iov_memset returns the bytes asked for instead of the bytes set",
    [](IovImpl &t) { t.iov_memset = memset_returning_requested; });

faulty::VariantRegistrar zero_length_segments(
    "faulty:zero-length-segments", "iov_to_buf_full stops at the first zero-length segment",
    [](IovImpl &t) { t.iov_to_buf_full = to_buf_stopping_at_empty_segment; });

faulty::VariantRegistrar wrap_around_range_check(
    "faulty:wrap-around-range-check", "qemu_iovec_is_zero checks `offset + bytes > size`, which wraps",
    [](IovImpl &t) { t.qemu_iovec_is_zero = is_zero_with_wrapping_check; });

faulty::VariantRegistrar read_past_segment(
    "faulty:read-past-segment", "iov_to_buf's fast path reads one byte past segment 0",
    [](IovImpl &t) { t.iov_to_buf = to_buf_fast_path_one_past; });

faulty::VariantRegistrar word_read_past_segment(
    "faulty:word-read-past-segment", "iov_to_buf_full reads each piece's last word whole, up to 7 bytes past it",
    [](IovImpl &t) { t.iov_to_buf_full = to_buf_reading_whole_words; });

faulty::VariantRegistrar write_past_segment(
    "faulty:write-past-segment", "qemu_iovec_memset writes one byte past every piece it fills",
    [](IovImpl &t) { t.qemu_iovec_memset = qiov_memset_inclusive; });

faulty::VariantRegistrar hexdump_spacing(
    "faulty:hexdump-spacing", "iov_hexdump omits the group separator before slot 0",
    [](IovImpl &t) { t.iov_hexdump = hexdump_without_first_separator; });

}  // namespace
