// What every property does with a generated Program: run it through the
// oracle on the implementation under test (IOVCHECK_IMPL, default core)
// under the profile under test (IOVCHECK_PROFILE, default spec) and fail
// with the oracle's explanation.  No property compares anything itself.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <unistd.h>

#include <iovcheck/oracle.h>
#include <iovcheck/profile.h>
#include <iovcheck/program.h>
#include <iovcheck/registry.h>

#include "generators.h"

namespace iovcheck::props {

inline Program program_of(Layout layout, std::vector<Op> ops)
{
    Program p;
    p.layout = std::move(layout);
    p.ops = std::move(ops);
    return p;
}

// How to rerun only the failing case: ctest's ENVIRONMENT would override a
// hand-set RC_PARAMS, so the binary is named directly.
inline std::string rerun_hint()
{
    char exe[4096] = {};
    const ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const ::testing::TestInfo *test = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = test ? std::string(test->test_suite_name()) + "." + test->name() : "*";
    return "rerun only this case: RC_PARAMS=\"reproduce=...\" (the line RapidCheck prints at the end) " +
           std::string(n > 0 ? exe : "<property binary>") + " --gtest_filter=" + name +
           (std::getenv("IOVCHECK_IMPL") ? std::string(" with IOVCHECK_IMPL=") + std::getenv("IOVCHECK_IMPL") : "") +
           (std::getenv("IOVCHECK_PROFILE") ? std::string(" IOVCHECK_PROFILE=") + std::getenv("IOVCHECK_PROFILE") : "");
}

// Runs `p` in `mode`; a divergence fails the case with the oracle's words.
inline CheckResult conforms(const Program &p, Mode mode = Mode::Strict)
{
    CheckResult r = check(impl_under_test(), p, mode, profile_under_test());
    if (!r.ok) {
        RC_FAIL(r.explanation + rerun_hint());
    }
    return r;
}

// Like conforms(), and tags the case by whether the model predicted a
// contract violation (the distribution shows how often the generator
// leaves the domain).
inline CheckResult conforms_tagged(const Program &p, Mode mode = Mode::Strict)
{
    CheckResult r = conforms(p, mode);
    RC_TAG(r.violations > 0 ? "out of domain" : "in domain");
    return r;
}

// A program built to break a precondition: it must conform in both modes
// (in strict mode the handler unwinds, in lenient mode it returns; lenient
// mode only where the implementation honours it), and the model must have
// predicted at least one violation, else the generator is wrong, not the
// implementation.  Nor may it break a precondition that the profile calls
// the caller's duty: the generators steer around those.
inline void violates_contract(const Program &p)
{
    for (Mode mode : {Mode::Strict, Mode::Lenient}) {
        if (mode == Mode::Lenient && !impl_under_test().honours_lenient_mode) {
            continue;
        }
        const CheckResult r = conforms(p, mode);
        if (r.callers_duty_skipped > 0) {
            RC_FAIL("the generated program breaks a caller's duty (generator bug): " + r.first_callers_duty + "\n" +
                    describe(p));
        }
        if (r.violations == 0) {
            RC_FAIL("the generated program stays inside the contract (generator bug):\n" + describe(p));
        }
    }
}

// A vector slot that wraps the layout's whole array (external, nalloc -1).
inline Op external_slot(uint64_t slot, const Layout &layout)
{
    return Op::qiov_init_external(slot, layout.seg_len.size());
}

// A vector slot that owns a copy of the layout's entries (non-empty ones:
// concat_iov skips zero-length ones).
inline std::vector<Op> owned_slot(uint64_t slot, uint64_t hint = 0)
{
    return {Op::qiov_init(slot, hint), Op::qiov_concat_iov(slot, 0, SIZE_MAX)};
}

// A layout of `count` one-byte segments: init_external(slot, count) then
// makes a vector of exactly `count` entries in one call (IOV_MAX tests).
inline Layout unit_segments_layout(size_t count, uint32_t fill_seed)
{
    Layout l;
    l.seg_len.assign(count, 1);
    l.fill_seed = fill_seed;
    return l;
}

}  // namespace iovcheck::props
