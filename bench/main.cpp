// iovcheck_bench: every row is named OPERATION/IMPLEMENTATION/LAYOUT (plus
// "/manual_time" on the rows that alternate two sides, see rows.h).  The rows
// of one OPERATION/LAYOUT (core/, the model, core-vs-NAME for every other
// implementation linked in) are registered next to each other.  ci/bench
// turns the JSON output into ratios.
//
// --self-pair adds a row core-vs-self per case: core alternated with itself,
// the same code on both sides, which must read "within noise" (how ci/bench
// --self-check tests its verdicts).
#include <benchmark/benchmark.h>

#include <cstring>
#include <string>

#include <iovcheck/alloc_count.h>
#include "cases.h"
#include "core_api.h"
#include "rows.h"
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

// Removes --self-pair from the arguments (Google Benchmark refuses flags it
// does not know); true when it was there.
bool take_self_pair_flag(int *argc, char **argv)
{
    bool found = false;
    int kept = 0;
    for (int i = 0; i < *argc; ++i) {
        if (i > 0 && std::strcmp(argv[i], "--self-pair") == 0) {
            found = true;
        } else {
            argv[kept++] = argv[i];
        }
    }
    *argc = kept;
    return found;
}

}  // namespace

int main(int argc, char **argv)
{
    using namespace iovcheck::bench;
    const bool self_pair = take_self_pair_flag(&argc, argv);
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
                std::string label = std::string("core-vs-") + impl->name;
                add(c, label.c_str(), versus_table_body(c, impl), true);
            }
        }
#endif
        if (self_pair) {
            add(c, "core-vs-self", versus_body<CoreApi, CoreApi>(c), true);
        }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
