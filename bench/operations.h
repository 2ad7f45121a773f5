// One benchmark body per operation of the API, templated on the API under
// measurement (CoreApi, or any struct with the C API's signatures).  Every
// body builds its memory before the timed loop and reports what ci/bench
// needs to compute ratios:
//   bytes_per_second  byte operations (SetBytesProcessed)
//   segments          segments one call meets (touched or walked over)
//   per_segment       seconds per segment (shown as e.g. "2.1n" = 2.1 ns)
//   allocs_per_call   heap allocations per call of the implementation
//                     (-1 when the build cannot count them: under ASan)
// and, for the operations with a flat counterpart (see run_paired):
//   ns_per_call, baseline_ns_per_call, vs_baseline, extra_ns_per_segment
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

// ---- Pairing with the flat baseline -------------------------------------------

// Calls of one operation per timed batch: enough that a batch moves 64 KiB,
// so the clock reads (tens of ns) stay under 1% of what they time.
inline size_t calls_per_batch(size_t bytes)
{
    constexpr size_t kBatchBytes = 64 * 1024;
    return bytes >= kBatchBytes ? 1 : (kBatchBytes + bytes - 1) / std::max<size_t>(bytes, 1);
}

double median(std::vector<double> values);

// Runs a batch of `calls` calls of `core`, then of `baseline` (the same work
// on one flat buffer), alternating which goes first, every iteration.  On a
// machine shared with other jobs a separate baseline row would run under a
// different load; side by side, both halves of an iteration see the same
// one, and medians over iterations drop the ones a burst hit.  The row's
// time is core's half alone (manual time: register the row with
// UseManualTime()).  Reports, per call:
//   ns_per_call           median time of core
//   baseline_ns_per_call  median time of the baseline
//   vs_baseline           median of t(baseline) / t(core): 1.0 = as fast
//                         as the flat call
//   extra_ns_per_segment  median of (t(core) - t(baseline)) / segments
template <class Core, class Baseline>
void run_paired(benchmark::State &state, size_t bytes, size_t segments, size_t calls,
                Core &&core, Baseline &&baseline)
{
    using Clock = std::chrono::steady_clock;
    auto time_batch = [calls](auto &&operation) {
        Clock::time_point start = Clock::now();
        for (size_t i = 0; i < calls; ++i) {
            operation();
        }
        return std::chrono::duration<double, std::nano>(Clock::now() - start).count();
    };
    // Batch times, in ns; the first kMaxSamples iterations are enough for
    // medians, and the vectors never grow inside the loop.
    constexpr size_t kMaxSamples = 1 << 15;
    std::vector<double> core_ns, baseline_ns;
    core_ns.reserve(kMaxSamples);
    baseline_ns.reserve(kMaxSamples);
    bool core_first = true;

    AllocationMeter meter;
    for (auto _ : state) {
        double core_batch, baseline_batch;
        if (core_first) {
            core_batch = time_batch(core);
            baseline_batch = time_batch(baseline);
        } else {
            baseline_batch = time_batch(baseline);
            core_batch = time_batch(core);
        }
        core_first = !core_first;
        state.SetIterationTime(core_batch * 1e-9);
        if (core_ns.size() < kMaxSamples) {
            core_ns.push_back(core_batch);
            baseline_ns.push_back(baseline_batch);
        }
    }
    meter.report(state, calls);

    std::vector<double> ratios, extras;
    for (size_t i = 0; i < core_ns.size(); ++i) {
        ratios.push_back(baseline_ns[i] / core_ns[i]);
        extras.push_back((core_ns[i] - baseline_ns[i]) / static_cast<double>(calls * segments));
    }
    state.counters["ns_per_call"] = median(core_ns) / static_cast<double>(calls);
    state.counters["baseline_ns_per_call"] = median(baseline_ns) / static_cast<double>(calls);
    state.counters["vs_baseline"] = median(ratios);
    state.counters["extra_ns_per_segment"] = median(extras);
    report_bytes(state, bytes, segments, calls);
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

// ---- Byte movers --------------------------------------------------------

// Baseline of to_buf and from_buf: memcpy between the flat buffers.  Each
// side's destination is shared with its baseline, so both write the same
// cache lines.
template <class Api>
void bm_to_buf(benchmark::State &state, const Layout &layout)
{
    ScatteredBuffer src(layout, 0xa5);
    FlatBuffer flat_src(src.size(), 0xa5), dst(src.size());
    run_paired(
        state, src.size(), src.count(), calls_per_batch(src.size()),
        [&] {
            benchmark::DoNotOptimize(Api::to_buf(src.iov(), src.count(), 0, dst.data(), src.size()));
            benchmark::ClobberMemory();
        },
        [&] {
            std::memcpy(dst.data(), flat_src.data(), src.size());
            benchmark::ClobberMemory();
        });
}

template <class Api>
void bm_from_buf(benchmark::State &state, const Layout &layout)
{
    FlatBuffer src(stream_size(layout), 0xa5), flat_dst(stream_size(layout));
    ScatteredBuffer dst(layout, 0);
    run_paired(
        state, dst.size(), dst.count(), calls_per_batch(dst.size()),
        [&] {
            benchmark::DoNotOptimize(Api::from_buf(dst.iov(), dst.count(), 0, src.data(), src.size()));
            benchmark::ClobberMemory();
        },
        [&] {
            std::memcpy(flat_dst.data(), src.data(), src.size());
            benchmark::ClobberMemory();
        });
}

template <class Api>
void bm_memset(benchmark::State &state, const Layout &layout)
{
    ScatteredBuffer dst(layout, 0);
    FlatBuffer flat_dst(dst.size());
    run_paired(
        state, dst.size(), dst.count(), calls_per_batch(dst.size()),
        [&] {
            benchmark::DoNotOptimize(Api::memset(dst.iov(), dst.count(), 0, 0x3c, dst.size()));
            benchmark::ClobberMemory();
        },
        [&] {
            std::memset(flat_dst.data(), 0x3c, flat_dst.size());
            benchmark::ClobberMemory();
        });
}

// All-zero data: the answer needs every byte.
template <class Api>
void bm_is_zero(benchmark::State &state, const Layout &layout)
{
    ScatteredBuffer zeros(layout, 0);
    FlatBuffer flat_zeros(zeros.size());
    QEMUIOVector q;
    Api::init_external(&q, zeros.iov(), static_cast<int>(zeros.count()));
    if (!result_is(state, Api::is_zero(&q, 0, zeros.size()), true, "is_zero")) {
        return;
    }
    run_paired(
        state, zeros.size(), zeros.count(), calls_per_batch(zeros.size()),
        [&] { benchmark::DoNotOptimize(Api::is_zero(&q, 0, zeros.size())); },
        [&] {
            benchmark::DoNotOptimize(flat_zeros.data());
            benchmark::DoNotOptimize(flat_is_zero(flat_zeros.data(), flat_zeros.size()));
        });
}

// Equal data: the answer (-1) needs every byte.
template <class Api>
void bm_compare(benchmark::State &state, const Layout &layout)
{
    ScatteredBuffer a(layout, 0x5a), b(layout, 0x5a);
    FlatBuffer flat_a(a.size(), 0x5a), flat_b(a.size(), 0x5a);
    QEMUIOVector qa, qb;
    Api::init_external(&qa, a.iov(), static_cast<int>(a.count()));
    Api::init_external(&qb, b.iov(), static_cast<int>(b.count()));
    if (!result_is(state, Api::compare(&qa, &qb), -1, "compare")) {
        return;
    }
    run_paired(
        state, a.size(), a.count(), calls_per_batch(a.size()),
        [&] { benchmark::DoNotOptimize(Api::compare(&qa, &qb)); },
        [&] {
            benchmark::DoNotOptimize(flat_a.data());
            benchmark::DoNotOptimize(std::memcmp(flat_a.data(), flat_b.data(), flat_a.size()));
        });
}

// Range [1, size - 1) in chunks of at most kSendRecvChunk bytes: the first
// and last entries are always cut, as with a caller's offset.  One call of
// the row is the whole range, sent from one end and received at the other;
// the baseline moves the same chunks from and to flat buffers.
template <class Api>
void bm_send_recv(benchmark::State &state, const Layout &layout)
{
    SocketPair sockets;
    ScatteredBuffer out(layout, 0x6b), in(layout, 0);
    FlatBuffer flat_out(out.size(), 0x6b), flat_in(out.size());
    Chunks chunks = chunk_stream(layout, 1, out.size() - 2, kSendRecvChunk);
    size_t segments_met = 0;
    for (const Range &call : chunks.calls) {
        segments_met += call.segments;
    }
    bool failed = false;
    run_paired(
        state, out.size() - 2, segments_met, 1,
        [&] {
            for (const Range &call : chunks.calls) {
                ssize_t sent = Api::send_recv(sockets.fds[0], out.iov(), out.count(),
                                              call.offset, call.bytes, true);
                ssize_t received = Api::send_recv(sockets.fds[1], in.iov(), in.count(),
                                                  call.offset, call.bytes, false);
                failed |= sent != static_cast<ssize_t>(call.bytes) ||
                          received != static_cast<ssize_t>(call.bytes);
            }
        },
        [&] {
            for (const Range &call : chunks.calls) {
                failed |= !flat_send_all(sockets.fds[0], flat_out.data() + call.offset, call.bytes) ||
                          !flat_recv_all(sockets.fds[1], flat_in.data() + call.offset, call.bytes);
            }
        });
    if (failed) {
        state.SkipWithError("a send or receive moved fewer bytes than asked");
        return;
    }
    // Allocations per iov_send_recv call, not per row iteration.
    double socket_calls = 2.0 * static_cast<double>(chunks.calls.size());
    state.counters["socket_calls"] = socket_calls;
    state.counters["max_segments_per_socket_call"] = static_cast<double>(chunks.max_segments_per_call);
    if (state.counters["allocs_per_call"] >= 0) {
        state.counters["allocs_per_call"] /= socket_calls;
    }
}

// ---- Pointer builders -----------------------------------------------------

// iov_copy of the whole stream (`range` covers it) or of its first segments.
template <class Api>
void bm_iov_copy(benchmark::State &state, const Layout &layout, Range range)
{
    ScatteredBuffer src(layout, 0);
    std::vector<struct iovec> dst(std::max<size_t>(src.count(), 1));
    AllocationMeter meter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(Api::copy(dst.data(), static_cast<unsigned>(dst.size()),
                                           src.iov(), src.count(), range.offset, range.bytes));
        benchmark::ClobberMemory();
    }
    meter.report(state);
    report_segments(state, range.segments);
}

// Appends the whole of `src` to an owned vector that is reset, not freed,
// between calls: what is measured is the walk, not the array's growth.
template <class Api>
void bm_concat(benchmark::State &state, const Layout &layout)
{
    ScatteredBuffer src(layout, 0);
    QEMUIOVector source, dst;
    Api::init_external(&source, src.iov(), static_cast<int>(src.count()));
    Api::init(&dst, static_cast<int>(src.count()));
    AllocationMeter meter;
    for (auto _ : state) {
        Api::reset(&dst);
        Api::concat(&dst, &source, 0, src.size());
        benchmark::ClobberMemory();
    }
    Api::destroy(&dst);
    meter.report(state);
    report_segments(state, src.count());
}

// Each call builds (and allocates) a new vector, which the loop destroys.
template <class Api>
void bm_init_slice(benchmark::State &state, const Layout &layout, Range slice_range)
{
    ScatteredBuffer src(layout, 0);
    QEMUIOVector source, slice;
    Api::init_external(&source, src.iov(), static_cast<int>(src.count()));
    AllocationMeter meter;
    for (auto _ : state) {
        Api::init_slice(&slice, &source, slice_range.offset, slice_range.bytes);
        benchmark::DoNotOptimize(slice.iov);
        Api::destroy(&slice);
    }
    meter.report(state);
    report_segments(state, slice_range.segments);
}

// A 64-byte head and tail around stream `mid` of the layout.
template <class Api>
void bm_init_extended(benchmark::State &state, const Layout &layout, Range mid)
{
    ScatteredBuffer src(layout, 0);
    FlatBuffer head(64), tail(64);
    QEMUIOVector source, built;
    Api::init_external(&source, src.iov(), static_cast<int>(src.count()));
    AllocationMeter meter;
    for (auto _ : state) {
        int rc = Api::init_extended(&built, head.data(), head.size(), &source, mid.offset,
                                    mid.bytes, tail.data(), tail.size());
        if (!result_is(state, rc, 0, "init_extended")) {
            return;
        }
        benchmark::DoNotOptimize(built.iov);
        Api::destroy(&built);
    }
    meter.report(state);
    report_segments(state, mid.segments);
}

// Discards `bytes` from the front and undoes it: the caller's array is
// bitwise restored, so every iteration starts from the same state.
template <class Api>
void bm_discard_front(benchmark::State &state, const Layout &layout, size_t bytes,
                      size_t segments)
{
    ScatteredBuffer src(layout, 0);
    AllocationMeter meter;
    for (auto _ : state) {
        struct iovec *iov = src.iov();
        unsigned cnt = src.count();
        IOVDiscardUndo undo;
        benchmark::DoNotOptimize(Api::discard_front_undoable(&iov, &cnt, bytes, &undo));
        Api::discard_undo(&undo);
        benchmark::ClobberMemory();
    }
    meter.report(state);
    report_segments(state, segments);
}

template <class Api>
void bm_discard_back(benchmark::State &state, const Layout &layout, size_t bytes,
                     size_t segments)
{
    ScatteredBuffer src(layout, 0);
    AllocationMeter meter;
    for (auto _ : state) {
        unsigned cnt = src.count();
        IOVDiscardUndo undo;
        benchmark::DoNotOptimize(Api::discard_back_undoable(src.iov(), &cnt, bytes, &undo));
        Api::discard_undo(&undo);
        benchmark::ClobberMemory();
    }
    meter.report(state);
    report_segments(state, segments);
}

template <class Api>
void bm_clone(benchmark::State &state, size_t segments)
{
    CloneSource src(segments);
    FlatBuffer buf(src.union_size);
    QEMUIOVector source, dst;
    Api::init_external(&source, src.iov.data(), static_cast<int>(src.iov.size()));
    Api::init(&dst, static_cast<int>(segments));
    AllocationMeter meter;
    for (auto _ : state) {
        Api::reset(&dst);
        Api::clone(&dst, &source, buf.data());
        benchmark::ClobberMemory();
    }
    Api::destroy(&dst);
    meter.report(state);
    report_segments(state, segments);
}

// ---- Dispatch ---------------------------------------------------------------

// The body of `c` for an implementation reached through Api: one with the
// C API's signatures (core/ directly, or a table of function pointers) has
// every operation.
template <class Api>
Body api_body(const Case &c)
{
    const Layout &l = c.layout;
    const Range r = c.range;
    const std::string &op = c.operation;
    if (op == "to_buf") return [l](benchmark::State &s) { bm_to_buf<Api>(s, l); };
    if (op == "from_buf") return [l](benchmark::State &s) { bm_from_buf<Api>(s, l); };
    if (op == "memset") return [l](benchmark::State &s) { bm_memset<Api>(s, l); };
    if (op == "is_zero") return [l](benchmark::State &s) { bm_is_zero<Api>(s, l); };
    if (op == "compare") return [l](benchmark::State &s) { bm_compare<Api>(s, l); };
    if (op == "send_recv") return [l](benchmark::State &s) { bm_send_recv<Api>(s, l); };
    if (op.starts_with("iov_copy.")) return [l, r](benchmark::State &s) { bm_iov_copy<Api>(s, l, r); };
    if (op == "concat") return [l](benchmark::State &s) { bm_concat<Api>(s, l); };
    if (op == "init_slice") return [l, r](benchmark::State &s) { bm_init_slice<Api>(s, l, r); };
    if (op == "init_extended") return [l, r](benchmark::State &s) { bm_init_extended<Api>(s, l, r); };
    if (op.starts_with("discard_front.")) {
        return [l, r](benchmark::State &s) { bm_discard_front<Api>(s, l, r.bytes, r.segments); };
    }
    if (op.starts_with("discard_back.")) {
        return [l, r](benchmark::State &s) { bm_discard_back<Api>(s, l, r.bytes, r.segments); };
    }
    if (op == "clone") return [r](benchmark::State &s) { bm_clone<Api>(s, r.segments); };
    return {};
}

}  // namespace iovcheck::bench
