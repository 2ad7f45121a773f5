// libFuzzer's custom mutator hooks for the program targets (mutator.h): the
// target's flavour comes from its TargetSpec (IOVCHECK_FUZZ_TARGET), so a
// target written with the macro gets them by being linked with this file
// (fuzz_target.cmake links it into every fuzzer binary).  A binary without a
// TargetSpec (its input is not a program) and IOVCHECK_FUZZ_MUTATOR=bytes
// keep byte-level mutation only: the custom mutator then hands every call
// to LLVMFuzzerMutate and the cross-over declines (libFuzzer then draws
// another mutation), which is libFuzzer's own behaviour without the hooks.
#include <cstdlib>
#include <cstring>

#include "mutator.h"
#include "target.h"

// libFuzzer's byte-level mutator; weak so that an engine without it still
// links (the custom mutator then changes only the structure).
extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max_size) __attribute__((weak));
// Defined by IOVCHECK_FUZZ_TARGET in a program target; weak for the others.
__attribute__((weak)) const iovcheck::fuzz::TargetSpec *iovcheck_fuzz_target();

namespace {

// The program target's spec, or null when the structure is not to be used.
const iovcheck::fuzz::TargetSpec *structured_target()
{
    static const iovcheck::fuzz::TargetSpec *const spec = []() -> const iovcheck::fuzz::TargetSpec * {
        const char *mode = std::getenv("IOVCHECK_FUZZ_MUTATOR");
        if (iovcheck_fuzz_target == nullptr || (mode != nullptr && std::strcmp(mode, "bytes") == 0)) {
            return nullptr;
        }
        return iovcheck_fuzz_target();
    }();
    return spec;
}

}  // namespace

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max_size, unsigned int seed)
{
    const iovcheck::fuzz::TargetSpec *spec = structured_target();
    if (spec == nullptr) {
        return LLVMFuzzerMutate != nullptr ? LLVMFuzzerMutate(data, size, max_size) : size;
    }
    return iovcheck::fuzz::mutate_input(spec->flavour, data, size, max_size, seed, LLVMFuzzerMutate);
}

extern "C" size_t LLVMFuzzerCustomCrossOver(const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                                            uint8_t *out, size_t max_out_size, unsigned int seed)
{
    const iovcheck::fuzz::TargetSpec *spec = structured_target();
    if (spec == nullptr) {
        return 0;
    }
    return iovcheck::fuzz::cross_over_inputs(spec->flavour, data1, size1, data2, size2, out, max_out_size, seed);
}
