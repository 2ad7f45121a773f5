// QEMUIOVector life cycle: layout, init, init_external, init_buf, add,
// concat(_iov), reset, destroy, discard_back.
#include "test_support.h"

#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;

namespace {

bool all_bytes_zero(const QEMUIOVector &q)
{
    const unsigned char *p = reinterpret_cast<const unsigned char *>(&q);
    for (size_t i = 0; i < sizeof q; ++i) {
        if (p[i] != 0) {
            return false;
        }
    }
    return true;
}

// A vector filled with a recognisable pattern, to see that a call left it alone.
QEMUIOVector patterned_vector()
{
    QEMUIOVector q;
    std::memset(&q, 0xa5, sizeof q);
    return q;
}

bool same_bytes(const QEMUIOVector &a, const QEMUIOVector &b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

TEST(QemuIovecLayout, SizeIsLocalIovLength)
{
    EXPECT_EQ(offsetof(QEMUIOVector, size), offsetof(QEMUIOVector, local_iov.iov_len));
    QEMUIOVector q;
    unsigned char buf[8];
    qemu_iovec_init_buf(&q, buf, 8);
    q.local_iov.iov_len = 5;
    EXPECT_EQ(q.size, 5u);
}

TEST(QemuIovecInit, OwnedEmptyVectorWithTheHintedArray)
{
    QEMUIOVector q = patterned_vector();
    qemu_iovec_init(&q, 4);
    EXPECT_NE(q.iov, nullptr);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.nalloc, 4);
    EXPECT_EQ(q.size, 0u);
    qemu_iovec_destroy(&q);

    qemu_iovec_init(&q, 0);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.nalloc, 0);
    EXPECT_EQ(q.size, 0u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecAdd, GrowsToTwiceNallocPlusOneWhenFull)
{
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    unsigned char buf[16];
    const int expected_nalloc[] = {1, 3, 3, 7, 7, 7, 7, 15};
    size_t expected_size = 0;
    for (int k = 0; k < 8; ++k) {
        size_t len = static_cast<size_t>(k % 3);  // includes zero-length entries
        qemu_iovec_add(&q, buf + k, len);
        expected_size += len;
        EXPECT_EQ(q.niov, k + 1);
        EXPECT_EQ(q.nalloc, expected_nalloc[k]) << "after add " << k;
        EXPECT_EQ(q.size, expected_size);
        EXPECT_EQ(q.iov[k].iov_base, buf + k);
        EXPECT_EQ(q.iov[k].iov_len, len);
    }
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecAdd, HintedArrayIsUsedBeforeGrowing)
{
    QEMUIOVector q;
    qemu_iovec_init(&q, 2);
    unsigned char buf[4];
    qemu_iovec_add(&q, buf, 1);
    qemu_iovec_add(&q, buf + 1, 1);
    EXPECT_EQ(q.nalloc, 2);
    qemu_iovec_add(&q, buf + 2, 1);
    EXPECT_EQ(q.nalloc, 5);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecInitExternal, WrapsTheCallersArray)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector q = patterned_vector();
    qemu_iovec_init_external(&q, layout.iov.data(), 4);
    EXPECT_EQ(q.iov, layout.iov.data());
    EXPECT_EQ(q.niov, 4);
    EXPECT_EQ(q.nalloc, -1);
    EXPECT_EQ(q.size, 10u);
    qemu_iovec_destroy(&q);
    EXPECT_TRUE(all_bytes_zero(q));

    qemu_iovec_init_external(&q, nullptr, 0);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.size, 0u);
}

TEST(QemuIovecInitBuf, OneEmbeddedEntry)
{
    unsigned char buf[6];
    QEMUIOVector q = patterned_vector();
    qemu_iovec_init_buf(&q, buf, 6);
    EXPECT_EQ(q.iov, &q.local_iov);
    EXPECT_EQ(q.niov, 1);
    EXPECT_EQ(q.nalloc, -1);
    EXPECT_EQ(q.local_iov.iov_base, buf);
    EXPECT_EQ(q.size, 6u);
    EXPECT_EQ(qemu_iovec_buf(&q), buf);
}

TEST(QemuIovecInitBuf, StaticInitializerMatchesTheFunction)
{
    unsigned char buf[6];
    QEMUIOVector q = QEMU_IOVEC_INIT_BUF(q, buf, 6);
    EXPECT_EQ(q.iov, &q.local_iov);
    EXPECT_EQ(q.niov, 1);
    EXPECT_EQ(q.nalloc, -1);
    EXPECT_EQ(q.size, 6u);
    EXPECT_EQ(qemu_iovec_buf(&q), buf);
}

TEST(QemuIovecConcatIov, AppendsOneEntryPerSegmentMet)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    unsigned char head[1];
    qemu_iovec_add(&q, head, 1);
    EXPECT_EQ(qemu_iovec_concat_iov(&q, layout.iov.data(), 4, 2, 7), 7u);
    ASSERT_EQ(q.niov, 4);
    EXPECT_EQ(q.size, 8u);
    EXPECT_EQ(q.iov[1].iov_base, static_cast<char *>(layout.iov[0].iov_base) + 2);
    EXPECT_EQ(q.iov[1].iov_len, 1u);
    EXPECT_EQ(q.iov[2].iov_base, layout.iov[2].iov_base);
    EXPECT_EQ(q.iov[2].iov_len, 5u);
    EXPECT_EQ(q.iov[3].iov_base, layout.iov[3].iov_base);
    EXPECT_EQ(q.iov[3].iov_len, 1u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecConcatIov, HugeBytesMeansToTheEndAndGrowsLikeAdds)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    EXPECT_EQ(qemu_iovec_concat_iov(&q, layout.iov.data(), 4, 0, SIZE_MAX), 10u);
    EXPECT_EQ(q.niov, 3);
    EXPECT_EQ(q.nalloc, 3);  // 0 -> 1 -> 3, as three adds would
    EXPECT_EQ(q.size, 10u);
    EXPECT_EQ(qemu_iovec_concat_iov(&q, layout.iov.data(), 4, 10, 5), 0u);
    EXPECT_EQ(q.niov, 3);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecConcatIov, ZeroBytesChecksNothing)
{
    Layout layout({3});
    QEMUIOVector external;
    qemu_iovec_init_external(&external, layout.iov.data(), 1);
    QEMUIOVector before = external;
    // Not owned and far past the end: still fine, because sbytes == 0.
    EXPECT_EQ(qemu_iovec_concat_iov(&external, layout.iov.data(), 1, 99, 0), 0u);
    EXPECT_TRUE(same_bytes(external, before));
}

TEST(QemuIovecConcat, AppendsFromAVectorIncludingItself)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector src;
    qemu_iovec_init_external(&src, layout.iov.data(), 4);
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    qemu_iovec_concat(&q, &src, 3, 6);
    ASSERT_EQ(q.niov, 2);
    EXPECT_EQ(q.size, 6u);
    EXPECT_EQ(q.iov[0].iov_base, layout.iov[2].iov_base);
    EXPECT_EQ(q.iov[1].iov_len, 1u);

    // Appending a vector to itself: the source array moves as it grows.
    qemu_iovec_concat(&q, &q, 0, SIZE_MAX);
    ASSERT_EQ(q.niov, 4);
    EXPECT_EQ(q.size, 12u);
    EXPECT_EQ(q.iov[2].iov_base, q.iov[0].iov_base);
    EXPECT_EQ(q.iov[2].iov_len, 5u);
    EXPECT_EQ(q.iov[3].iov_base, q.iov[1].iov_base);
    EXPECT_EQ(q.iov[3].iov_len, 1u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecReset, EmptiesButKeepsTheArray)
{
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    unsigned char buf[4];
    qemu_iovec_add(&q, buf, 4);
    qemu_iovec_add(&q, buf, 2);
    struct iovec *array = q.iov;
    qemu_iovec_reset(&q);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.size, 0u);
    EXPECT_EQ(q.nalloc, 3);
    EXPECT_EQ(q.iov, array);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecDestroy, ZeroesTheWholeStruct)
{
    QEMUIOVector q;
    qemu_iovec_init(&q, 3);
    unsigned char buf[4];
    qemu_iovec_add(&q, buf, 4);
    qemu_iovec_destroy(&q);
    EXPECT_TRUE(all_bytes_zero(q));

    qemu_iovec_init_buf(&q, buf, 4);
    qemu_iovec_destroy(&q);
    EXPECT_TRUE(all_bytes_zero(q));
}

TEST(QemuIovecDiscardBack, OwnedVectorKeepsSizeEqualToTheSum)
{
    Layout layout({3, 0, 5, 2});
    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    qemu_iovec_concat_iov(&q, layout.iov.data(), 4, 0, SIZE_MAX);
    qemu_iovec_discard_back(&q, 4);
    EXPECT_EQ(q.niov, 2);
    EXPECT_EQ(q.size, 6u);
    EXPECT_EQ(q.iov[1].iov_len, 3u);
    qemu_iovec_discard_back(&q, 0);
    EXPECT_EQ(q.niov, 2);
    EXPECT_EQ(q.size, 6u);
    qemu_iovec_discard_back(&q, 6);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.size, 0u);
    qemu_iovec_destroy(&q);
}

TEST(QemuIovecDiscardBack, EmbeddedVectorKeepsSizeEqualToTheSum)
{
    unsigned char buf[10];
    QEMUIOVector q;
    qemu_iovec_init_buf(&q, buf, 10);
    qemu_iovec_discard_back(&q, 4);
    EXPECT_EQ(q.niov, 1);
    EXPECT_EQ(q.local_iov.iov_len, 6u);
    EXPECT_EQ(q.size, 6u);
    // Dropping the only entry: the sum of no entries is 0.
    qemu_iovec_discard_back(&q, 6);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.size, 0u);
}

TEST(QemuIovecLifecycleLenient, ViolationsLeaveTheVectorBitwiseAlone)
{
    LenientMode lenient;
    int reports = LenientMode::reports();
    unsigned char buf[8];
    Layout layout({3, 5});

    QEMUIOVector untouched = patterned_vector();
    QEMUIOVector q = untouched;
    qemu_iovec_init(&q, -1);
    EXPECT_TRUE(same_bytes(q, untouched));
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_init");
    qemu_iovec_init_external(&q, layout.iov.data(), -2);
    EXPECT_TRUE(same_bytes(q, untouched));
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_init_external");

    QEMUIOVector external;
    qemu_iovec_init_external(&external, layout.iov.data(), 2);
    QEMUIOVector external_before = external;
    qemu_iovec_add(&external, buf, 1);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_add");
    qemu_iovec_reset(&external);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_reset");
    EXPECT_EQ(qemu_iovec_concat_iov(&external, layout.iov.data(), 2, 0, 1), 0u);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_concat_iov");
    qemu_iovec_concat(&external, &external, 0, 1);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_concat");
    qemu_iovec_discard_back(&external, 9);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_discard_back");
    EXPECT_EQ(qemu_iovec_buf(&external), nullptr);
    EXPECT_EQ(LenientMode::last_function(), "qemu_iovec_buf");
    EXPECT_TRUE(same_bytes(external, external_before));
    EXPECT_EQ(layout.iov[0].iov_len, 3u);
    EXPECT_EQ(layout.iov[1].iov_len, 5u);

    QEMUIOVector owned;
    qemu_iovec_init(&owned, 1);
    QEMUIOVector owned_before = owned;
    EXPECT_EQ(qemu_iovec_concat_iov(&owned, layout.iov.data(), 2, 9, 1), 0u);
    EXPECT_TRUE(same_bytes(owned, owned_before));
    qemu_iovec_destroy(&owned);

    EXPECT_EQ(LenientMode::reports(), reports + 9);
}

}  // namespace
