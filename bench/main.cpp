// iovcheck_bench: every row is named OPERATION/IMPLEMENTATION/LAYOUT, and the
// rows of one OPERATION/LAYOUT (the flat baseline first, then core/, then the
// model...) are registered next to each other so they run back to back under
// the same machine load.  ci/bench turns the JSON output into ratios.
#include <benchmark/benchmark.h>

#include <functional>
#include <string>

#include "alloc_counter.h"
#include "core_api.h"
#include "layouts.h"
#include "operations.h"
#ifdef IOVCHECK_BENCH_MODEL
#include "model_api.h"
#endif

namespace iovcheck::bench {
namespace {

using Body = std::function<void(benchmark::State &)>;

void add(const std::string &operation, const std::string &implementation,
         const std::string &layout, Body body)
{
    std::string name = operation + "/" + implementation + "/" + layout;
    benchmark::RegisterBenchmark(name.c_str(),
                                 [body](benchmark::State &state) { body(state); });
}

// One row per implementation under measurement, in the order given.
template <class... Apis>
struct Rows {
    static void register_all()
    {
        const std::vector<Layout> layouts = standard_layouts();

        for (const Layout &l : layouts) {
            add("to_buf", "baseline", l.name, [l](auto &s) { baseline_memcpy(s, l); });
            (add("to_buf", Apis::label, l.name, [l](auto &s) { bm_to_buf<Apis>(s, l); }), ...);
        }
        for (const Layout &l : layouts) {
            add("from_buf", "baseline", l.name, [l](auto &s) { baseline_memcpy(s, l); });
            (add("from_buf", Apis::label, l.name, [l](auto &s) { bm_from_buf<Apis>(s, l); }),
             ...);
        }
        for (const Layout &l : layouts) {
            add("memset", "baseline", l.name, [l](auto &s) { baseline_memset(s, l); });
            (add("memset", Apis::label, l.name, [l](auto &s) { bm_memset<Apis>(s, l); }), ...);
        }
        for (const Layout &l : layouts) {
            add("is_zero", "baseline", l.name, [l](auto &s) { baseline_zero_check(s, l); });
            (add("is_zero", Apis::label, l.name, [l](auto &s) { bm_is_zero<Apis>(s, l); }), ...);
        }
        for (const Layout &l : layouts) {
            add("compare", "baseline", l.name, [l](auto &s) { baseline_memcmp(s, l); });
            (add("compare", Apis::label, l.name, [l](auto &s) { bm_compare<Apis>(s, l); }), ...);
        }

        // The pointer builders: "all" rows walk every segment (ns per
        // segment); "first3"/"last3" rows touch at most 3 segments whatever
        // the layout's length, so O(segments touched) shows as a flat time.
        for (const Layout &l : layouts) {
            Range all{0, stream_size(l), l.lengths.size()};
            Range first3 = leading_segments(l, 3);
            (add("iov_copy.all", Apis::label, l.name,
                 [l, all](auto &s) { bm_iov_copy<Apis>(s, l, all); }),
             ...);
            (add("iov_copy.first3", Apis::label, l.name,
                 [l, first3](auto &s) { bm_iov_copy<Apis>(s, l, first3); }),
             ...);
        }
        for (const Layout &l : layouts) {
            (add("concat", Apis::label, l.name, [l](auto &s) { bm_concat<Apis>(s, l); }), ...);
            (add("init_slice", Apis::label, l.name, [l](auto &s) { bm_init_slice<Apis>(s, l); }),
             ...);
            (add("init_extended", Apis::label, l.name,
                 [l](auto &s) { bm_init_extended<Apis>(s, l); }),
             ...);
        }
        // One byte short of the range, so the last entry met is cut in place
        // and the undo record is used.
        for (const Layout &l : layouts) {
            size_t size = stream_size(l);
            Range first3 = leading_segments(l, 3), last3 = trailing_segments(l, 3);
            (add("discard_front.all", Apis::label, l.name,
                 [l, size](auto &s) { bm_discard_front<Apis>(s, l, size - 1, l.lengths.size()); }),
             ...);
            (add("discard_front.first3", Apis::label, l.name,
                 [l, first3](auto &s) {
                     bm_discard_front<Apis>(s, l, first3.bytes - 1, first3.segments);
                 }),
             ...);
            (add("discard_back.all", Apis::label, l.name,
                 [l, size](auto &s) { bm_discard_back<Apis>(s, l, size - 1, l.lengths.size()); }),
             ...);
            (add("discard_back.last3", Apis::label, l.name,
                 [l, last3](auto &s) {
                     bm_discard_back<Apis>(s, l, last3.bytes - 1, last3.segments);
                 }),
             ...);
        }

        for (size_t n : {64, 256, 1024}) {
            std::string name = std::to_string(n) + "shuffled";
            (add("clone", Apis::label, name, [n](auto &s) { bm_clone<Apis>(s, n); }), ...);
        }

        // 64 x 64 B: exactly the 64 segments of the no-allocation goal, in
        // one call whose first and last entries are cut.
        std::vector<Layout> send_recv_layouts = layouts;
        send_recv_layouts.push_back(uniform_layout(64, 64));
        for (const Layout &l : send_recv_layouts) {
            add("send_recv", "baseline", l.name, [l](auto &s) { baseline_send_recv(s, l); });
            (add("send_recv", Apis::label, l.name, [l](auto &s) { bm_send_recv<Apis>(s, l); }),
             ...);
        }
    }
};

}  // namespace
}  // namespace iovcheck::bench

int main(int argc, char **argv)
{
    using namespace iovcheck::bench;
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) {
        return 2;
    }
    benchmark::AddCustomContext("allocation_counting",
                                allocation_counting_available() ? "on" : "off (sanitizer)");
#ifdef IOVCHECK_BENCH_MODEL
    Rows<CoreApi, ModelApi>::register_all();
#else
    Rows<CoreApi>::register_all();
#endif
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
