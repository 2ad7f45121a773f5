// Short sequences of any call of the API, in and out of the contract, in
// both modes: strict (the contract handler unwinds) and lenient (the
// handler returns, and an out-of-contract call must return its neutral
// result with no side effect at all, SPEC.md "Beyond the seed").  The
// catch-all behind the per-function properties: calls meet states the
// dedicated properties do not build (a discarded view under a vector, a
// slot destroyed then reused, ...).
//
// Seen to fail on a deliberately broken core/: see properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "property_support.h"

namespace iovcheck::props {
namespace {

Program any_calls()
{
    const Layout layout = *any_layout();
    const size_t count = *index_below(8) + 1;
    std::vector<Op> ops;
    for (size_t i = 0; i < count; i++) {
        ops.push_back(*any_call(layout));
    }
    return program_of(layout, ops);
}

RC_GTEST_PROP(AnyCalls, StrictModeSequences, ()) { conforms_tagged(any_calls(), Mode::Strict); }

RC_GTEST_PROP(AnyCalls, LenientModeSequences, ()) { conforms_tagged(any_calls(), Mode::Lenient); }

}  // namespace
}  // namespace iovcheck::props
