// iov_copy: pointer entries, the zero-length entry edge, dst_cnt limit.
#include "test_support.h"

#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;

namespace {

// Segments of 3, 0, 5 and 2 bytes: stream starts 0, 3, 3, 8; size 10.
Layout make_layout() { return Layout({3, 0, 5, 2}); }

char *base_of(const Layout &layout, unsigned k)
{
    return static_cast<char *>(layout.iov[k].iov_base);
}

TEST(IovCopy, OneEntryPerSegmentMetSkippingZeroLength)
{
    Layout layout = make_layout();
    struct iovec dst[4] = {};
    EXPECT_EQ(iov_copy(dst, 4, layout.iov.data(), layout.cnt(), 2, 5), 2u);
    EXPECT_EQ(dst[0].iov_base, base_of(layout, 0) + 2);
    EXPECT_EQ(dst[0].iov_len, 1u);
    EXPECT_EQ(dst[1].iov_base, base_of(layout, 2));
    EXPECT_EQ(dst[1].iov_len, 4u);
}

TEST(IovCopy, HugeBytesMeansToTheEnd)
{
    Layout layout = make_layout();
    struct iovec dst[4] = {};
    EXPECT_EQ(iov_copy(dst, 4, layout.iov.data(), layout.cnt(), 4, SIZE_MAX), 2u);
    EXPECT_EQ(dst[0].iov_base, base_of(layout, 2) + 1);
    EXPECT_EQ(dst[0].iov_len, 4u);
    EXPECT_EQ(dst[1].iov_base, base_of(layout, 3));
    EXPECT_EQ(dst[1].iov_len, 2u);
}

TEST(IovCopy, StopsWhenDstIsFull)
{
    Layout layout = make_layout();
    struct iovec dst[2] = {};
    struct iovec sentinel = {reinterpret_cast<void *>(0x1234), 77};
    dst[1] = sentinel;
    EXPECT_EQ(iov_copy(dst, 1, layout.iov.data(), layout.cnt(), 0, 10), 1u);
    EXPECT_EQ(dst[0].iov_base, base_of(layout, 0));
    EXPECT_EQ(dst[0].iov_len, 3u);
    EXPECT_EQ(dst[1].iov_base, sentinel.iov_base);
    EXPECT_EQ(dst[1].iov_len, sentinel.iov_len);
}

TEST(IovCopy, ZeroBytesStrictlyInsideASegmentGivesOneZeroLengthEntry)
{
    Layout layout = make_layout();
    struct iovec dst[2] = {};
    EXPECT_EQ(iov_copy(dst, 2, layout.iov.data(), layout.cnt(), 5, 0), 1u);
    EXPECT_EQ(dst[0].iov_base, base_of(layout, 2) + 2);
    EXPECT_EQ(dst[0].iov_len, 0u);
}

TEST(IovCopy, ZeroBytesAtABoundaryGivesNoEntry)
{
    Layout layout = make_layout();
    struct iovec dst[2] = {};
    for (size_t offset : {0, 3, 8, 10}) {
        EXPECT_EQ(iov_copy(dst, 2, layout.iov.data(), layout.cnt(), offset, 0), 0u)
            << "offset " << offset;
    }
}

TEST(IovCopy, OffsetAtSizeGivesNoEntry)
{
    Layout layout = make_layout();
    struct iovec dst[2] = {};
    EXPECT_EQ(iov_copy(dst, 2, layout.iov.data(), layout.cnt(), 10, 5), 0u);
}

TEST(IovCopy, NoDstEntriesAtOffsetZeroIsAllowed)
{
    Layout layout = make_layout();
    EXPECT_EQ(iov_copy(nullptr, 0, layout.iov.data(), layout.cnt(), 0, 4), 0u);
}

TEST(IovCopyLenient, ViolationsWriteNothingAndReturnZero)
{
    LenientMode lenient;
    Layout layout = make_layout();
    struct iovec sentinel = {reinterpret_cast<void *>(0x1234), 77};
    struct iovec dst[2] = {sentinel, sentinel};
    int before = LenientMode::reports();
    EXPECT_EQ(iov_copy(dst, 2, layout.iov.data(), layout.cnt(), 11, 0), 0u);
    EXPECT_EQ(LenientMode::last_function(), "iov_copy");
    EXPECT_EQ(iov_copy(dst, 0, layout.iov.data(), layout.cnt(), 5, 0), 0u);
    EXPECT_EQ(LenientMode::reports(), before + 2);
    EXPECT_EQ(dst[0].iov_base, sentinel.iov_base);
    EXPECT_EQ(dst[0].iov_len, sentinel.iov_len);
}

}  // namespace
