// iov_discard_front/back(_undoable) and iov_discard_undo.
#include "test_support.h"

#include <cstdint>

using iovcheck::test::Layout;
using iovcheck::test::same_entries;

namespace {

char *base_of(const std::vector<struct iovec> &iov, unsigned k)
{
    return static_cast<char *>(iov[k].iov_base);
}

TEST(IovDiscardFront, DropsWholeEntriesAndShortensTheNext)
{
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    struct iovec *iov = layout.iov.data();
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_front_undoable(&iov, &cnt, 4, &undo), 4u);
    EXPECT_EQ(iov, layout.iov.data() + 2);
    EXPECT_EQ(cnt, 2u);
    EXPECT_EQ(iov[0].iov_base, base_of(before, 2) + 1);
    EXPECT_EQ(iov[0].iov_len, 4u);
    EXPECT_EQ(undo.modified_iov, &layout.iov[2]);
    EXPECT_EQ(undo.orig.iov_base, before[2].iov_base);
    EXPECT_EQ(undo.orig.iov_len, before[2].iov_len);
}

TEST(IovDiscardFront, AtABoundaryDropsFollowingZeroLengthAndRecordsAShorteningByZero)
{
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    struct iovec *iov = layout.iov.data();
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_front_undoable(&iov, &cnt, 3, &undo), 3u);
    EXPECT_EQ(iov, layout.iov.data() + 2);
    EXPECT_EQ(cnt, 2u);
    EXPECT_TRUE(same_entries(layout.iov, before));
    EXPECT_EQ(undo.modified_iov, &layout.iov[2]);
}

TEST(IovDiscardFront, ZeroBytesStillDropsLeadingZeroLengthEntries)
{
    Layout layout({0, 0, 4});
    struct iovec *iov = layout.iov.data();
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_front_undoable(&iov, &cnt, 0, &undo), 0u);
    EXPECT_EQ(iov, layout.iov.data() + 2);
    EXPECT_EQ(cnt, 1u);
    EXPECT_EQ(undo.modified_iov, &layout.iov[2]);
    EXPECT_EQ(iov[0].iov_len, 4u);
}

TEST(IovDiscardFront, PastTheEndRemovesEverything)
{
    Layout layout({3, 0, 5, 2, 0});
    std::vector<struct iovec> before = layout.iov;
    struct iovec *iov = layout.iov.data();
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo = {reinterpret_cast<struct iovec *>(0x10), {}};
    EXPECT_EQ(iov_discard_front_undoable(&iov, &cnt, SIZE_MAX, &undo), 10u);
    EXPECT_EQ(cnt, 0u);
    EXPECT_EQ(iov, layout.iov.data() + 5);
    EXPECT_EQ(undo.modified_iov, nullptr);
    EXPECT_TRUE(same_entries(layout.iov, before));
}

TEST(IovDiscardFront, UndoRestoresTheArrayBitwise)
{
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    struct iovec *iov = layout.iov.data();
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    iov_discard_front_undoable(&iov, &cnt, 6, &undo);
    EXPECT_FALSE(same_entries(layout.iov, before));
    iov_discard_undo(&undo);
    EXPECT_EQ(std::memcmp(layout.iov.data(), before.data(), before.size() * sizeof(struct iovec)),
              0);
}

TEST(IovDiscardFront, WithoutUndoMatchesTheUndoableForm)
{
    Layout plain({3, 0, 5, 2});
    Layout undoable({3, 0, 5, 2});
    for (size_t bytes : {0, 1, 3, 4, 9, 10, 11}) {
        std::vector<struct iovec> plain_copy = plain.iov;
        std::vector<struct iovec> undoable_copy = plain.iov;
        struct iovec *p = plain_copy.data();
        struct iovec *u = undoable_copy.data();
        unsigned plain_cnt = 4;
        unsigned undoable_cnt = 4;
        IOVDiscardUndo undo;
        EXPECT_EQ(iov_discard_front(&p, &plain_cnt, bytes),
                  iov_discard_front_undoable(&u, &undoable_cnt, bytes, &undo));
        EXPECT_EQ(p - plain_copy.data(), u - undoable_copy.data());
        EXPECT_EQ(plain_cnt, undoable_cnt);
        EXPECT_TRUE(same_entries(plain_copy, undoable_copy)) << "bytes " << bytes;
    }
}

TEST(IovDiscardBack, DropsTrailingEntriesAndShortensTheNext)
{
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_back_undoable(layout.iov.data(), &cnt, 3, &undo), 3u);
    EXPECT_EQ(cnt, 3u);
    EXPECT_EQ(layout.iov[2].iov_base, before[2].iov_base);
    EXPECT_EQ(layout.iov[2].iov_len, 4u);
    EXPECT_EQ(undo.modified_iov, &layout.iov[2]);
    EXPECT_EQ(undo.orig.iov_len, 5u);
    iov_discard_undo(&undo);
    EXPECT_EQ(std::memcmp(layout.iov.data(), before.data(), before.size() * sizeof(struct iovec)),
              0);
}

TEST(IovDiscardBack, ZeroBytesDropsTrailingZeroLengthEntries)
{
    Layout layout({2, 4, 0, 0});
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_back_undoable(layout.iov.data(), &cnt, 0, &undo), 0u);
    EXPECT_EQ(cnt, 2u);
    EXPECT_EQ(layout.iov[1].iov_len, 4u);
    EXPECT_EQ(undo.modified_iov, &layout.iov[1]);
}

TEST(IovDiscardBack, ShorteningReachesAcrossAZeroLengthEntry)
{
    Layout layout({3, 0, 5, 2});
    unsigned cnt = layout.cnt();
    EXPECT_EQ(iov_discard_back(layout.iov.data(), &cnt, 8), 8u);
    EXPECT_EQ(cnt, 1u);
    EXPECT_EQ(layout.iov[0].iov_len, 2u);
}

TEST(IovDiscardBack, PastTheEndAndEmptyArray)
{
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    unsigned cnt = layout.cnt();
    IOVDiscardUndo undo;
    EXPECT_EQ(iov_discard_back_undoable(layout.iov.data(), &cnt, 11, &undo), 10u);
    EXPECT_EQ(cnt, 0u);
    EXPECT_EQ(undo.modified_iov, nullptr);
    EXPECT_TRUE(same_entries(layout.iov, before));

    unsigned empty = 0;
    EXPECT_EQ(iov_discard_back_undoable(nullptr, &empty, 5, &undo), 0u);
    EXPECT_EQ(undo.modified_iov, nullptr);
    EXPECT_EQ(iov_discard_back(nullptr, &empty, 5), 0u);
}

TEST(IovDiscardUndo, NothingRecordedDoesNothing)
{
    IOVDiscardUndo undo = {nullptr, {reinterpret_cast<void *>(0x1), 1}};
    iov_discard_undo(&undo);  // must not write through a NULL modified_iov
    SUCCEED();
}

}  // namespace
