// What each row measures, apart from who is measured: one workload per
// operation of the API.  A workload builds the row's memory once (from its
// Case) and has a Side<Api> per implementation measured on it: the side
// holds what that implementation needs of its own (a vector initialised by
// it), and its operator() makes one call.  Two sides on one workload touch
// the same bytes, so core and another implementation, alternated in one row
// (run_versus), meet the same caches and addresses.
//
// Every workload has bytes() (0 for the pointer builders) and segments()
// (what one call meets).  A byte mover also has baseline(): the same work on
// one flat buffer (run_paired).  A side may have ready(state): a first call
// checked before the timed loop (a wrong answer stops the row with an error).
//
// The pointer builders are in builder_workloads.h.
#pragma once

#include <benchmark/benchmark.h>
#include <iovcheck/iov.h>

#include <cstring>

#include "cases.h"
#include "layouts.h"
#include "operations.h"

namespace iovcheck::bench {

// Baseline of to_buf and from_buf: memcpy between the flat buffers.  Each
// side's destination is shared with its baseline, so both write the same
// cache lines.
struct ToBufWork {
    ScatteredBuffer src;
    FlatBuffer flat_src, dst;
    explicit ToBufWork(const Case &c)
        : src(c.layout, 0xa5), flat_src(src.size(), 0xa5), dst(src.size())
    {
    }
    size_t bytes() const { return src.size(); }
    size_t segments() const { return src.count(); }
    template <class Api>
    struct Side {
        ToBufWork &w;
        void operator()()
        {
            benchmark::DoNotOptimize(
                Api::to_buf(w.src.iov(), w.src.count(), 0, w.dst.data(), w.src.size()));
            benchmark::ClobberMemory();
        }
    };
    auto baseline()
    {
        return [this] {
            std::memcpy(dst.data(), flat_src.data(), src.size());
            benchmark::ClobberMemory();
        };
    }
};

struct FromBufWork {
    FlatBuffer src, flat_dst;
    ScatteredBuffer dst;
    explicit FromBufWork(const Case &c)
        : src(stream_size(c.layout), 0xa5), flat_dst(stream_size(c.layout)), dst(c.layout, 0)
    {
    }
    size_t bytes() const { return dst.size(); }
    size_t segments() const { return dst.count(); }
    template <class Api>
    struct Side {
        FromBufWork &w;
        void operator()()
        {
            benchmark::DoNotOptimize(
                Api::from_buf(w.dst.iov(), w.dst.count(), 0, w.src.data(), w.src.size()));
            benchmark::ClobberMemory();
        }
    };
    auto baseline()
    {
        return [this] {
            std::memcpy(flat_dst.data(), src.data(), src.size());
            benchmark::ClobberMemory();
        };
    }
};

struct MemsetWork {
    ScatteredBuffer dst;
    FlatBuffer flat_dst;
    explicit MemsetWork(const Case &c) : dst(c.layout, 0), flat_dst(dst.size()) {}
    size_t bytes() const { return dst.size(); }
    size_t segments() const { return dst.count(); }
    template <class Api>
    struct Side {
        MemsetWork &w;
        void operator()()
        {
            benchmark::DoNotOptimize(
                Api::memset(w.dst.iov(), w.dst.count(), 0, 0x3c, w.dst.size()));
            benchmark::ClobberMemory();
        }
    };
    auto baseline()
    {
        return [this] {
            std::memset(flat_dst.data(), 0x3c, flat_dst.size());
            benchmark::ClobberMemory();
        };
    }
};

// All-zero data: the answer needs every byte.
struct IsZeroWork {
    ScatteredBuffer zeros;
    FlatBuffer flat_zeros;
    explicit IsZeroWork(const Case &c) : zeros(c.layout, 0), flat_zeros(zeros.size()) {}
    size_t bytes() const { return zeros.size(); }
    size_t segments() const { return zeros.count(); }
    template <class Api>
    struct Side {
        IsZeroWork &w;
        QEMUIOVector q;
        explicit Side(IsZeroWork &work) : w(work)
        {
            Api::init_external(&q, w.zeros.iov(), static_cast<int>(w.zeros.count()));
        }
        bool ready(benchmark::State &state)
        {
            return result_is(state, Api::is_zero(&q, 0, w.zeros.size()), true, "is_zero");
        }
        void operator()() { benchmark::DoNotOptimize(Api::is_zero(&q, 0, w.zeros.size())); }
    };
    auto baseline()
    {
        return [this] {
            benchmark::DoNotOptimize(flat_zeros.data());
            benchmark::DoNotOptimize(flat_is_zero(flat_zeros.data(), flat_zeros.size()));
        };
    }
};

// Equal data: the answer (-1) needs every byte.
struct CompareWork {
    ScatteredBuffer a, b;
    FlatBuffer flat_a, flat_b;
    explicit CompareWork(const Case &c)
        : a(c.layout, 0x5a), b(c.layout, 0x5a), flat_a(a.size(), 0x5a), flat_b(a.size(), 0x5a)
    {
    }
    size_t bytes() const { return a.size(); }
    size_t segments() const { return a.count(); }
    template <class Api>
    struct Side {
        CompareWork &w;
        QEMUIOVector qa, qb;
        explicit Side(CompareWork &work) : w(work)
        {
            Api::init_external(&qa, w.a.iov(), static_cast<int>(w.a.count()));
            Api::init_external(&qb, w.b.iov(), static_cast<int>(w.b.count()));
        }
        bool ready(benchmark::State &state)
        {
            return result_is(state, Api::compare(&qa, &qb), -1, "compare");
        }
        void operator()() { benchmark::DoNotOptimize(Api::compare(&qa, &qb)); }
    };
    auto baseline()
    {
        return [this] {
            benchmark::DoNotOptimize(flat_a.data());
            benchmark::DoNotOptimize(std::memcmp(flat_a.data(), flat_b.data(), flat_a.size()));
        };
    }
};

// Range [1, size - 1) in chunks of at most kSendRecvChunk bytes: the first
// and last entries are always cut, as with a caller's offset.  One call of
// the row is the whole range, sent from one end and received at the other;
// the baseline moves the same chunks from and to flat buffers.
struct SendRecvWork {
    SocketPair sockets;
    ScatteredBuffer out, in;
    FlatBuffer flat_out, flat_in;
    Chunks chunks;
    size_t segments_met = 0;
    bool failed = false;
    explicit SendRecvWork(const Case &c)
        : out(c.layout, 0x6b), in(c.layout, 0), flat_out(out.size(), 0x6b), flat_in(out.size()),
          chunks(chunk_stream(c.layout, 1, out.size() - 2, kSendRecvChunk))
    {
        for (const Range &call : chunks.calls) {
            segments_met += call.segments;
        }
    }
    size_t bytes() const { return out.size() - 2; }
    size_t segments() const { return segments_met; }
    // One call of the row is a whole transfer: the baseline's pairing takes
    // one per batch.
    static constexpr size_t kCallsPerBatch = 1;
    template <class Api>
    struct Side {
        SendRecvWork &w;
        void operator()()
        {
            for (const Range &call : w.chunks.calls) {
                ssize_t sent = Api::send_recv(w.sockets.fds[0], w.out.iov(), w.out.count(),
                                              call.offset, call.bytes, true);
                ssize_t received = Api::send_recv(w.sockets.fds[1], w.in.iov(), w.in.count(),
                                                  call.offset, call.bytes, false);
                w.failed |= sent != static_cast<ssize_t>(call.bytes) ||
                            received != static_cast<ssize_t>(call.bytes);
            }
        }
    };
    auto baseline()
    {
        return [this] {
            for (const Range &call : chunks.calls) {
                const size_t at = call.offset;
                failed |= !flat_send_all(sockets.fds[0], flat_out.data() + at, call.bytes) ||
                          !flat_recv_all(sockets.fds[1], flat_in.data() + at, call.bytes);
            }
        };
    }
    // After the timed loop: a short transfer is an error, and allocations
    // are counted per iov_send_recv call, not per row iteration.
    void finish(benchmark::State &state)
    {
        if (failed) {
            state.SkipWithError("a send or receive moved fewer bytes than asked");
            return;
        }
        double socket_calls = 2.0 * static_cast<double>(chunks.calls.size());
        state.counters["socket_calls"] = socket_calls;
        state.counters["max_segments_per_socket_call"] =
            static_cast<double>(chunks.max_segments_per_call);
        if (state.counters.count("allocs_per_call") && state.counters["allocs_per_call"] >= 0) {
            state.counters["allocs_per_call"] /= socket_calls;
        }
    }
};

}  // namespace iovcheck::bench
