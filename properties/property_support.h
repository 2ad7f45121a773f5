// What every property does with a generated Program: run it through the
// oracle on the implementation under test (IOVCHECK_IMPL, default core) and
// fail with the oracle's explanation.  No property compares anything itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <rapidcheck.h>

#include <iovcheck/oracle.h>
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

// Runs `p` in `mode`; a divergence fails the case with the oracle's words.
inline CheckResult conforms(const Program &p, Mode mode = Mode::Strict)
{
    CheckResult r = check(impl_under_test(), p, mode);
    if (!r.ok) {
        RC_FAIL(r.explanation);
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
// (in strict mode the handler unwinds, in lenient mode it returns), and the
// model must have predicted at least one violation, else the generator is
// wrong, not the implementation.
inline void violates_contract(const Program &p)
{
    for (Mode mode : {Mode::Strict, Mode::Lenient}) {
        const CheckResult r = conforms(p, mode);
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

// A layout of 64 one-byte segments, and the ops that make `slot` (2 or 3)
// an owned vector of exactly `count` one-byte entries.  Slots 0 and 1 are
// the scratch of a Fibonacci-like doubling, so a vector past IOV_MAX costs
// a dozen calls, not a thousand adds.
constexpr size_t kUnitSegments = 64;
inline Layout unit_segments_layout(uint32_t fill_seed)
{
    Layout l;
    l.seg_len.assign(kUnitSegments, 1);
    l.fill_seed = fill_seed;
    return l;
}
inline std::vector<Op> slot_with_unit_entries(uint64_t slot, uint64_t count)
{
    std::vector<Op> ops{Op::qiov_init(0, 0), Op::qiov_concat_iov(0, 0, SIZE_MAX), Op::qiov_init(1, 0)};
    uint64_t in0 = kUnitSegments, in1 = 0;
    while (in0 < count) {
        ops.push_back(Op::qiov_concat(1, 0, 0, SIZE_MAX));
        in1 += in0;
        ops.push_back(Op::qiov_concat(0, 1, 0, SIZE_MAX));
        in0 += in1;
    }
    ops.push_back(Op::qiov_init(slot, 0));
    ops.push_back(Op::qiov_concat(slot, 0, 0, count));
    return ops;
}

}  // namespace iovcheck::props
