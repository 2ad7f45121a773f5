// The oracle under a contract profile: what each class of a violated
// precondition makes of a call (oracle.h), on core/ and on copies of
// core_impl() with one entry replaced by what an implementation with a
// weaker contract does.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include <iovcheck/impl.h>
#include <iovcheck/oracle.h>
#include <iovcheck/profile.h>

namespace iovcheck {
namespace {

const Profile &shipped(const char *name)
{
    const Profile *profile = shipped_profile(name);
    EXPECT_NE(profile, nullptr) << name;
    return *profile;
}

Program program(std::vector<size_t> lens, std::vector<Op> ops)
{
    Program p;
    p.layout.seg_len = std::move(lens);
    p.layout.fill_seed = 6;
    p.ops = std::move(ops);
    return p;
}

constexpr uint64_t kMinusOne = 0xffffffffu;  // an int argument of -1

// ---- Implementations with a weaker contract ---------------------------------------------

// qemu_iovec_reset without its check: an external vector is emptied.
void unchecked_reset(QEMUIOVector *q)
{
    q->niov = 0;
    q->size = 0;
}

// iov_to_buf_full of the newer generation: an offset past the end moves nothing.
size_t tolerant_to_buf_full(const struct iovec *iov, unsigned cnt, size_t offset, void *buf, size_t bytes)
{
    if (offset > core_impl().iov_size(iov, cnt)) {
        return 0;
    }
    return core_impl().iov_to_buf_full(iov, cnt, offset, buf, bytes);
}

// iov_memset that writes its first byte before it checks (an assert after the loop).
size_t memset_then_check(const struct iovec *iov, unsigned cnt, size_t offset, int fillc, size_t bytes)
{
    core_impl().iov_memset(iov, cnt, 0, fillc, 1);
    return core_impl().iov_memset(iov, cnt, offset, fillc, bytes);
}

IovImpl core_with(const char *name, void (*reset)(QEMUIOVector *),
                  size_t (*to_buf_full)(const struct iovec *, unsigned, size_t, void *, size_t),
                  size_t (*memset)(const struct iovec *, unsigned, size_t, int, size_t))
{
    IovImpl impl = core_impl();
    impl.name = name;
    impl.qemu_iovec_reset = reset ? reset : impl.qemu_iovec_reset;
    impl.iov_to_buf_full = to_buf_full ? to_buf_full : impl.iov_to_buf_full;
    impl.iov_memset = memset ? memset : impl.iov_memset;
    return impl;
}

// ---- Caller's duty ---------------------------------------------------------------------------

TEST(ProfileCheck, ACallersDutyCallIsNotMadeOnEitherSide)
{
    // Slot 0 owns entries when the forbidden init comes: the oracle still
    // frees it first on both sides, so the add after it compares.
    const Program p = program({4, 3}, {Op::qiov_init(0, 2), Op::qiov_add(0, 0, 0, 4), Op::qiov_init(0, kMinusOne),
                                       Op::qiov_add(0, 1, 0, 3), Op::qiov_init_external(1, kMinusOne)});
    const CheckResult emulator = check(core_impl(), p, Mode::Strict, shipped("emulator"));
    ASSERT_TRUE(emulator.ok) << emulator.explanation;
    EXPECT_EQ(emulator.callers_duty_skipped, 2u);
    EXPECT_EQ(emulator.violations, 0u);
    EXPECT_EQ(emulator.first_callers_duty, "qemu_iovec_init.hint_nonneg is the caller's duty under profile emulator");

    const CheckResult spec = check(core_impl(), p, Mode::Strict, shipped("spec"));
    ASSERT_TRUE(spec.ok) << spec.explanation;
    EXPECT_EQ(spec.callers_duty_skipped, 0u);
    EXPECT_EQ(spec.violations, 2u);
}

TEST(ProfileCheck, TheOldSignatureIsSpec)
{
    const Program p = program({4}, {Op::qiov_init(0, kMinusOne)});
    const CheckResult r = check(core_impl(), p, Mode::Strict);
    ASSERT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(r.violations, 1u);
}

// ---- Checked ---------------------------------------------------------------------------------

TEST(ProfileCheck, AMissedCheckNamesThePreconditionAndTheProfile)
{
    const IovImpl impl = core_with("unchecked-reset", unchecked_reset, nullptr, nullptr);
    const Program p = program({4, 3}, {Op::qiov_init_external(0, 2), Op::qiov_reset(0)});
    for (const char *name : {"spec", "emulator"}) {
        const CheckResult r = check(impl, p, Mode::Strict, shipped(name));
        ASSERT_FALSE(r.ok) << name;
        EXPECT_EQ(r.op_index, 1u);
        EXPECT_NE(r.explanation.find("what:     contract violation\n"), std::string::npos) << r.explanation;
        EXPECT_NE(r.explanation.find(std::string("rule:     missed check: qemu_iovec_reset.owned is checked under "
                                                 "profile ") + name + "\n"),
                  std::string::npos)
            << r.explanation;
    }
}

TEST(ProfileCheck, EffectsBeforeACheckedReportCountUnderSpecOnly)
{
    const IovImpl impl = core_with("memset-then-check", nullptr, nullptr, memset_then_check);
    const Program p = program({4}, {Op::memset(5, 0xab, 1), Op::to_buf_full(0, 4)});

    const CheckResult spec = check(impl, p, Mode::Strict, shipped("spec"));
    ASSERT_FALSE(spec.ok);
    EXPECT_EQ(spec.op_index, 0u);
    EXPECT_NE(spec.explanation.find("what:     memory"), std::string::npos) << spec.explanation;

    // The emulator stops at its assert: the report is the call's end, and
    // the program's too.
    const CheckResult emulator = check(impl, p, Mode::Strict, shipped("emulator"));
    ASSERT_TRUE(emulator.ok) << emulator.explanation;
    EXPECT_TRUE(emulator.ended_at_report);
    EXPECT_EQ(emulator.ops_run, 1u);
    EXPECT_EQ(emulator.violations, 1u);
}

// ---- Tolerated -------------------------------------------------------------------------------

TEST(ProfileCheck, AToleratedOffsetGivesTheNeutralResultUnreported)
{
    const IovImpl tolerant = core_with("tolerant-to-buf", nullptr, tolerant_to_buf_full, nullptr);
    const Program p = program({4, 3}, {Op::to_buf_full(8, 2), Op::to_buf_full(1, 3)});

    const CheckResult newer = check(tolerant, p, Mode::Strict, shipped("emulator-new"));
    ASSERT_TRUE(newer.ok) << newer.explanation;
    EXPECT_EQ(newer.violations, 1u);
    EXPECT_EQ(newer.ops_run, 2u);

    const CheckResult spec = check(tolerant, p, Mode::Strict, shipped("spec"));
    ASSERT_FALSE(spec.ok);
    EXPECT_NE(spec.explanation.find("rule:     missed check: iov_to_buf_full.offset_inside is checked under profile "
                                    "spec\n"),
              std::string::npos)
        << spec.explanation;

    // core/ reports it: not what the newer generation promises.
    const CheckResult core = check(core_impl(), p, Mode::Strict, shipped("emulator-new"));
    ASSERT_FALSE(core.ok);
    EXPECT_NE(core.explanation.find("expected: none\n"), std::string::npos) << core.explanation;
    EXPECT_NE(core.explanation.find("rule:     iov_to_buf_full.offset_inside is tolerated under profile "
                                    "emulator-new"),
              std::string::npos)
        << core.explanation;
}

TEST(ProfileCheck, ACheckedPreconditionOutranksATolerated)
{
    // An external dst (dst_owned: checked) and soffset past the end
    // (offset_inside: tolerated) at once: the call must be reported.
    const Program p = program({4, 3}, {Op::qiov_init_external(0, 2), Op::qiov_concat_iov(0, 9, 1)});
    const CheckResult r = check(core_impl(), p, Mode::Strict, shipped("emulator-new"));
    ASSERT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(r.violations, 1u);
    EXPECT_TRUE(r.ended_at_report);
}

TEST(ProfileCheck, PastTheEndIovCopyNeedsNoDestinationEntry)
{
    // dst_cnt 0 with an offset past the end breaks offset_inside only: the
    // newer generation tolerates it, so core/'s report is a difference.
    const Program p = program({4}, {Op::copy(0, 9, 1)});
    const CheckResult r = check(core_impl(), p, Mode::Strict, shipped("emulator-new"));
    ASSERT_FALSE(r.ok);
    EXPECT_NE(r.explanation.find("rule:     iov_copy.offset_inside is tolerated under profile emulator-new"),
              std::string::npos)
        << r.explanation;
}

TEST(ProfileCheck, TheNewerGenerationsEmptySliceInsideAnEntryIsEmbedded)
{
    // core/ is the revision SPEC.md describes: an owned empty vector.
    const Program p = program({4}, {Op::qiov_init_external(0, 1), Op::qiov_init_slice(1, 0, 2, 0)});
    const CheckResult spec = check(core_impl(), p, Mode::Strict, shipped("spec"));
    EXPECT_TRUE(spec.ok) << spec.explanation;
    const CheckResult newer = check(core_impl(), p, Mode::Strict, shipped("emulator-new"));
    ASSERT_FALSE(newer.ok);
    EXPECT_NE(newer.explanation.find("expected: embedded (iov -> its local_iov), niov 1"), std::string::npos)
        << newer.explanation;
    // On an entry boundary both generations give an owned empty vector.
    const Program boundary = program({4}, {Op::qiov_init_external(0, 1), Op::qiov_init_slice(1, 0, 4, 0)});
    EXPECT_TRUE(check(core_impl(), boundary, Mode::Strict, shipped("emulator-new")).ok);
}

// ---- Lenient ---------------------------------------------------------------------------------

TEST(ProfileCheck, ALenientPreconditionIsReportedThroughAHandlerThatReturnsInStrictMode)
{
    const ProfileResult parsed = parse_profile("base spec\niov_memset.offset_inside lenient\n", "test.profile");
    ASSERT_TRUE(parsed.profile) << parsed.error;
    // core/ returns its neutral result; the byte after the call compares.
    const Program p = program({4}, {Op::memset(5, 0xab, 1), Op::memset(0, 0xcd, 1)});
    const CheckResult r = check(core_impl(), p, Mode::Strict, *parsed.profile);
    ASSERT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(r.violations, 1u);
    EXPECT_EQ(r.ops_run, 2u);
    EXPECT_FALSE(r.ended_at_report);
}

// ---- The environment -------------------------------------------------------------------------

TEST(ProfileCheckDeathTest, AnUnknownProfileInTheEnvironmentIsOneLineAndExitStatus2)
{
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
    EXPECT_EXIT(
        {
            setenv("IOVCHECK_PROFILE", "no-such-profile", 1);
            (void)profile_under_test();
        },
        ::testing::ExitedWithCode(2), "^IOVCHECK_PROFILE=no-such-profile: unknown profile 'no-such-profile'[^\n]*\n$");
}

TEST(ProfileCheckDeathTest, TheEnvironmentNamesAProfile)
{
    ::testing::FLAGS_gtest_death_test_style = "threadsafe";
    EXPECT_EXIT(
        {
            setenv("IOVCHECK_PROFILE", "emulator-new", 1);
            std::exit(profile_under_test().name == "emulator-new" ? 0 : 1);
        },
        ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace iovcheck
