// The contract handler: default (one line on stderr, then abort), replacing
// it, unwinding through it, and one death test per precondition of SPEC.md,
// including ranges whose end wraps around SIZE_MAX.
#include "test_support.h"

#include <cstdint>
#include <stdexcept>

using iovcheck::test::Layout;

namespace {

// "threadsafe" re-executes the binary for each death test, which works under
// ASan and with the threads other tests start.
class ContractDeathTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        GTEST_FLAG_SET(death_test_style, "threadsafe");
        qemu_iovec_init_external(&external_, layout_.iov.data(), 4);
        qemu_iovec_init(&owned_, 2);
    }
    void TearDown() override { qemu_iovec_destroy(&owned_); }

    // Segments of 3, 0, 5 and 2 bytes: size 10.
    Layout layout_{{3, 0, 5, 2}};
    QEMUIOVector external_{};
    QEMUIOVector owned_{};
    unsigned char buf_[16] = {};
    struct iovec dst_[4] = {};
};

// The default handler's line: "iovcheck: contract violation in FUNC: ..."
#define EXPECT_CONTRACT_DEATH(statement, function, values)                                  \
    EXPECT_DEATH(statement, "iovcheck: contract violation in " function ": .*" values)

TEST_F(ContractDeathTest, ByteMoversRequireOffsetWithinSize)
{
    EXPECT_CONTRACT_DEATH(iov_from_buf_full(layout_.iov.data(), 4, 11, buf_, 1),
                          "iov_from_buf_full", "offset=11.*size=10");
    // The inlines name themselves, not the _full form they share code with.
    EXPECT_CONTRACT_DEATH(iov_from_buf(layout_.iov.data(), 4, SIZE_MAX, buf_, 0),
                          "iov_from_buf", "offset=18446744073709551615");
    EXPECT_CONTRACT_DEATH(iov_to_buf_full(layout_.iov.data(), 4, 11, buf_, 0), "iov_to_buf_full",
                          "offset=11.*size=10");
    EXPECT_CONTRACT_DEATH(iov_to_buf(layout_.iov.data(), 4, 12, buf_, 1), "iov_to_buf",
                          "offset=12");
    EXPECT_CONTRACT_DEATH(iov_memset(layout_.iov.data(), 4, 11, 0, 1), "iov_memset",
                          "offset=11.*size=10");
    EXPECT_CONTRACT_DEATH(iov_from_buf_full(nullptr, 0, 1, buf_, 1), "iov_from_buf_full",
                          "offset=1.*size=0");
}

TEST_F(ContractDeathTest, SendRecvRequiresTheRangeWithinSize)
{
    EXPECT_CONTRACT_DEATH(iov_send(-1, layout_.iov.data(), 4, 11, 0), "iov_send_recv",
                          "offset=11");
    EXPECT_CONTRACT_DEATH(iov_recv(-1, layout_.iov.data(), 4, 4, 7), "iov_send_recv",
                          "offset=4 bytes=7");
    // offset + bytes wraps to 0 and SIZE_MAX + 2 wraps to 1: both <= size.
    EXPECT_CONTRACT_DEATH(iov_send(-1, layout_.iov.data(), 4, 1, SIZE_MAX), "iov_send_recv",
                          "offset=1 bytes=18446744073709551615");
    EXPECT_CONTRACT_DEATH(iov_recv(-1, layout_.iov.data(), 4, SIZE_MAX, 2), "iov_send_recv",
                          "offset=18446744073709551615 bytes=2");
}

TEST_F(ContractDeathTest, IovCopyRequiresOffsetWithinSizeAndRoomAfterAnOffset)
{
    EXPECT_CONTRACT_DEATH(iov_copy(dst_, 4, layout_.iov.data(), 4, 11, 1), "iov_copy",
                          "offset=11.*size=10");
    EXPECT_CONTRACT_DEATH(iov_copy(dst_, 0, layout_.iov.data(), 4, 4, 0), "iov_copy",
                          "dst_iov_cnt=0 with offset=4");
}

TEST_F(ContractDeathTest, InitRejectsNegativeCounts)
{
    QEMUIOVector q;
    EXPECT_CONTRACT_DEATH(qemu_iovec_init(&q, -1), "qemu_iovec_init", "alloc_hint=-1");
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_external(&q, layout_.iov.data(), -3),
                          "qemu_iovec_init_external", "niov=-3");
}

TEST_F(ContractDeathTest, OwnedVectorRequired)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_add(&external_, buf_, 1), "qemu_iovec_add", "nalloc=-1");
    EXPECT_CONTRACT_DEATH(qemu_iovec_reset(&external_), "qemu_iovec_reset", "nalloc=-1");
    EXPECT_CONTRACT_DEATH(qemu_iovec_concat_iov(&external_, layout_.iov.data(), 4, 0, 1),
                          "qemu_iovec_concat_iov", "nalloc=-1");
    EXPECT_CONTRACT_DEATH(qemu_iovec_concat(&external_, &external_, 0, 1), "qemu_iovec_concat",
                          "nalloc=-1");
    EXPECT_CONTRACT_DEATH(qemu_iovec_clone(&external_, &external_, buf_), "qemu_iovec_clone",
                          "nalloc=-1");
}

TEST_F(ContractDeathTest, EmbeddedVectorRequiredByQemuIovecBuf)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_buf(&owned_), "qemu_iovec_buf", "nalloc=2");
    EXPECT_CONTRACT_DEATH(qemu_iovec_buf(&external_), "qemu_iovec_buf", "nalloc=-1");
}

TEST_F(ContractDeathTest, ConcatRequiresSourceOffsetWithinSize)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_concat_iov(&owned_, layout_.iov.data(), 4, 11, 1),
                          "qemu_iovec_concat_iov", "soffset=11.*size=10");
    EXPECT_CONTRACT_DEATH(qemu_iovec_concat(&owned_, &external_, 11, SIZE_MAX),
                          "qemu_iovec_concat", "soffset=11.*size=10");
}

TEST_F(ContractDeathTest, SubvecNiovRequiresTheRangeWithinSize)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_subvec_niov(&external_, 11, 0), "qemu_iovec_subvec_niov",
                          "offset=11 len=0");
    EXPECT_CONTRACT_DEATH(qemu_iovec_subvec_niov(&external_, 5, 6), "qemu_iovec_subvec_niov",
                          "offset=5 len=6");
    EXPECT_CONTRACT_DEATH(qemu_iovec_subvec_niov(&external_, 1, SIZE_MAX),
                          "qemu_iovec_subvec_niov", "offset=1 len=18446744073709551615");
    EXPECT_CONTRACT_DEATH(qemu_iovec_subvec_niov(&external_, SIZE_MAX, 2),
                          "qemu_iovec_subvec_niov", "offset=18446744073709551615 len=2");
}

TEST_F(ContractDeathTest, InitExtendedChecksMidCountThenMidRange)
{
    QEMUIOVector q;
    std::vector<struct iovec> many(IOV_MAX + 1, {nullptr, 0});
    QEMUIOVector too_long;
    qemu_iovec_init_external(&too_long, many.data(), IOV_MAX + 1);
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_extended(&q, nullptr, 0, &too_long, 0, 0, nullptr, 0),
                          "qemu_iovec_init_extended", "niov=1025");
    // The mid count comes before the overflow check.
    EXPECT_CONTRACT_DEATH(
        qemu_iovec_init_extended(&q, buf_, SIZE_MAX, &too_long, 0, 1, nullptr, 0),
        "qemu_iovec_init_extended", "niov=1025");
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_extended(&q, nullptr, 0, &external_, 8, 3, nullptr, 0),
                          "qemu_iovec_init_extended", "mid_offset=8 mid_len=3");
    EXPECT_CONTRACT_DEATH(
        qemu_iovec_init_extended(&q, nullptr, 0, &external_, 1, SIZE_MAX, nullptr, 0),
        "qemu_iovec_init_extended", "mid_offset=1 mid_len=18446744073709551615");
    EXPECT_CONTRACT_DEATH(
        qemu_iovec_init_extended(&q, nullptr, 0, &external_, SIZE_MAX, 2, nullptr, 0),
        "qemu_iovec_init_extended", "mid_offset=18446744073709551615 mid_len=2");
}

TEST_F(ContractDeathTest, InitSliceRequiresTheRangeEvenWhenEmpty)
{
    QEMUIOVector q;
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_slice(&q, &external_, 11, 0), "qemu_iovec_init_slice",
                          "offset=11 len=0");
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_slice(&q, &external_, 9, 2), "qemu_iovec_init_slice",
                          "offset=9 len=2");
    EXPECT_CONTRACT_DEATH(qemu_iovec_init_slice(&q, &external_, 1, SIZE_MAX),
                          "qemu_iovec_init_slice", "offset=1 len=18446744073709551615");
}

TEST_F(ContractDeathTest, IsZeroRequiresTheRangeWithinSize)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_is_zero(&external_, 11, 0), "qemu_iovec_is_zero",
                          "offset=11 bytes=0");
    EXPECT_CONTRACT_DEATH(qemu_iovec_is_zero(&external_, 0, 11), "qemu_iovec_is_zero",
                          "offset=0 bytes=11");
    EXPECT_CONTRACT_DEATH(qemu_iovec_is_zero(&external_, 1, SIZE_MAX), "qemu_iovec_is_zero",
                          "offset=1 bytes=18446744073709551615");
    EXPECT_CONTRACT_DEATH(qemu_iovec_is_zero(&external_, SIZE_MAX, 2), "qemu_iovec_is_zero",
                          "offset=18446744073709551615 bytes=2");
}

TEST_F(ContractDeathTest, VectorByteMoversRequireOffsetWithinSize)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_to_buf(&external_, 11, buf_, 1), "qemu_iovec_to_buf",
                          "offset=11.*size=10");
    EXPECT_CONTRACT_DEATH(qemu_iovec_from_buf(&external_, 11, buf_, 1), "qemu_iovec_from_buf",
                          "offset=11.*size=10");
    EXPECT_CONTRACT_DEATH(qemu_iovec_memset(&external_, 11, 0, 1), "qemu_iovec_memset",
                          "offset=11.*size=10");
}

TEST_F(ContractDeathTest, CompareRequiresTheSameShape)
{
    QEMUIOVector shorter;
    qemu_iovec_init_external(&shorter, layout_.iov.data(), 3);
    EXPECT_CONTRACT_DEATH(qemu_iovec_compare(&external_, &shorter), "qemu_iovec_compare",
                          "a niov=4 differs from b niov=3");
    struct iovec other[] = {{buf_, 3}, {buf_, 0}, {buf_, 5}, {buf_, 3}};
    QEMUIOVector different;
    qemu_iovec_init_external(&different, other, 4);
    EXPECT_CONTRACT_DEATH(qemu_iovec_compare(&external_, &different), "qemu_iovec_compare",
                          "entry 3: a iov_len=2 differs from b iov_len=3");
}

TEST_F(ContractDeathTest, DiscardBackRequiresBytesWithinSize)
{
    EXPECT_CONTRACT_DEATH(qemu_iovec_discard_back(&external_, 11), "qemu_iovec_discard_back",
                          "bytes=11 exceeds size=10");
    EXPECT_CONTRACT_DEATH(qemu_iovec_discard_back(&external_, SIZE_MAX),
                          "qemu_iovec_discard_back", "bytes=18446744073709551615");
}

// ---- Replacing the handler -------------------------------------------------

void throwing_handler(const char *function, const char *message)
{
    throw std::runtime_error(std::string(function) + ": " + message);
}

void other_handler(const char *, const char *) {}

TEST(ContractHandler, SetReturnsThePreviousAndNullRestoresTheDefault)
{
    iov_contract_handler original = iov_set_contract_handler(throwing_handler);
    EXPECT_EQ(iov_set_contract_handler(other_handler), throwing_handler);
    EXPECT_EQ(iov_set_contract_handler(nullptr), other_handler);
    // The default is back: a violation aborts with the default line.
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    EXPECT_DEATH(iov_memset(nullptr, 0, 1, 0, 0), "contract violation in iov_memset");
    iov_set_contract_handler(original);
}

TEST(ContractHandler, AThrowingHandlerUnwindsBeforeAnySideEffect)
{
    iov_contract_handler original = iov_set_contract_handler(throwing_handler);
    Layout layout({3, 0, 5, 2});
    std::vector<unsigned char> before = layout.backing;
    try {
        iov_memset(layout.iov.data(), layout.cnt(), 1, 0, SIZE_MAX);  // fine: clamps
        before = layout.backing;
        iov_memset(layout.iov.data(), layout.cnt(), 11, 0xff, 1);
        ADD_FAILURE() << "the handler did not throw";
    } catch (const std::runtime_error &error) {
        EXPECT_STREQ(error.what(), "iov_memset: offset=11 is past size=10");
    }
    EXPECT_EQ(layout.backing, before);

    QEMUIOVector q;
    qemu_iovec_init(&q, 0);
    QEMUIOVector q_before = q;
    QEMUIOVector external;
    qemu_iovec_init_external(&external, layout.iov.data(), 4);
    EXPECT_THROW(qemu_iovec_concat(&q, &external, 11, 1), std::runtime_error);
    EXPECT_EQ(std::memcmp(&q, &q_before, sizeof q), 0);
    qemu_iovec_destroy(&q);
    iov_set_contract_handler(original);
}

}  // namespace
