// The decisions listed in iov.h's top comment (where SPEC.md is silent), one
// test each; the contract checks among them are in contract_test.cpp.
#include "test_support.h"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

using iovcheck::test::Layout;

namespace {

TEST(HeaderDecisions, NullArrayWithNoEntriesIsFineEverywhere)
{
    unsigned char buf[4] = {1, 2, 3, 4};
    EXPECT_EQ(iov_size(nullptr, 0), 0u);
    EXPECT_EQ(iov_from_buf_full(nullptr, 0, 0, buf, 4), 0u);
    EXPECT_EQ(iov_to_buf_full(nullptr, 0, 0, buf, 4), 0u);
    EXPECT_EQ(iov_memset(nullptr, 0, 0, 0, 4), 0u);
    EXPECT_EQ(iov_send_recv(-1, nullptr, 0, 0, 0, true), 0);
    EXPECT_EQ(iov_copy(nullptr, 0, nullptr, 0, 0, 4), 0u);
    iov_hexdump(nullptr, 0, stderr, "never printed", SIZE_MAX);

    struct iovec *iov = nullptr;
    unsigned cnt = 0;
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_front_undoable(&iov, &cnt, 3, &undo), 0u);
    EXPECT_EQ(iov, nullptr);
    EXPECT_EQ(undo.modified_iov, nullptr);
    EXPECT_EQ(iov_discard_back_undoable(nullptr, &cnt, 3, &undo), 0u);

    QEMUIOVector empty;
    qemu_iovec_init_external(&empty, nullptr, 0);
    EXPECT_EQ(empty.size, 0u);
    EXPECT_TRUE(qemu_iovec_is_zero(&empty, 0, 0));
    EXPECT_EQ(qemu_iovec_subvec_niov(&empty, 0, 0), 0);
    EXPECT_EQ(qemu_iovec_compare(&empty, &empty), -1);
    EXPECT_EQ(qemu_iovec_to_buf(&empty, 0, buf, 4), 0u);

    QEMUIOVector owned;
    qemu_iovec_init(&owned, 0);
    EXPECT_EQ(qemu_iovec_concat_iov(&owned, nullptr, 0, 0, 5), 0u);
    qemu_iovec_clone(&owned, &empty, nullptr);
    EXPECT_EQ(owned.niov, 0);
    qemu_iovec_discard_back(&owned, 0);
    EXPECT_EQ(owned.niov, 0);
    qemu_iovec_destroy(&owned);
    EXPECT_EQ(buf[0], 1);
}

TEST(HeaderDecisions, InitExtendedOverwritesWithoutFreeing)
{
    // If init_extended freed q's old array, freeing it here would be a double
    // free (caught by ASan, and by glibc in the dev build).
    QEMUIOVector q;
    qemu_iovec_init(&q, 4);
    struct iovec *old_array = q.iov;
    unsigned char head[2];
    unsigned char tail[2];
    QEMUIOVector mid;
    qemu_iovec_init_external(&mid, nullptr, 0);
    ASSERT_EQ(qemu_iovec_init_extended(&q, head, 2, &mid, 0, 0, tail, 2), 0);
    EXPECT_NE(q.iov, old_array);
    EXPECT_EQ(q.niov, 2);
    EXPECT_EQ(q.nalloc, 2);
    std::free(old_array);
    qemu_iovec_destroy(&q);
}

TEST(HeaderDecisions, DiscardBackOnAnEmbeddedVectorKeepsSizeAsTheSum)
{
    unsigned char buf[5];
    QEMUIOVector q;
    qemu_iovec_init_buf(&q, buf, 5);
    qemu_iovec_discard_back(&q, 2);
    EXPECT_EQ(q.size, iov_size(q.iov, static_cast<unsigned>(q.niov)));
    EXPECT_EQ(q.size, 3u);
    qemu_iovec_discard_back(&q, 3);
    EXPECT_EQ(q.niov, 0);
    EXPECT_EQ(q.size, 0u);
}

}  // namespace
