// iovcheck_bench: every row is named OPERATION/IMPLEMENTATION/LAYOUT, and the
// rows of one OPERATION/LAYOUT (the flat baseline, core/, the model) are
// registered next to each other so they run back to back under the same
// machine load.  ci/bench turns the JSON output into ratios.
#include <benchmark/benchmark.h>

#include <string>

#include "alloc_counter.h"
#include "cases.h"
#include "core_api.h"
#include "operations.h"

namespace {

void add(const iovcheck::bench::Case &c, const char *implementation, iovcheck::bench::Body body)
{
    if (body) {
        std::string name = c.operation + "/" + implementation + "/" + c.layout.name;
        benchmark::RegisterBenchmark(name.c_str(), std::move(body));
    }
}

}  // namespace

int main(int argc, char **argv)
{
    using namespace iovcheck::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::AddCustomContext("allocation_counting",
                                allocation_counting_available() ? "on" : "off (sanitizer)");
    for (const Case &c : all_cases()) {
        add(c, "baseline", baseline_body(c));
        add(c, CoreApi::label, api_body<CoreApi>(c));
#ifdef IOVCHECK_BENCH_MODEL
        add(c, "model", model_body(c));
#endif
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
