// What is measured, independent of who is measured: one Case per row group
// OPERATION/LAYOUT.  Each implementation (the flat baseline, core/, the
// model) turns a Case into a benchmark body, or declines it.
#pragma once

#include <benchmark/benchmark.h>

#include <functional>
#include <string>
#include <vector>

#include "layouts.h"

namespace iovcheck::bench {

struct Case {
    std::string operation;  // "to_buf", "iov_copy.first3", "discard_back.all", "clone"...
    Layout layout;          // clone: no lengths, the name says the segment count
    // iov_copy: the stream range copied; discard: `bytes` is the amount
    // discarded; clone: `segments` is n.  `segments` is always what the
    // call meets, the divisor of ns per segment.
    Range range{0, 0, 0};
};

// Every benchmark case, grouped by operation, in the order they run.
std::vector<Case> all_cases();

// The byte movers and send_recv have a flat counterpart (memcpy, memset,
// memcmp, a zero check, send/recv of one buffer); an implementation
// reached through the C API runs them paired with it (run_paired).
bool has_flat_baseline(const Case &c);

using Body = std::function<void(benchmark::State &)>;

// An empty Body: the implementation has no such row.
Body model_body(const Case &c);  // defined only when the model is linked

}  // namespace iovcheck::bench
