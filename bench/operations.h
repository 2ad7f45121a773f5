// How the rows measure (workloads.h says what): timed loops, the alternation
// with a flat baseline or another implementation, the flat baselines and the
// memory some operations need.  Every row builds its memory before the timed
// loop and reports what ci/bench needs to compute ratios:
//   bytes_per_second  byte operations (SetBytesProcessed)
//   segments          segments one call meets (touched or walked over)
//   per_segment       seconds per segment (shown as e.g. "2.1n" = 2.1 ns)
//   allocs_per_call   heap allocations per call of the implementation
//                     (-1 when the build cannot count them: under ASan)
// and, for the operations with a flat counterpart (see run_paired):
//   ns_per_call, baseline_ns_per_call, vs_baseline, extra_ns_per_segment
// and, on the rows of core against another implementation (run_versus):
//   ns_per_call, other_ns_per_call, vs_other, vs_other_low/high, pairs
#pragma once

#include <benchmark/benchmark.h>
#include <iovcheck/iov.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <vector>

#include <iovcheck/alloc_count.h>

#include "cases.h"
#include "layouts.h"

namespace iovcheck::bench {

// `segments` is what one call meets; `calls` how many calls one benchmark
// iteration makes.
inline void report_segments(benchmark::State &state, size_t segments, size_t calls = 1)
{
    state.counters["segments"] = static_cast<double>(segments);
    state.counters["per_segment"] = benchmark::Counter(
        static_cast<double>(segments * calls),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

inline void report_bytes(benchmark::State &state, size_t bytes, size_t segments,
                         size_t calls = 1)
{
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) *
                            static_cast<int64_t>(bytes * calls));
    report_segments(state, segments, calls);
}

// Counts the heap allocations the benchmark thread makes in the timed loop
// (a socket peer thread's are not the operation's); constructed just before it.
class AllocationMeter {
public:
    AllocationMeter() : start_(faults::allocations()) {}
    void report(benchmark::State &state, size_t calls_per_iteration = 1) const
    {
        uint64_t allocations = faults::allocations() - start_;
        double calls = static_cast<double>(calls_per_iteration) *
                       static_cast<double>(std::max<benchmark::IterationCount>(state.iterations(), 1));
        state.counters["allocs_per_call"] =
            faults::allocation_counting_available() ? static_cast<double>(allocations) / calls : -1;
    }

private:
    uint64_t start_;
};

// The benchmarks are measurements, not checks; a wrong result only stops
// the row, so that a broken build is visible without a timing turning into
// a test verdict.
inline bool result_is(benchmark::State &state, long long actual, long long expected,
                      const char *what)
{
    if (actual == expected) {
        return true;
    }
    std::string message = std::string(what) + " returned " + std::to_string(actual) +
                          ", expected " + std::to_string(expected);
    state.SkipWithError(message.c_str());
    return false;
}

// ---- Alternating two sides: a flat baseline, or another implementation -------

// Calls of one operation per timed batch: enough that a batch moves 64 KiB,
// so the clock reads (tens of ns) stay under 1% of what they time.
inline size_t calls_per_batch(size_t bytes)
{
    constexpr size_t kBatchBytes = 64 * 1024;
    return bytes >= kBatchBytes ? 1 : (kBatchBytes + bytes - 1) / std::max<size_t>(bytes, 1);
}

double median(std::vector<double> values);

using BatchClock = std::chrono::steady_clock;

// Nanoseconds `calls` calls of `operation` take, back to back.
template <class Operation>
double time_batch(size_t calls, Operation &operation)
{
    BatchClock::time_point start = BatchClock::now();
    for (size_t i = 0; i < calls; ++i) {
        operation();
    }
    return std::chrono::duration<double, std::nano>(BatchClock::now() - start).count();
}

// Calls per batch that make one batch of `operation` last about 2 us, so the
// clock reads stay near 1% of it whatever the operation (3-entry discards take
// a few ns, a 1 MiB copy thousands).
template <class Operation>
size_t calibrated_calls(Operation &operation)
{
    constexpr double kBatchNs = 2000;
    constexpr size_t kMostCalls = size_t{1} << 20;
    size_t calls = 1;
    while (calls < kMostCalls && time_batch(calls, operation) < kBatchNs) {
        calls *= 2;
    }
    return calls;
}

// Batch times of the two sides, in ns, pair by pair.  The first
// kMaxSamples iterations are enough for medians; the room is taken before
// the timed loop (and before allocations are counted), so the vectors never
// grow inside it.
struct Alternation {
    static constexpr size_t kMaxSamples = 1 << 15;
    std::vector<double> first_ns, second_ns;
    Alternation()
    {
        first_ns.reserve(kMaxSamples);
        second_ns.reserve(kMaxSamples);
    }
};

// Runs a batch of `calls` calls of `first`, then of `second`, swapping which
// goes first every iteration.  On a machine shared with other jobs two
// separate rows would run under different loads; side by side, both halves of
// an iteration see the same one, and medians over iterations drop the ones a
// burst hit.  The row's time is `first`'s half alone (manual time: register
// the row with UseManualTime()).
template <class First, class Second>
void alternate(benchmark::State &state, size_t calls, First &&first, Second &&second,
               Alternation &times)
{
    bool first_goes_first = true;
    for (auto _ : state) {
        double first_batch, second_batch;
        if (first_goes_first) {
            first_batch = time_batch(calls, first);
            second_batch = time_batch(calls, second);
        } else {
            second_batch = time_batch(calls, second);
            first_batch = time_batch(calls, first);
        }
        first_goes_first = !first_goes_first;
        state.SetIterationTime(first_batch * 1e-9);
        if (times.first_ns.size() < Alternation::kMaxSamples) {
            times.first_ns.push_back(first_batch);
            times.second_ns.push_back(second_batch);
        }
    }
}

// Core against the flat baseline (the same work on one flat buffer).  Each
// side's memory is its own, but destinations are shared with the baseline
// where the operation allows, so both write the same cache lines.  Reports,
// per call:
//   ns_per_call           median time of core
//   baseline_ns_per_call  median time of the baseline
//   vs_baseline           median of t(baseline) / t(core): 1.0 = as fast
//                         as the flat call
//   extra_ns_per_segment  median of (t(core) - t(baseline)) / segments
template <class Core, class Baseline>
void run_paired(benchmark::State &state, size_t bytes, size_t segments, size_t calls,
                Core &&core, Baseline &&baseline)
{
    Alternation times;
    AllocationMeter meter;
    alternate(state, calls, core, baseline, times);
    meter.report(state, calls);

    std::vector<double> ratios, extras;
    for (size_t i = 0; i < times.first_ns.size(); ++i) {
        ratios.push_back(times.second_ns[i] / times.first_ns[i]);
        extras.push_back((times.first_ns[i] - times.second_ns[i]) /
                         static_cast<double>(calls * segments));
    }
    state.counters["ns_per_call"] = median(times.first_ns) / static_cast<double>(calls);
    state.counters["baseline_ns_per_call"] = median(times.second_ns) / static_cast<double>(calls);
    state.counters["vs_baseline"] = median(ratios);
    state.counters["extra_ns_per_segment"] = median(extras);
    report_bytes(state, bytes, segments, calls);
}

// The median of `ratios` and the 95% confidence interval of that median
// from order statistics (ranks n/2 -+ 0.98 sqrt(n)): distribution-free, so
// the skew a loaded machine gives batch times does not matter.
struct MedianBand {
    double median, low, high;
};
MedianBand median_band(std::vector<double> ratios);

// Core against another implementation on the same memory: batches of
// `core` and `other` alternate, each pair gives t(other) / t(core), and the
// row reports, per call:
//   ns_per_call        median time of core
//   other_ns_per_call  median time of the other implementation
//   vs_other           median of the pair ratios: > 1 = core is faster
//   vs_other_low/high  the 95% confidence interval of that median
//   pairs              how many pairs it comes from
// ci/bench reads the verdict from them: within noise when the interval
// (widened across repetitions) holds 1.
template <class Core, class Other>
void run_versus(benchmark::State &state, size_t segments, Core &&core, Other &&other)
{
    size_t calls = std::max(calibrated_calls(core), calibrated_calls(other));
    Alternation times;
    alternate(state, calls, core, other, times);
    std::vector<double> ratios;
    for (size_t i = 0; i < times.first_ns.size(); ++i) {
        ratios.push_back(times.second_ns[i] / times.first_ns[i]);
    }
    MedianBand band = median_band(ratios);
    state.counters["ns_per_call"] = median(times.first_ns) / static_cast<double>(calls);
    state.counters["other_ns_per_call"] = median(times.second_ns) / static_cast<double>(calls);
    state.counters["vs_other"] = band.median;
    state.counters["vs_other_low"] = band.low;
    state.counters["vs_other_high"] = band.high;
    state.counters["pairs"] = static_cast<double>(ratios.size());
    report_segments(state, segments, calls);
}

// ---- Flat baselines: the same work on one contiguous buffer -------------------

// A strong zero check of one flat buffer (SSE2, 256 bytes per branch).
bool flat_is_zero(const unsigned char *p, size_t size);

// Blocking send/recv of exactly `n` bytes (EINTR retried); false on error.
bool flat_send_all(int fd, const unsigned char *p, size_t n);
bool flat_recv_all(int fd, unsigned char *p, size_t n);

// Stream bytes [first, first + bytes) of a layout, cut in calls of at most
// `chunk` bytes: how send_recv moves a stream larger than a socket buffer.
struct Chunks {
    std::vector<Range> calls;
    size_t max_segments_per_call;
};
Chunks chunk_stream(const Layout &layout, size_t first, size_t bytes, size_t chunk);

struct SocketPair {
    int fds[2];
    SocketPair();
    ~SocketPair();
    SocketPair(const SocketPair &) = delete;
    SocketPair &operator=(const SocketPair &) = delete;
};
constexpr size_t kSendRecvChunk = 32 * 1024;

// Clone layouts: n segments of 96 bytes at shuffled 64-byte slots of one
// arena, so neighbours overlap and the address order is random (the case
// that needs sorting).
struct CloneSource {
    FlatBuffer arena;
    std::vector<struct iovec> iov;
    size_t union_size;
    explicit CloneSource(size_t segments);
};

}  // namespace iovcheck::bench
