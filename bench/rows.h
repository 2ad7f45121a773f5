// The two kinds of row every workload gives (workloads.h):
//   OPERATION/IMPL/LAYOUT       one implementation: with a flat baseline,
//                               alternated with it (run_paired); without,
//                               a plain timed loop (CPU time per call)
//   OPERATION/core-vs-NAME/LAYOUT  core alternated with another implementation
//                               on the same memory (run_versus)
#pragma once

#include <benchmark/benchmark.h>

#include <string>
#include <type_traits>

#include "builder_workloads.h"
#include "cases.h"
#include "operations.h"
#include "workloads.h"

namespace iovcheck::bench {

template <class W>
concept HasBaseline = requires(W w) { w.baseline(); };

template <class W>
void finish_row(benchmark::State &state, W &work)
{
    if constexpr (requires { work.finish(state); }) {
        work.finish(state);
    }
}

template <class Side>
bool side_ready(benchmark::State &state, Side &side)
{
    if constexpr (requires { side.ready(state); }) {
        return side.ready(state);
    } else {
        return true;
    }
}

template <class W>
size_t baseline_calls_per_batch(const W &work)
{
    if constexpr (requires { W::kCallsPerBatch; }) {
        return W::kCallsPerBatch;
    } else {
        return calls_per_batch(work.bytes());
    }
}

// One implementation alone (or against its flat baseline).
template <class W, class Api>
void single_row(benchmark::State &state, const Case &c)
{
    W work(c);
    typename W::template Side<Api> side{work};
    if (!side_ready(state, side)) {
        return;
    }
    if constexpr (HasBaseline<W>) {
        run_paired(state, work.bytes(), work.segments(), baseline_calls_per_batch(work), side,
                   work.baseline());
    } else {
        AllocationMeter meter;
        for (auto _ : state) {
            side();
        }
        meter.report(state);
        report_segments(state, work.segments());
    }
    finish_row(state, work);
}

// Core (first) against another implementation (second), the same memory.
template <class W, class Core, class Other>
void versus_row(benchmark::State &state, const Case &c)
{
    W work(c);
    typename W::template Side<Core> core{work};
    typename W::template Side<Other> other{work};
    if (!side_ready(state, core) || !side_ready(state, other)) {
        return;
    }
    run_versus(state, work.segments(), core, other);
    finish_row(state, work);
}

// Calls visit(std::type_identity<W>{}) with the workload of `operation`;
// an empty Body for an operation no workload measures.
template <class Visit>
Body with_workload(const std::string &operation, Visit &&visit)
{
    const std::string &op = operation;
    if (op == "to_buf") return visit(std::type_identity<ToBufWork>{});
    if (op == "from_buf") return visit(std::type_identity<FromBufWork>{});
    if (op == "memset") return visit(std::type_identity<MemsetWork>{});
    if (op == "is_zero") return visit(std::type_identity<IsZeroWork>{});
    if (op == "compare") return visit(std::type_identity<CompareWork>{});
    if (op == "send_recv") return visit(std::type_identity<SendRecvWork>{});
    if (op.starts_with("iov_copy.")) return visit(std::type_identity<IovCopyWork>{});
    if (op == "concat") return visit(std::type_identity<ConcatWork>{});
    if (op == "init_slice") return visit(std::type_identity<InitSliceWork>{});
    if (op == "init_extended") return visit(std::type_identity<InitExtendedWork>{});
    if (op == "slice") return visit(std::type_identity<SliceWork>{});
    if (op.starts_with("discard_front.")) return visit(std::type_identity<DiscardWork<true>>{});
    if (op.starts_with("discard_back.")) return visit(std::type_identity<DiscardWork<false>>{});
    if (op == "clone") return visit(std::type_identity<CloneWork>{});
    return {};
}

// The row of `c` for an implementation reached through Api (one with the
// C API's signatures: core/ directly, or a table of function pointers).
template <class Api>
Body api_body(const Case &c)
{
    return with_workload(c.operation, [&c](auto workload) -> Body {
        using W = typename decltype(workload)::type;
        return [c](benchmark::State &state) { single_row<W, Api>(state, c); };
    });
}

// The row of `c` alternating Core with Other.
template <class Core, class Other>
Body versus_body(const Case &c)
{
    return with_workload(c.operation, [&c](auto workload) -> Body {
        using W = typename decltype(workload)::type;
        return [c](benchmark::State &state) { versus_row<W, Core, Other>(state, c); };
    });
}

}  // namespace iovcheck::bench
