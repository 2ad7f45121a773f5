// iov_from_buf(_full), iov_to_buf(_full), iov_memset, iov_size.
#include "test_support.h"

#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;

namespace {

// Segments of 3, 0, 5 and 2 bytes, 3-byte gaps: the stream is backing bytes
// 3 4 5 | 12 13 14 15 16 | 20 21 (values equal to their backing index).
Layout make_layout() { return Layout({3, 0, 5, 2}); }

TEST(IovFromBufFull, WritesAcrossSegmentsAndSkipsZeroLength)
{
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    const unsigned char data[4] = {0xa0, 0xa1, 0xa2, 0xa3};
    EXPECT_EQ(iov_from_buf_full(layout.iov.data(), layout.cnt(), 2, data, 4), 4u);
    expected[5] = 0xa0;
    expected[12] = 0xa1;
    expected[13] = 0xa2;
    expected[14] = 0xa3;
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovFromBufFull, ClampsToTheEndOfTheStream)
{
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    const unsigned char data[5] = {0xb0, 0xb1, 0xb2, 0xb3, 0xb4};
    EXPECT_EQ(iov_from_buf_full(layout.iov.data(), layout.cnt(), 8, data, 5), 2u);
    expected[20] = 0xb0;
    expected[21] = 0xb1;
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovFromBufFull, OffsetAtSizeMovesNothing)
{
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    const unsigned char data[1] = {0xff};
    EXPECT_EQ(iov_from_buf_full(layout.iov.data(), layout.cnt(), 10, data, 1), 0u);
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovFromBufFull, ZeroLengthSegmentsWithNullBaseAreNeverTouched)
{
    unsigned char a[2] = {0, 0};
    unsigned char b[1] = {0};
    struct iovec iov[] = {{nullptr, 0}, {a, 2}, {nullptr, 0}, {b, 1}, {nullptr, 0}};
    const unsigned char data[3] = {7, 8, 9};
    EXPECT_EQ(iov_from_buf_full(iov, 5, 0, data, 3), 3u);
    EXPECT_EQ(a[0], 7);
    EXPECT_EQ(a[1], 8);
    EXPECT_EQ(b[0], 9);
}

TEST(IovFromBufFull, NullArrayWithNoEntriesIsEmpty)
{
    EXPECT_EQ(iov_from_buf_full(nullptr, 0, 0, nullptr, 0), 0u);
    EXPECT_EQ(iov_from_buf_full(nullptr, 0, 0, "x", 1), 0u);
}

TEST(IovToBufFull, ReadsAcrossSegmentsAndWritesNothingPastN)
{
    Layout layout = make_layout();
    unsigned char buf[8];
    std::memset(buf, 0xee, sizeof buf);
    EXPECT_EQ(iov_to_buf_full(layout.iov.data(), layout.cnt(), 1, buf, 6), 6u);
    const unsigned char expected[8] = {4, 5, 12, 13, 14, 15, 0xee, 0xee};
    EXPECT_EQ(std::memcmp(buf, expected, sizeof buf), 0);
}

TEST(IovToBufFull, ClampsAndLeavesTheRestOfBufAlone)
{
    Layout layout = make_layout();
    unsigned char buf[6];
    std::memset(buf, 0xee, sizeof buf);
    EXPECT_EQ(iov_to_buf_full(layout.iov.data(), layout.cnt(), 7, buf, 6), 3u);
    const unsigned char expected[6] = {16, 20, 21, 0xee, 0xee, 0xee};
    EXPECT_EQ(std::memcmp(buf, expected, sizeof buf), 0);
}

TEST(IovFromBufInline, FastPathAndFallbackAgreeWithFullForm)
{
    // Inside segment 0 (fast path), across segments (fallback), clamped.
    struct Case {
        size_t offset;
        size_t bytes;
    };
    for (Case c : {Case{0, 3}, Case{1, 1}, Case{2, 4}, Case{0, 10}, Case{5, 20}, Case{3, 0}}) {
        Layout inline_layout = make_layout();
        Layout full_layout = make_layout();
        unsigned char data[20];
        for (size_t i = 0; i < sizeof data; ++i) {
            data[i] = static_cast<unsigned char>(0x80 + i);
        }
        size_t inline_n = iov_from_buf(inline_layout.iov.data(), inline_layout.cnt(), c.offset,
                                       data, c.bytes);
        size_t full_n = iov_from_buf_full(full_layout.iov.data(), full_layout.cnt(), c.offset,
                                          data, c.bytes);
        EXPECT_EQ(inline_n, full_n) << "offset " << c.offset << " bytes " << c.bytes;
        EXPECT_EQ(inline_layout.backing, full_layout.backing);

        unsigned char inline_buf[20] = {};
        unsigned char full_buf[20] = {};
        EXPECT_EQ(iov_to_buf(inline_layout.iov.data(), inline_layout.cnt(), c.offset, inline_buf,
                             c.bytes),
                  iov_to_buf_full(full_layout.iov.data(), full_layout.cnt(), c.offset, full_buf,
                                  c.bytes));
        EXPECT_EQ(std::memcmp(inline_buf, full_buf, sizeof inline_buf), 0);
    }
}

TEST(IovMemset, FillsTheRangeOnly)
{
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    EXPECT_EQ(iov_memset(layout.iov.data(), layout.cnt(), 2, 0x1ab, 5), 5u);
    // (unsigned char)0x1ab == 0xab
    for (size_t i : {5, 12, 13, 14, 15}) {
        expected[i] = 0xab;
    }
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovMemset, ClampsToTheEnd)
{
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    EXPECT_EQ(iov_memset(layout.iov.data(), layout.cnt(), 9, 0, SIZE_MAX), 1u);
    expected[21] = 0;
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovSize, SumsLengthsModulo2To64)
{
    Layout layout = make_layout();
    EXPECT_EQ(iov_size(layout.iov.data(), layout.cnt()), 10u);
    EXPECT_EQ(iov_size(nullptr, 0), 0u);
    struct iovec huge[] = {{nullptr, SIZE_MAX}, {nullptr, 2}};
    EXPECT_EQ(iov_size(huge, 2), 1u);
}

TEST(ByteMoversLenient, OffsetPastSizeReturnsZeroAndTouchesNothing)
{
    LenientMode lenient;
    Layout layout = make_layout();
    std::vector<unsigned char> expected = layout.backing;
    unsigned char buf[4] = {1, 2, 3, 4};
    int before = LenientMode::reports();

    EXPECT_EQ(iov_from_buf_full(layout.iov.data(), layout.cnt(), 11, buf, 4), 0u);
    EXPECT_EQ(LenientMode::last_function(), "iov_from_buf_full");
    EXPECT_EQ(iov_from_buf(layout.iov.data(), layout.cnt(), 11, buf, 4), 0u);
    EXPECT_EQ(iov_memset(layout.iov.data(), layout.cnt(), SIZE_MAX, 0, 4), 0u);
    EXPECT_EQ(LenientMode::last_function(), "iov_memset");
    EXPECT_EQ(layout.backing, expected);

    EXPECT_EQ(iov_to_buf_full(layout.iov.data(), layout.cnt(), 11, buf, 4), 0u);
    EXPECT_EQ(LenientMode::last_function(), "iov_to_buf_full");
    EXPECT_EQ(iov_to_buf(layout.iov.data(), layout.cnt(), 12, buf, 4), 0u);
    const unsigned char untouched[4] = {1, 2, 3, 4};
    EXPECT_EQ(std::memcmp(buf, untouched, 4), 0);
    EXPECT_EQ(LenientMode::reports(), before + 5);
    EXPECT_NE(LenientMode::last_message().find("offset=12"), std::string::npos);
}

}  // namespace
