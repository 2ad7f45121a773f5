// iov_hexdump: 16 stream bytes a line, in the format of SPEC.md.
#include <iovcheck/iov.h>

#include "internal.h"

#include <cstdio>
#include <cstring>

using namespace iovcheck::detail;

namespace {

constexpr size_t kBytesPerLine = 16;
constexpr char kHexDigits[] = "0123456789abcdef";

// The offset is printed with at least 4 hex digits, at most as many as size_t has.
constexpr size_t kMinOffsetDigits = 4;
constexpr size_t kMaxOffsetDigits = sizeof(size_t) * 2;

// Writes `value` in lower-case hex, zero-padded to at least kMinOffsetDigits
// digits, at `out`; returns the number of characters written.
size_t format_offset(size_t value, char *out)
{
    size_t digits = kMinOffsetDigits;
    while (digits < kMaxOffsetDigits && (value >> (4 * digits)) != 0) {
        ++digits;
    }
    for (size_t i = 0; i < digits; ++i) {
        out[i] = kHexDigits[(value >> (4 * (digits - 1 - i))) & 0xf];
    }
    return digits;
}

// One line after the prefix: ": ", the offset, ":", 16 slots of " xx" with a
// group separator before every fourth, one space, the ASCII column, '\n'.
void print_line(FILE *fp, const char *prefix, size_t line_offset, const unsigned char *bytes,
                size_t count)
{
    char text[2 + kMaxOffsetDigits + 1 + kBytesPerLine * 3 + kBytesPerLine / 4 + 1 +
              kBytesPerLine + 1];
    size_t at = 0;
    text[at++] = ':';
    text[at++] = ' ';
    at += format_offset(line_offset, text + at);
    text[at++] = ':';
    for (size_t slot = 0; slot < kBytesPerLine; ++slot) {
        if (slot % 4 == 0) {
            text[at++] = ' ';
        }
        text[at++] = ' ';
        if (slot < count) {
            text[at++] = kHexDigits[bytes[slot] >> 4];
            text[at++] = kHexDigits[bytes[slot] & 0xf];
        } else {
            text[at++] = ' ';
            text[at++] = ' ';
        }
    }
    text[at++] = ' ';
    // A line holds at most kBytesPerLine bytes; saying so here lets the
    // optimizer prove the ASCII column stays inside `text` (g++ -O3 otherwise
    // warns -Wstringop-overflow on the vectorized loop below).
    count = count < kBytesPerLine ? count : kBytesPerLine;
    for (size_t i = 0; i < count; ++i) {
        // As a signed char every byte >= 0x80 is below ' '.
        signed char c = static_cast<signed char>(bytes[i]);
        text[at++] = (c < ' ' || c > '~') ? '.' : static_cast<char>(c);
    }
    text[at++] = '\n';
    // The prefix has any length, so it is not copied into `text`.
    std::fputs(prefix, fp);
    std::fwrite(text, 1, at, fp);
}

}  // namespace

extern "C" void iov_hexdump(const struct iovec *iov, const unsigned int iov_cnt, FILE *fp,
                            const char *prefix, size_t limit)
{
    unsigned char line[kBytesPerLine];
    size_t filled = 0;
    size_t line_offset = 0;
    for_each_chunk(iov, iov_cnt, StreamCursor{0, 0}, limit,
                   [&](const char *p, size_t n, size_t) {
                       while (n > 0) {
                           size_t take = kBytesPerLine - filled < n ? kBytesPerLine - filled : n;
                           std::memcpy(line + filled, p, take);
                           filled += take;
                           p += take;
                           n -= take;
                           if (filled == kBytesPerLine) {
                               print_line(fp, prefix, line_offset, line, filled);
                               line_offset += kBytesPerLine;
                               filled = 0;
                           }
                       }
                       return true;
                   });
    if (filled > 0) {
        print_line(fp, prefix, line_offset, line, filled);
    }
}
