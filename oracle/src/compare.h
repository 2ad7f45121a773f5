// Comparison of the two worlds after every call, and the explanation of
// the first divergence for a person.
//
// Private to oracle/src.
#pragma once

#include "guarded_space.h"
#include "observed.h"

#include <iovcheck/oracle.h>
#include <iovcheck/program.h>

#include <string>

namespace iovcheck::oracle_internal {

// A difference: what differs, expected and actual.
struct Difference {
    std::string what, expected, actual;
};

// Compares one call's observations (`e` expected, `r` actual); `mode`
// decides what a violation returns.  False, with `d` filled, on a difference.
bool compare_call(const Space &space, const Observed &e, const Observed &r, Mode mode, Difference &d);

// Compares memory, the caller's array and view, and every vector slot.
bool compare_state(const Space &space, const State &e, const State &r, Difference &d);

// The explanation of a divergence at op `index`: the layout, the call, what
// differs, what the profile promised for the call (`rule`, e.g. "missed
// check: qemu_iovec_reset.owned is checked under profile spec"; empty when
// the call violates no precondition), the state before the call and the
// program.
std::string explain(const Program &p, const Space &space, size_t index, const std::string &who, Mode mode,
                    const Difference &d, const std::string &rule = "");

}  // namespace iovcheck::oracle_internal
