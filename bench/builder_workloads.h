// The workloads of the pointer builders, the discards, clone and
// qemu_iovec_slice (see workloads.h for what a workload is).  They have no
// flat baseline; their core rows take CPU time per call.
#pragma once

#include <benchmark/benchmark.h>
#include <iovcheck/iov.h>

#include <algorithm>
#include <vector>

#include "cases.h"
#include "layouts.h"
#include "operations.h"

namespace iovcheck::bench {

// iov_copy of the whole stream (the Case's range covers it) or of its
// first segments.
struct IovCopyWork {
    ScatteredBuffer src;
    std::vector<struct iovec> dst;
    Range range;
    explicit IovCopyWork(const Case &c)
        : src(c.layout, 0), dst(std::max<size_t>(src.count(), 1)), range(c.range)
    {
    }
    size_t bytes() const { return 0; }
    size_t segments() const { return range.segments; }
    template <class Api>
    struct Side {
        IovCopyWork &w;
        void operator()()
        {
            benchmark::DoNotOptimize(Api::copy(w.dst.data(), static_cast<unsigned>(w.dst.size()),
                                               w.src.iov(), w.src.count(), w.range.offset,
                                               w.range.bytes));
            benchmark::ClobberMemory();
        }
    };
};

// Appends the whole source to an owned vector that is reset, not freed,
// between calls: what is measured is the walk, not the array's growth.
struct ConcatWork {
    ScatteredBuffer src;
    explicit ConcatWork(const Case &c) : src(c.layout, 0) {}
    size_t bytes() const { return 0; }
    size_t segments() const { return src.count(); }
    template <class Api>
    struct Side {
        ConcatWork &w;
        QEMUIOVector source, dst;
        explicit Side(ConcatWork &work) : w(work)
        {
            Api::init_external(&source, w.src.iov(), static_cast<int>(w.src.count()));
            Api::init(&dst, static_cast<int>(w.src.count()));
        }
        ~Side() { Api::destroy(&dst); }
        Side(const Side &) = delete;
        Side &operator=(const Side &) = delete;
        void operator()()
        {
            Api::reset(&dst);
            Api::concat(&dst, &source, 0, w.src.size());
            benchmark::ClobberMemory();
        }
    };
};

// Each call builds (and allocates) a new vector of the Case's range, which
// the call then destroys.
struct InitSliceWork {
    ScatteredBuffer src;
    Range range;
    explicit InitSliceWork(const Case &c) : src(c.layout, 0), range(c.range) {}
    size_t bytes() const { return 0; }
    size_t segments() const { return range.segments; }
    template <class Api>
    struct Side {
        InitSliceWork &w;
        QEMUIOVector source, slice;
        explicit Side(InitSliceWork &work) : w(work)
        {
            Api::init_external(&source, w.src.iov(), static_cast<int>(w.src.count()));
        }
        void operator()()
        {
            Api::init_slice(&slice, &source, w.range.offset, w.range.bytes);
            benchmark::DoNotOptimize(slice.iov);
            Api::destroy(&slice);
        }
    };
};

// A 64-byte head and tail around the Case's range of the layout.
struct InitExtendedWork {
    ScatteredBuffer src;
    FlatBuffer head, tail;
    Range mid;
    explicit InitExtendedWork(const Case &c) : src(c.layout, 0), head(64), tail(64), mid(c.range)
    {
    }
    size_t bytes() const { return 0; }
    size_t segments() const { return mid.segments; }
    template <class Api>
    struct Side {
        InitExtendedWork &w;
        QEMUIOVector source, built;
        explicit Side(InitExtendedWork &work) : w(work)
        {
            Api::init_external(&source, w.src.iov(), static_cast<int>(w.src.count()));
        }
        int build()
        {
            return Api::init_extended(&built, w.head.data(), w.head.size(), &source, w.mid.offset,
                                      w.mid.bytes, w.tail.data(), w.tail.size());
        }
        bool ready(benchmark::State &state)
        {
            int rc = build();
            if (rc == 0) {
                Api::destroy(&built);
            }
            return result_is(state, rc, 0, "init_extended");
        }
        void operator()()
        {
            benchmark::DoNotOptimize(build());
            benchmark::DoNotOptimize(built.iov);
            Api::destroy(&built);
        }
    };
};

// The newer generations' qemu_iovec_slice over the Case's range: the lookup
// of the entries a slice takes, no vector built.
struct SliceWork {
    ScatteredBuffer src;
    Range range;
    explicit SliceWork(const Case &c) : src(c.layout, 0), range(c.range) {}
    size_t bytes() const { return 0; }
    size_t segments() const { return range.segments; }
    template <class Api>
    struct Side {
        SliceWork &w;
        QEMUIOVector source;
        explicit Side(SliceWork &work) : w(work)
        {
            Api::init_external(&source, w.src.iov(), static_cast<int>(w.src.count()));
        }
        bool ready(benchmark::State &state)
        {
            size_t head = 0, tail = 0;
            int niov = 0;
            Api::slice(&source, w.range.offset, w.range.bytes, &head, &tail, &niov);
            return result_is(state, niov, static_cast<long long>(w.range.segments), "slice niov");
        }
        void operator()()
        {
            size_t head, tail;
            int niov;
            benchmark::DoNotOptimize(
                Api::slice(&source, w.range.offset, w.range.bytes, &head, &tail, &niov));
            benchmark::DoNotOptimize(head);
            benchmark::DoNotOptimize(tail);
            benchmark::DoNotOptimize(niov);
        }
    };
};

// Discards the Case's `bytes` from the front or the back and undoes it: the
// caller's array is bitwise restored, so every call starts from the same
// state.
template <bool kFront>
struct DiscardWork {
    ScatteredBuffer src;
    Range range;
    explicit DiscardWork(const Case &c) : src(c.layout, 0), range(c.range) {}
    size_t bytes() const { return 0; }
    size_t segments() const { return range.segments; }
    template <class Api>
    struct Side {
        DiscardWork &w;
        void operator()()
        {
            struct iovec *iov = w.src.iov();
            unsigned cnt = w.src.count();
            IOVDiscardUndo undo;
            if constexpr (kFront) {
                benchmark::DoNotOptimize(
                    Api::discard_front_undoable(&iov, &cnt, w.range.bytes, &undo));
            } else {
                benchmark::DoNotOptimize(
                    Api::discard_back_undoable(iov, &cnt, w.range.bytes, &undo));
            }
            Api::discard_undo(&undo);
            benchmark::ClobberMemory();
        }
    };
};

// Clones a source of the Case's `segments` entries (CloneSource) into an
// owned vector that is reset, not freed, between calls.
struct CloneWork {
    CloneSource src;
    FlatBuffer buf;
    explicit CloneWork(const Case &c) : src(c.range.segments), buf(src.union_size) {}
    size_t bytes() const { return 0; }
    size_t segments() const { return src.iov.size(); }
    template <class Api>
    struct Side {
        CloneWork &w;
        QEMUIOVector source, dst;
        explicit Side(CloneWork &work) : w(work)
        {
            Api::init_external(&source, w.src.iov.data(), static_cast<int>(w.src.iov.size()));
            Api::init(&dst, static_cast<int>(w.src.iov.size()));
        }
        ~Side() { Api::destroy(&dst); }
        Side(const Side &) = delete;
        Side &operator=(const Side &) = delete;
        void operator()()
        {
            Api::reset(&dst);
            Api::clone(&dst, &source, w.buf.data());
            benchmark::ClobberMemory();
        }
    };
};

}  // namespace iovcheck::bench
