// iovcheck_bench: every row is named OPERATION/IMPLEMENTATION/LAYOUT (plus
// "/manual_time" on the rows paired with a flat baseline, see run_paired).
// The rows of one OPERATION/LAYOUT (core/, the model) are registered next
// to each other.  ci/bench turns the JSON output into ratios.
#include <benchmark/benchmark.h>

#include <string>

#include <iovcheck/alloc_count.h>
#include "cases.h"
#include "core_api.h"
#include "operations.h"
#ifdef IOVCHECK_BENCH_REGISTRY
#include <iovcheck/registry.h>

#include "table_api.h"
#endif

namespace {

// Paired rows time core's half themselves (run_paired).
void add(const iovcheck::bench::Case &c, const char *implementation, iovcheck::bench::Body body,
         bool paired)
{
    if (body) {
        std::string name = c.operation + "/" + implementation + "/" + c.layout.name;
        benchmark::internal::Benchmark *row = benchmark::RegisterBenchmark(name.c_str(), std::move(body));
        if (paired) {
            row->UseManualTime();
        }
    }
}

#ifdef IOVCHECK_BENCH_REGISTRY
// The other implementations linked in through the oracle's registry: the
// external ones.  Not core's own entry (core through a pointer), and not
// the self-test's "faulty:" variants a test build links into the oracle:
// they are wrong on purpose, some write past their segments.
bool worth_measuring(const iovcheck::IovImpl &impl)
{
    std::string name = impl.name;
    return name != iovcheck::bench::CoreApi::label && !name.starts_with("faulty:");
}
#endif

}  // namespace

int main(int argc, char **argv)
{
    using namespace iovcheck::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::AddCustomContext("allocation_counting",
                                iovcheck::faults::allocation_counting_available() ? "on" : "off");
    for (const Case &c : all_cases()) {
        add(c, CoreApi::label, api_body<CoreApi>(c), has_flat_baseline(c));
#ifdef IOVCHECK_BENCH_MODEL
        add(c, "model", model_body(c), false);
#endif
#ifdef IOVCHECK_BENCH_REGISTRY
        for (const iovcheck::IovImpl *impl : iovcheck::all_impls()) {
            if (worth_measuring(*impl)) {
                add(c, impl->name, table_body(c, impl), has_flat_baseline(c));
            }
        }
#endif
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
