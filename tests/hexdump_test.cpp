// iov_hexdump: the exact text of SPEC.md's format, written out by hand.
#include "test_support.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace {

// Runs iov_hexdump into a memory stream and returns what it printed.
std::string hexdump_text(const struct iovec *iov, unsigned cnt, const char *prefix, size_t limit)
{
    char *text = nullptr;
    size_t length = 0;
    FILE *fp = open_memstream(&text, &length);
    if (fp == nullptr) {
        ADD_FAILURE() << "open_memstream failed";
        return {};
    }
    iov_hexdump(iov, cnt, fp, prefix, limit);
    std::fclose(fp);
    std::string result(text, length);
    std::free(text);
    return result;
}

// Three spaces for an empty byte slot; a group of four empty slots has its
// separator space in front.
const std::string kEmptySlot = "   ";
const std::string kEmptyGroup = " " + kEmptySlot + kEmptySlot + kEmptySlot + kEmptySlot;

TEST(IovHexdump, SevenByteExampleOfTheSpec)
{
    unsigned char first[] = {0x41, 0x42};
    unsigned char second[] = {0x43, 0x00, 0x01, 0xff, 0x7a};
    struct iovec iov[] = {{first, 2}, {nullptr, 0}, {second, 5}};
    // Copied from SPEC.md (between the bars there), plus the newline.
    const std::string from_spec =
        "p: 0000:  41 42 43 00  01 ff 7a                              ABC...z\n";
    // The same line assembled slot by slot from the format's rules.
    const std::string assembled = std::string("p: 0000:") + "  41 42 43 00" + "  01 ff 7a" +
                                  kEmptySlot + kEmptyGroup + kEmptyGroup + " " + "ABC...z" + "\n";
    EXPECT_EQ(from_spec, assembled);
    EXPECT_EQ(hexdump_text(iov, 3, "p", SIZE_MAX), from_spec);
}

TEST(IovHexdump, TwoLinesWithOffsetsAndPrintableBoundaries)
{
    const char *text = "0123456789abcdef";
    std::vector<unsigned char> bytes(text, text + 16);
    bytes.push_back(0x7e);  // '~': the last printable byte
    bytes.push_back(0x7f);  // above '~'
    bytes.push_back(0x20);  // ' ': the first printable byte
    bytes.push_back(0x1f);  // below ' '
    bytes.push_back(0x80);  // negative as a signed char
    // Cut into uneven segments so a line spans several of them.
    struct iovec iov[] = {{bytes.data(), 5}, {bytes.data() + 5, 13}, {bytes.data() + 18, 3}};
    const std::string expected =
        "dump: 0000:  30 31 32 33  34 35 36 37  38 39 61 62  63 64 65 66 0123456789abcdef\n"
        "dump: 0010:  7e 7f 20 1f  80" + kEmptySlot + kEmptySlot + kEmptySlot + kEmptyGroup +
        kEmptyGroup + " ~. ..\n";
    EXPECT_EQ(hexdump_text(iov, 3, "dump", SIZE_MAX), expected);
}

TEST(IovHexdump, LimitCutsTheStream)
{
    unsigned char bytes[] = {0x41, 0x42, 0x43, 0x00, 0x01, 0xff, 0x7a};
    struct iovec iov[] = {{bytes, 7}};
    const std::string expected = std::string("p: 0000:") + "  41 42 43 00" + "  01" + kEmptySlot +
                                 kEmptySlot + kEmptySlot + kEmptyGroup + kEmptyGroup + " " +
                                 "ABC.." + "\n";
    EXPECT_EQ(hexdump_text(iov, 1, "p", 5), expected);
}

TEST(IovHexdump, ExactlySixteenBytesIsOneFullLine)
{
    std::vector<unsigned char> bytes(16, 'A');
    struct iovec iov[] = {{bytes.data(), 16}};
    EXPECT_EQ(hexdump_text(iov, 1, "", SIZE_MAX),
              ": 0000:  41 41 41 41  41 41 41 41  41 41 41 41  41 41 41 41 AAAAAAAAAAAAAAAA\n");
}

TEST(IovHexdump, NothingForEmptyStreamOrZeroLimit)
{
    unsigned char bytes[] = {1, 2, 3};
    struct iovec iov[] = {{nullptr, 0}, {bytes, 3}};
    EXPECT_EQ(hexdump_text(iov, 2, "p", 0), "");
    EXPECT_EQ(hexdump_text(iov, 1, "p", SIZE_MAX), "");
    EXPECT_EQ(hexdump_text(nullptr, 0, "p", SIZE_MAX), "");
}

TEST(IovHexdump, OffsetsGrowBeyondFourDigits)
{
    std::vector<unsigned char> bytes(0x10001, 0);
    bytes[0x10000] = 'Z';
    struct iovec iov[] = {{bytes.data(), bytes.size()}};
    std::string text = hexdump_text(iov, 1, "big", SIZE_MAX);
    const std::string last_line = std::string("big: 10000:") + "  5a" + kEmptySlot + kEmptySlot +
                                  kEmptySlot + kEmptyGroup + kEmptyGroup + kEmptyGroup + " Z\n";
    ASSERT_GE(text.size(), last_line.size());
    EXPECT_EQ(text.substr(text.size() - last_line.size()), last_line);
    EXPECT_NE(text.find("big: fff0:"), std::string::npos);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 0x1001);
}

}  // namespace
