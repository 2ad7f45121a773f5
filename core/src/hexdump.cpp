// iov_hexdump: 16 stream bytes a line, in the format of SPEC.md.
#include <iovcheck/iov.h>

#include "internal.hpp"

#include <cstdio>
#include <cstring>

using namespace iovcheck::detail;

namespace {

constexpr size_t kBytesPerLine = 16;

void print_line(FILE *fp, const char *prefix, size_t line_offset, const unsigned char *bytes,
                size_t count)
{
    static const char kHexDigits[] = "0123456789abcdef";
    // 16 slots of " xx" plus 4 group separators, one space, 16 ASCII, '\n', NUL.
    char text[kBytesPerLine * 3 + 4 + 1 + kBytesPerLine + 2];
    size_t at = 0;
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
    for (size_t i = 0; i < count; ++i) {
        // As a signed char every byte >= 0x80 is below ' '.
        signed char c = static_cast<signed char>(bytes[i]);
        text[at++] = (c < ' ' || c > '~') ? '.' : static_cast<char>(c);
    }
    text[at++] = '\n';
    text[at] = '\0';
    std::fprintf(fp, "%s: %04zx:%s", prefix, line_offset, text);
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
