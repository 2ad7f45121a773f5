// qemu_iovec_subvec_niov, qemu_iovec_init_extended, qemu_iovec_init_slice.
#include "test_support.h"

#include <cerrno>
#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;

namespace {

// Segments of 3, 0, 5 and 2 bytes: entry starts s = 0, 3, 3, 8; size 10.
Layout make_layout() { return Layout({3, 0, 5, 2}); }

char *base_of(const Layout &layout, unsigned k)
{
    return static_cast<char *>(layout.iov[k].iov_base);
}

QEMUIOVector patterned_vector()
{
    QEMUIOVector q;
    std::memset(&q, 0x5a, sizeof q);
    return q;
}

void expect_entry(const QEMUIOVector &q, int k, const void *base, size_t len)
{
    ASSERT_LT(k, q.niov);
    EXPECT_EQ(q.iov[k].iov_base, base) << "entry " << k;
    EXPECT_EQ(q.iov[k].iov_len, len) << "entry " << k;
}

TEST(QemuIovecSubvecNiov, CountsTheSliceOfTheSpec)
{
    Layout layout = make_layout();
    QEMUIOVector q;
    qemu_iovec_init_external(&q, layout.iov.data(), 4);
    struct Case {
        size_t offset;
        size_t len;
        int entries;
        const char *why;
    };
    const Case cases[] = {
        {0, 10, 4, "everything, the zero-length entry inside the range is kept"},
        {3, 5, 2, "the zero-length entry starting at offset is kept"},
        {0, 3, 1, "the zero-length entry starting at the end is not"},
        {2, 7, 4, "end strictly inside the last entry"},
        {4, 0, 1, "empty range strictly inside an entry"},
        {3, 0, 0, "empty range at a boundary"},
        {8, 0, 0, "empty range at the start of the last entry"},
        {10, 0, 0, "empty range at the end"},
        {9, 1, 1, "last byte"},
        {4, 3, 1, "inside one entry"},
    };
    for (const Case &c : cases) {
        EXPECT_EQ(qemu_iovec_subvec_niov(&q, c.offset, c.len), c.entries)
            << "offset " << c.offset << " len " << c.len << ": " << c.why;
    }
}

TEST(QemuIovecInitExtended, HeadSliceAndTail)
{
    Layout layout = make_layout();
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), 4);
    unsigned char head[2];
    unsigned char tail[3];
    QEMUIOVector q = patterned_vector();
    ASSERT_EQ(qemu_iovec_init_extended(&q, head, 2, &mid, 2, 7, tail, 3), 0);
    EXPECT_EQ(q.niov, 6);
    EXPECT_EQ(q.nalloc, 6);
    EXPECT_EQ(q.size, 12u);
    expect_entry(q, 0, head, 2);
    expect_entry(q, 1, base_of(layout, 0) + 2, 1);  // first entry advanced
    expect_entry(q, 2, base_of(layout, 1), 0);      // zero-length inside: kept
    expect_entry(q, 3, base_of(layout, 2), 5);
    expect_entry(q, 4, base_of(layout, 3), 1);  // last entry shortened
    expect_entry(q, 5, tail, 3);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecInitExtended, ExactlyOneEntryIsEmbedded)
{
    Layout layout = make_layout();
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), 4);
    QEMUIOVector q = patterned_vector();
    ASSERT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &mid, 4, 3, nullptr, 0), 0);
    EXPECT_EQ(q.iov, &q.local_iov);
    EXPECT_EQ(q.niov, 1);
    EXPECT_EQ(q.nalloc, -1);
    EXPECT_EQ(q.local_iov.iov_base, base_of(layout, 2) + 1);
    EXPECT_EQ(q.size, 3u);

    // A head alone is one entry too; mid_offset is not looked at when mid_len == 0.
    unsigned char head[4];
    ASSERT_EQ(qemu_iovec_init_extended(&q, head, 4, &mid, 1000, 0, nullptr, 0), 0);
    EXPECT_EQ(q.iov, &q.local_iov);
    EXPECT_EQ(q.nalloc, -1);
    EXPECT_EQ(q.local_iov.iov_base, head);
    EXPECT_EQ(q.size, 4u);
}

TEST(QemuIovecInitExtended, NoEntryOwnsAnEmptyArray)
{
    Layout layout = make_layout();
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), 4);
    QEMUIOVector q = patterned_vector();
    ASSERT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &mid, 4, 0, nullptr, 0), 0);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.nalloc, 0);
    EXPECT_EQ(q.size, 0u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecInitExtended, LengthOverflowIsEinvalAndLeavesQAlone)
{
    Layout layout = make_layout();
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), 4);
    unsigned char head[1];
    const QEMUIOVector untouched = patterned_vector();
    QEMUIOVector q = untouched;
    EXPECT_EQ(qemu_iovec_init_extended(&q, head, SIZE_MAX, &mid, 0, 1, nullptr, 0), -EINVAL);
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);
    EXPECT_EQ(qemu_iovec_init_extended(&q, head, SIZE_MAX - 1, &mid, 0, 1, head, 1), -EINVAL);
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);
}

TEST(QemuIovecInitExtended, OverflowIsCheckedBeforeTheMidRange)
{
    // The mid range is out of bounds too, but the overflow comes first and is
    // not a contract violation.
    LenientMode lenient;
    int reports = LenientMode::reports();
    Layout layout = make_layout();
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), 4);
    unsigned char head[1];
    QEMUIOVector q = patterned_vector();
    EXPECT_EQ(qemu_iovec_init_extended(&q, head, SIZE_MAX, &mid, 50, 20, nullptr, 0), -EINVAL);
    EXPECT_EQ(LenientMode::reports(), reports);
}

TEST(QemuIovecInitExtended, MoreThanIovMaxEntriesIsEinvalAndLeavesQAlone)
{
    std::vector<size_t> lengths(IOV_MAX, 1);
    Layout layout(lengths, 0);
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, layout.iov.data(), IOV_MAX);
    unsigned char head[1];
    const QEMUIOVector untouched = patterned_vector();
    QEMUIOVector q = untouched;
    EXPECT_EQ(qemu_iovec_init_extended(&q, head, 1, &mid, 0, IOV_MAX, nullptr, 0), -EINVAL);
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);
    EXPECT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &mid, 0, IOV_MAX, head, 1), -EINVAL);
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);

    // Exactly IOV_MAX entries is fine.
    ASSERT_EQ(qemu_iovec_init_extended(&q, head, 1, &mid, 1, IOV_MAX - 1, nullptr, 0), 0);
    EXPECT_EQ(q.niov, IOV_MAX);
    EXPECT_EQ(q.nalloc, IOV_MAX);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecInitExtended, EmbeddedMidWorks)
{
    unsigned char buf[8];
    QEMUIOVector mid;
    qemu_iovec_init_buf(&mid, buf, 8);
    unsigned char tail[2];
    QEMUIOVector q;
    ASSERT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &mid, 3, 5, tail, 2), 0);
    EXPECT_EQ(q.niov, 2);
    expect_entry(q, 0, buf + 3, 5);
    expect_entry(q, 1, tail, 2);
    EXPECT_EQ(q.size, 7u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecInitSlice, IsInitExtendedWithoutHeadAndTail)
{
    Layout layout = make_layout();
    QEMUIOVector src;
    qemu_iovec_init_external(&src, layout.iov.data(), 4);
    QEMUIOVector q = patterned_vector();
    qemu_iovec_init_slice(&q, &src, 3, 6);
    EXPECT_EQ(q.niov, 3);
    EXPECT_EQ(q.nalloc, 3);
    EXPECT_EQ(q.size, 6u);
    expect_entry(q, 0, base_of(layout, 1), 0);
    expect_entry(q, 1, base_of(layout, 2), 5);
    expect_entry(q, 2, base_of(layout, 3), 1);
    qemu_iovec_destroy(&q);

    qemu_iovec_init_slice(&q, &src, 9, 1);
    EXPECT_EQ(q.iov, &q.local_iov);
    EXPECT_EQ(q.local_iov.iov_base, base_of(layout, 3) + 1);
    EXPECT_EQ(q.size, 1u);

    // len == 0 uses no entry of src, even strictly inside one.
    qemu_iovec_init_slice(&q, &src, 4, 0);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.nalloc, 0);
    EXPECT_EQ(q.size, 0u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecSliceLenient, ViolationsReturnNeutralAndLeaveQAlone)
{
    LenientMode lenient;
    int reports = LenientMode::reports();
    Layout layout = make_layout();
    QEMUIOVector src;
    qemu_iovec_init_external(&src, layout.iov.data(), 4);
    const QEMUIOVector untouched = patterned_vector();
    QEMUIOVector q = untouched;

    EXPECT_EQ(qemu_iovec_subvec_niov(&src, 1, SIZE_MAX), 0);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_subvec_niov");
    EXPECT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &src, 8, 3, nullptr, 0), -EINVAL);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_init_extended");
    qemu_iovec_init_slice(&q, &src, 11, 0);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_init_slice");
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);

    std::vector<struct iovec> many(IOV_MAX + 1, {nullptr, 0});
    QEMUIOVector too_long;
    qemu_iovec_init_external(&too_long, many.data(), IOV_MAX + 1);
    EXPECT_EQ(qemu_iovec_init_extended(&q, nullptr, 0, &too_long, 0, 0, nullptr, 0), -EINVAL);
    EXPECT_NE(LenientMode::last_message().find("1025"), std::string::npos);
    EXPECT_EQ(std::memcmp(&q, &untouched, sizeof q), 0);
    EXPECT_EQ(LenientMode::reports(), reports + 4);
}

}  // namespace
