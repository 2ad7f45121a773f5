// qemu_iovec_to_buf/from_buf/memset, is_zero, compare, clone.
#include "test_support.h"

#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;

namespace {

TEST(QemuIovecByteMovers, WorkOnTheVectorsEntries)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector q;
    qemu_iovec_init_external(&q, layout.iov.data(), 4);
    const unsigned char data[3] = {0x91, 0x92, 0x93};
    EXPECT_EQ(qemu_iovec_from_buf(&q, 2, data, 3), 3u);
    EXPECT_EQ(layout.backing[5], 0x91);
    EXPECT_EQ(layout.backing[12], 0x92);
    EXPECT_EQ(layout.backing[13], 0x93);

    unsigned char out[4] = {};
    EXPECT_EQ(qemu_iovec_to_buf(&q, 7, out, 4), 3u);
    const unsigned char expected[4] = {16, 20, 21, 0};
    EXPECT_EQ(std::memcmp(out, expected, 4), 0);

    EXPECT_EQ(qemu_iovec_memset(&q, 8, 0x77, 9), 2u);
    EXPECT_EQ(layout.backing[20], 0x77);
    EXPECT_EQ(layout.backing[21], 0x77);
    EXPECT_EQ(layout.backing[22], 22);
}

TEST(QemuIovecIsZero, ChecksExactlyTheRange)
{
    unsigned char a[3] = {0, 0, 0};
    unsigned char b[5] = {0, 0, 9, 0, 0};
    struct iovec iov[] = {{a, 3}, {nullptr, 0}, {b, 5}};
    QEMUIOVector q;
    qemu_iovec_init_external(&q, iov, 3);
    EXPECT_TRUE(qemu_iovec_is_zero(&q, 0, 5));   // stream 0..4 zero
    EXPECT_FALSE(qemu_iovec_is_zero(&q, 0, 6));  // stream 5 is 9
    EXPECT_TRUE(qemu_iovec_is_zero(&q, 6, 2));
    EXPECT_FALSE(qemu_iovec_is_zero(&q, 5, 1));
    EXPECT_TRUE(qemu_iovec_is_zero(&q, 5, 0));
    EXPECT_TRUE(qemu_iovec_is_zero(&q, 8, 0));
}

TEST(QemuIovecIsZero, FindsASingleNonZeroByteAnywhereInALongBuffer)
{
    // Long enough for the word and block paths, at every alignment.
    std::vector<unsigned char> bytes(300, 0);
    struct iovec iov[] = {{bytes.data() + 1, 150}, {bytes.data() + 151, 149}};
    QEMUIOVector q;
    qemu_iovec_init_external(&q, iov, 2);
    for (size_t p = 0; p < 299; ++p) {
        bytes[p + 1] = 0x80;
        EXPECT_FALSE(qemu_iovec_is_zero(&q, 0, 299)) << "non-zero at " << p;
        EXPECT_FALSE(qemu_iovec_is_zero(&q, p, 299 - p)) << "non-zero at " << p;
        EXPECT_TRUE(qemu_iovec_is_zero(&q, p + 1, 298 - p)) << "non-zero at " << p;
        EXPECT_TRUE(qemu_iovec_is_zero(&q, 0, p)) << "non-zero at " << p;
        bytes[p + 1] = 0;
    }
    EXPECT_TRUE(qemu_iovec_is_zero(&q, 0, 299));
}

TEST(QemuIovecCompare, ReturnsTheFirstDifferingStreamOffset)
{
    std::vector<unsigned char> left(1000, 0x33);
    std::vector<unsigned char> right(1000, 0x33);
    struct iovec a_iov[] = {{left.data(), 10}, {nullptr, 0}, {left.data() + 10, 990}};
    struct iovec b_iov[] = {{right.data(), 10}, {right.data(), 0}, {right.data() + 10, 990}};
    QEMUIOVector a;
    QEMUIOVector b;
    qemu_iovec_init_external(&a, a_iov, 3);
    qemu_iovec_init_external(&b, b_iov, 3);
    EXPECT_EQ(qemu_iovec_compare(&a, &b), -1);
    for (size_t p : {999, 777, 263, 256, 17, 10, 9, 3, 0}) {
        right[p] = 0x34;
        EXPECT_EQ(qemu_iovec_compare(&a, &b), static_cast<ssize_t>(p));
    }
}

TEST(QemuIovecCompare, EmptyVectorsAreEqual)
{
    QEMUIOVector a;
    QEMUIOVector b;
    qemu_iovec_init_external(&a, nullptr, 0);
    qemu_iovec_init_external(&b, nullptr, 0);
    EXPECT_EQ(qemu_iovec_compare(&a, &b), -1);
}

TEST(QemuIovecClone, KeepsAliasingThroughTheUnionMapping)
{
    std::vector<unsigned char> source(20);
    unsigned char *s = source.data();
    // Unsorted, overlapping, a duplicate, and zero-length entries.
    struct iovec src_iov[] = {
        {s + 12, 3},  // [12,15)
        {s + 2, 4},   // [2,6)
        {s + 4, 5},   // [4,9)   overlaps the previous one
        {s + 10, 0},  // zero-length in a hole
        {s + 13, 1},  // inside [12,15)
        {s + 2, 4},   // the same range again
        {s + 0, 0},   // zero-length before everything
    };
    QEMUIOVector src;
    qemu_iovec_init_external(&src, src_iov, 7);
    // U = [2,9) u [12,15), |U| = 10; x maps to buf + |U n (-inf, x)|.
    std::vector<unsigned char> buffer(10);
    unsigned char *buf = buffer.data();
    QEMUIOVector dst;
    qemu_iovec_init(&dst, 0);
    unsigned char existing[1];
    qemu_iovec_add(&dst, existing, 1);
    qemu_iovec_clone(&dst, &src, buf);
    ASSERT_EQ(dst.niov, 8);
    const struct iovec expected[] = {
        {existing, 1}, {buf + 7, 3}, {buf + 0, 4}, {buf + 2, 5},
        {buf + 7, 0},  {buf + 8, 1}, {buf + 0, 4}, {buf + 0, 0},
    };
    for (int k = 0; k < 8; ++k) {
        EXPECT_EQ(dst.iov[k].iov_base, expected[k].iov_base) << "entry " << k;
        EXPECT_EQ(dst.iov[k].iov_len, expected[k].iov_len) << "entry " << k;
    }
    EXPECT_EQ(dst.size, 1u + 3 + 4 + 5 + 0 + 1 + 4 + 0);
    qemu_iovec_destroy(&dst);
}

TEST(QemuIovecClone, DisjointSegmentsArePackedInAddressOrder)
{
    unsigned char low[4];
    unsigned char high[4];
    // Address order does not depend on declaration order: pick by comparison.
    unsigned char *first = std::less<unsigned char *>()(low, high) ? low : high;
    unsigned char *second = first == low ? high : low;
    struct iovec src_iov[] = {{second, 4}, {first + 1, 2}};
    QEMUIOVector src;
    qemu_iovec_init_external(&src, src_iov, 2);
    unsigned char buf[6];
    QEMUIOVector dst;
    qemu_iovec_init(&dst, 0);
    qemu_iovec_clone(&dst, &src, buf);
    ASSERT_EQ(dst.niov, 2);
    EXPECT_EQ(dst.iov[0].iov_base, buf + 2);
    EXPECT_EQ(dst.iov[1].iov_base, buf + 0);
    EXPECT_EQ(dst.size, 6u);
    qemu_iovec_destroy(&dst);
}

TEST(QemuIovecDataLenient, ViolationsReturnNeutralWithoutSideEffect)
{
    LenientMode lenient;
    int reports = LenientMode::reports();
    Layout layout({3, 0, 5, 2});
    std::vector<unsigned char> backing_before = layout.backing;
    QEMUIOVector q;
    qemu_iovec_init_external(&q, layout.iov.data(), 4);
    unsigned char buf[4] = {9, 9, 9, 9};

    EXPECT_EQ(qemu_iovec_from_buf(&q, 11, buf, 1), 0u);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_from_buf");
    EXPECT_EQ(qemu_iovec_memset(&q, 11, 0, 1), 0u);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_memset");
    EXPECT_EQ(qemu_iovec_to_buf(&q, 11, buf, 4), 0u);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_to_buf");
    EXPECT_EQ(buf[0], 9);
    EXPECT_EQ(layout.backing, backing_before);

    // is_zero on an all-zero vector: the neutral answer is still false.
    unsigned char zeros[4] = {};
    QEMUIOVector zero_vector;
    qemu_iovec_init_buf(&zero_vector, zeros, 4);
    EXPECT_FALSE(qemu_iovec_is_zero(&zero_vector, 1, SIZE_MAX));
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_is_zero");

    QEMUIOVector other;
    qemu_iovec_init_external(&other, layout.iov.data(), 3);
    EXPECT_EQ(qemu_iovec_compare(&q, &other), 0);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_compare");
    struct iovec longer[] = {{layout.iov[0].iov_base, 3}, {nullptr, 0},
                             {layout.iov[2].iov_base, 4}, {layout.iov[3].iov_base, 2}};
    QEMUIOVector different_lengths;
    qemu_iovec_init_external(&different_lengths, longer, 4);
    EXPECT_EQ(qemu_iovec_compare(&q, &different_lengths), 0);
    EXPECT_NE(LenientMode::last_message().find("entry 2"), std::string::npos);

    QEMUIOVector q_before = q;
    unsigned char clone_buf[10];
    qemu_iovec_clone(&q, &q, clone_buf);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_clone");
    EXPECT_EQ(std::memcmp(&q, &q_before, sizeof q), 0);
    EXPECT_EQ(LenientMode::reports(), reports + 7);
}

}  // namespace
