// A structure-aware mutator for the program targets: it decodes the input
// to a Program, changes the program (its operations, one argument, or the
// layout) and encodes it back, so that a mutation lands on a meaningful
// program instead of shifting every byte after the one it changed.
// Argument values come from the boundaries of the argument's domain (the
// Domain of each record's field, op_domains.h): 0, 1, size - 1, size,
// size + 1, SIZE_MAX - k, segment starts, ...
//
// A part of the calls still goes to the byte-level mutator (libFuzzer's
// LLVMFuzzerMutate) so that dictionaries and byte mutations keep reaching
// what a whole-program mutation does not; so does every call whose mutated
// program has no encoding (encode() returns nullopt) or no room in max_size.
//
// libfuzzer_hooks.cpp defines LLVMFuzzerCustomMutator and
// LLVMFuzzerCustomCrossOver from these; the environment variable
// IOVCHECK_FUZZ_MUTATOR=bytes turns them back into byte mutation only (to
// measure what the structure adds: ci/selftest-fuzz --mutator).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "decoder.h"

namespace iovcheck::fuzz {

// A small deterministic generator (splitmix64): a mutation depends only on
// the input and libFuzzer's seed, so a fuzzing run is reproducible.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(seed) {}
    uint64_t next();
    uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }  // 0 .. n - 1
    bool one_in(uint64_t n) { return below(n) == 0; }

private:
    uint64_t state_;
};

enum class Mutation : uint8_t {
    InsertOp,          // a new operation (decoded from random bytes) at a random place
    DeleteOp,          // one operation removed
    SwapOps,           // two operations exchanged
    DuplicateOp,       // a copy of one operation at a random place
    NudgeArgument,     // one argument set to a boundary of its domain
    AddEmptySegment,   // a zero-length segment inserted into the layout
    RemoveSegment,     // one segment removed from the layout
    Alias,             // segments overlap in a shared arena (or stop sharing one)
    ResizeSegment,     // one segment's length set to a boundary (0, 1, 15, 16, 63, 64, ...)
    ChangeFill,        // the initial bytes: all zero, sparse or dense
    ToggleLenient,     // header bit 0: also check in Lenient mode
    Count
};
constexpr unsigned kMutations = static_cast<unsigned>(Mutation::Count);

// `p` (a decoded program) changed by `m`, or nullopt when `m` does not apply
// (deleting from an empty program, ...).  The result may need normalize();
// encode() applies it.
std::optional<Decoded> mutate(Flavour flavour, const Decoded &p, Mutation m, Rng &rng);

// Operations of `a` with a run of `b`'s spliced in at a random place, on
// the layout of one of the two (capped at the flavour's max_ops).
Decoded cross_over(Flavour flavour, const Decoded &a, const Decoded &b, Rng &rng);

// The byte-level mutator the fallback calls (LLVMFuzzerMutate's signature);
// null: no fallback, the input is returned unchanged when nothing applies.
using ByteMutator = size_t (*)(uint8_t *data, size_t size, size_t max_size);

// LLVMFuzzerCustomMutator's body: data[0..size) is replaced by the mutated
// input (at most max_size bytes), whose size is returned.
size_t mutate_input(Flavour flavour, uint8_t *data, size_t size, size_t max_size, unsigned seed,
                    ByteMutator byte_mutator);

// LLVMFuzzerCustomCrossOver's body: writes into out (at most max_out bytes)
// and returns the size, 0 when the two cannot be combined.
size_t cross_over_inputs(Flavour flavour, const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                         uint8_t *out, size_t max_out, unsigned seed);

}  // namespace iovcheck::fuzz
