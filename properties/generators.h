// RapidCheck generators of the oracle's inputs: layouts (separate guarded
// segments or aliasing windows of one arena) and the offsets and lengths
// that matter for them (segment boundaries and their neighbours, 0, size,
// size + 1, values near SIZE_MAX).
//
// Every generator is built from rc::gen primitives whose shrinking goes
// towards the simplest case: a choice between alternatives is an index that
// shrinks to the first (simplest) one, a layout is a container that shrinks
// by dropping segments, a length shrinks towards 0.  So a counterexample
// ends up as a handful of short segments and small offsets.
//
// Usage inside a property:
//   const Layout layout = *props::any_layout();
//   const uint64_t offset = *props::position(layout);
//   const uint64_t bytes = *props::length_after(layout, offset);
#pragma once

#include <cstddef>
#include <cstdint>
#include <ostream>
#include <utility>
#include <vector>

#include <rapidcheck.h>

#include <iovcheck/program.h>

namespace iovcheck {

// How RapidCheck prints a generated layout in a counterexample (found by ADL).
inline void showValue(const Layout &layout, std::ostream &os) { os << describe(layout); }

}  // namespace iovcheck

namespace iovcheck::props {

constexpr size_t kMaxGeneratedSegments = 64;
constexpr size_t kLargeSegmentMax = 4096;

// ---- Plain helpers over a layout ---------------------------------------------------

// The stream size: the sum of the segment lengths.
uint64_t stream_size(const Layout &layout);

// s_0 = 0, s_1, ..., s_n = size: every segment start, then the end.
std::vector<uint64_t> segment_starts(const Layout &layout);

// ---- Building blocks -------------------------------------------------------------------

// An index in [0, n) drawn over the whole range whatever RapidCheck's size is
// (gen::inRange alone scales its range with the size), shrinking towards 0.
rc::Gen<size_t> index_below(size_t n);

// One of `choices`, picked with the given weights; shrinks towards choices[0]
// first, then within the chosen generator.
template <typename T>
rc::Gen<T> weighted_choice(std::vector<std::pair<size_t, rc::Gen<T>>> choices)
{
    size_t total = 0;
    for (const auto &c : choices) {
        total += c.first;
    }
    return rc::gen::mapcat(index_below(total), [choices](size_t ticket) {
        for (const auto &c : choices) {
            if (ticket < c.first) {
                return c.second;
            }
            ticket -= c.first;
        }
        return choices.back().second;
    });
}

// One of `values`, shrinking towards values[0].
rc::Gen<uint64_t> one_of_values(std::vector<uint64_t> values);

// ---- Layouts -------------------------------------------------------------------------------

// A segment length: mostly 0, 1 and small (2..16), sometimes large (up to 4 KiB).
rc::Gen<size_t> segment_length();

// 0..64 lengths, biased to few segments; shrinks by dropping segments.
rc::Gen<std::vector<size_t>> segment_lengths();

// The seed of a seeded fill: all zero, mostly zero (odd seeds) or pseudo-random.
rc::Gen<uint32_t> fill_seed();

// A layout's fill and its seed: mostly seeded (fill_seed()), sometimes
// sparse (long zero runs with lone non-zero bytes anywhere).
rc::Gen<std::pair<Layout::Fill, uint32_t>> data_fill();

// Every segment in its own guarded region.
rc::Gen<Layout> separate_layout();

// Segments as windows of one arena, so they alias and overlap.
rc::Gen<Layout> shared_arena_layout();

// Mostly separate segments, a quarter of them aliasing.
rc::Gen<Layout> any_layout();

// 1..8 separate segments of 8..64 KiB: streams larger than a socket buffer,
// so that sends and receives take more than one system call.
rc::Gen<Layout> large_layout();

// 1..3 separate segments, mostly long (around multiples of 256 bytes), with
// a sparse fill: a lone non-zero byte anywhere in a long run of zeros, which
// only a reader that looks at every byte sees.
rc::Gen<Layout> zero_runs_layout();

// 65..1100 short segments (0..4 bytes): more entries than one sendmsg batch
// of an implementation (64-entry windows, IOV_MAX = 1024).
rc::Gen<Layout> many_segments_layout();

// ---- Offsets and lengths -------------------------------------------------------------------

// A stream position: s_k - 1, s_k, s_k + 1 of a random k, 0, size, size + 1,
// anything in [0, size], or near SIZE_MAX (SIZE_MAX - k, SIZE_MAX - size + 1).
rc::Gen<uint64_t> position(const Layout &layout);

// A position inside the domain: [0, size], biased to boundaries.
rc::Gen<uint64_t> position_in_domain(const Layout &layout);

// A position past the end: size + 1, size + k, near SIZE_MAX.
rc::Gen<uint64_t> position_past_end(const Layout &layout);

// A byte count after `offset`: reaches another interesting position
// (so offset + bytes lands on boundaries, size, size + 1, or wraps around),
// or is 0, 1, SIZE_MAX, or anything up to size + 1.
rc::Gen<uint64_t> length_after(const Layout &layout, uint64_t offset);

// A byte count that keeps [offset, offset + bytes) inside the stream
// (requires offset <= size).
rc::Gen<uint64_t> length_in_domain(const Layout &layout, uint64_t offset);

// A byte count that makes [offset, offset + bytes) leave the stream:
// size - offset + 1, SIZE_MAX, and values that wrap offset + bytes around
// to inside the stream (the classic `offset + len <= size` bug).
rc::Gen<uint64_t> length_past_end(const Layout &layout, uint64_t offset);

// An int-valued argument (alloc hint, niov) near the edges of int.
rc::Gen<uint64_t> negative_int();

// ---- Calls ---------------------------------------------------------------------------------

// Any call of the API with arguments from the generators above (slots,
// segments and ranges for the vector calls; offsets relative to the
// layout's stream), in or out of the contract.  Shrinks towards earlier
// kinds (the byte movers) and simpler arguments.
rc::Gen<Op> any_call(const Layout &layout);

// A call of `kind`, every argument from its domain as in any_call.
rc::Gen<Op> call_of(const Layout &layout, OpKind kind);

}  // namespace iovcheck::props
