// The body every fuzz target shares: decode the input with the target's
// flavour, check the program through the oracle in each mode, and on the
// first divergence print the oracle's explanation and abort() (so libFuzzer
// records a crash).  A target source is one line:
//
//   #include "target.h"
//   IOVCHECK_FUZZ_TARGET(fuzz_undo, iovcheck::fuzz::Flavour::Undo)
//
// or, with its own check (e.g. a differential target):
//
//   IOVCHECK_FUZZ_TARGET_WITH(fuzz_differential, Flavour::Ops, my_check)
//
// where my_check is `CheckResult my_check(const Program &, Mode)`.
// The macro also defines iovcheck_fuzz_target(), through which
// replay_main.cpp (and so ci/repro) explains one input without aborting.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <iovcheck/oracle.h>

#include "decoder.h"

namespace iovcheck::fuzz {

using CheckFn = CheckResult (*)(const Program &, Mode);

// check(impl_under_test(), p, mode, profile_under_test()): IOVCHECK_IMPL picks
// the implementation, IOVCHECK_PROFILE the profile (default spec).
CheckResult check_impl_under_test(const Program &p, Mode mode);

struct TargetSpec {
    const char *name;
    Flavour flavour;
    CheckFn check;
};

// The modes an input is checked in: Strict, then Lenient when the input's
// header asks for it (always for Flavour::Ranges).
std::vector<Mode> modes_of(const TargetSpec &spec, const Decoded &d);

struct Outcome {
    Decoded decoded;
    Mode mode = Mode::Strict;  // the mode of `result`
    CheckResult result;        // the first failure, or the last pass
};

Outcome run_input(const TargetSpec &spec, const uint8_t *data, size_t size);

// LLVMFuzzerTestOneInput's body: run_input, and on failure print the
// explanation to stderr and abort().
int fuzz_one_input(const TargetSpec &spec, const uint8_t *data, size_t size);

const char *mode_name(Mode mode);

}  // namespace iovcheck::fuzz

// Defined by IOVCHECK_FUZZ_TARGET; replay_main.cpp declares it weak so that
// a target written without the macro still replays.
const iovcheck::fuzz::TargetSpec *iovcheck_fuzz_target();

#define IOVCHECK_FUZZ_TARGET_WITH(target_name, flavour_value, check_fn)                      \
    const iovcheck::fuzz::TargetSpec *iovcheck_fuzz_target()                                 \
    {                                                                                        \
        static const iovcheck::fuzz::TargetSpec spec{#target_name, flavour_value, check_fn}; \
        return &spec;                                                                        \
    }                                                                                        \
    extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                 \
    {                                                                                        \
        return iovcheck::fuzz::fuzz_one_input(*iovcheck_fuzz_target(), data, size);          \
    }

#define IOVCHECK_FUZZ_TARGET(target_name, flavour_value) \
    IOVCHECK_FUZZ_TARGET_WITH(target_name, flavour_value, iovcheck::fuzz::check_impl_under_test)
