// The model's rows: the same cases as core's, on the model's own terms.  The
// model states each operation on a flat view (a byte array indexed by
// address, segments as {base, len} pairs), so a layout becomes a
// model::Memory holding the arena and a model::Iov of arena offsets; the
// timed loop calls the model exactly as the oracle does.
//
// iov_send_recv has no model row: the model computes what a transfer must
// produce, it moves no bytes through a socket.
#include <iovcheck/model.h>

#include <cstdint>

#include "cases.h"
#include "operations.h"

namespace iovcheck::bench {
namespace {

// A layout in the model's terms: the ScatteredBuffer arena as Memory,
// its segments as offsets into it, optionally `base` bytes further in.
struct ModelLayout {
    model::Memory memory;
    model::Iov iov;
    size_t size;
    ModelLayout(const Layout &layout, unsigned char fill, size_t copies = 1)
        : size(stream_size(layout))
    {
        size_t arena_size = 0;
        std::vector<size_t> offsets = scattered_offsets(layout, &arena_size);
        memory = model::Memory(arena_size * copies);
        std::fill(memory.bytes().begin(), memory.bytes().end(), fill);
        for (size_t copy = 0; copy < copies; ++copy) {
            for (size_t i = 0; i < offsets.size(); ++i) {
                iov.push_back(model::Seg{copy * arena_size + offsets[i], layout.lengths[i]});
            }
        }
    }
    size_t count() const { return iov.size(); }
};

template <class T>
bool model_accepts(benchmark::State &state, const model::Outcome<T> &outcome)
{
    if (outcome.violation) {
        state.SkipWithError(("model rejected the call: " + outcome.why).c_str());
        return false;
    }
    return true;
}

model::Vector external(const model::Iov &iov)
{
    model::Vector q;
    model::qiov_init_external(q, iov, static_cast<int>(iov.size()));
    return q;
}

void model_to_buf(benchmark::State &state, const Layout &layout)
{
    ModelLayout src(layout, 0xa5);
    AllocationMeter meter;
    for (auto _ : state) {
        auto out = model::to_buf(src.memory, src.iov, 0, src.size);
        benchmark::DoNotOptimize(out.value.data());
    }
    meter.report(state);
    report_bytes(state, src.size, src.count());
}

void model_from_buf(benchmark::State &state, const Layout &layout)
{
    FlatBuffer src(stream_size(layout), 0xa5);
    ModelLayout dst(layout, 0);
    AllocationMeter meter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::from_buf(dst.memory, dst.iov, 0, src.data(), src.size()));
    }
    meter.report(state);
    report_bytes(state, dst.size, dst.count());
}

void model_memset(benchmark::State &state, const Layout &layout)
{
    ModelLayout dst(layout, 0);
    AllocationMeter meter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::memset(dst.memory, dst.iov, 0, 0x3c, dst.size));
    }
    meter.report(state);
    report_bytes(state, dst.size, dst.count());
}

void model_is_zero(benchmark::State &state, const Layout &layout)
{
    ModelLayout zeros(layout, 0);
    model::Vector q = external(zeros.iov);
    if (!model_accepts(state, model::qiov_is_zero(zeros.memory, q, 0, zeros.size))) {
        return;
    }
    AllocationMeter meter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::qiov_is_zero(zeros.memory, q, 0, zeros.size));
    }
    meter.report(state);
    report_bytes(state, zeros.size, zeros.count());
}

// Both vectors in one Memory: the layout twice, one arena after the other.
void model_compare(benchmark::State &state, const Layout &layout)
{
    ModelLayout both(layout, 0x5a, 2);
    size_t n = layout.lengths.size();
    model::Vector a = external(model::Iov(both.iov.begin(), both.iov.begin() + n));
    model::Vector b = external(model::Iov(both.iov.begin() + n, both.iov.end()));
    auto first = model::qiov_compare(both.memory, a, b);
    if (!model_accepts(state, first) || !result_is(state, first.value, -1, "model compare")) {
        return;
    }
    AllocationMeter meter;
    for (auto _ : state) {
        benchmark::DoNotOptimize(model::qiov_compare(both.memory, a, b));
    }
    meter.report(state);
    report_bytes(state, both.size, n);
}

void model_iov_copy(benchmark::State &state, const Layout &layout, Range range)
{
    ModelLayout src(layout, 0);
    unsigned dst_cnt = static_cast<unsigned>(std::max<size_t>(src.count(), 1));
    AllocationMeter meter;
    for (auto _ : state) {
        auto out = model::copy(src.iov, dst_cnt, range.offset, range.bytes);
        benchmark::DoNotOptimize(out.value.data());
    }
    meter.report(state);
    report_segments(state, range.segments);
}

void model_concat(benchmark::State &state, const Layout &layout)
{
    ModelLayout src(layout, 0);
    model::Vector source = external(src.iov), dst;
    model::qiov_init(dst, static_cast<int>(src.count()));
    AllocationMeter meter;
    for (auto _ : state) {
        model::qiov_reset(dst);
        benchmark::DoNotOptimize(model::qiov_concat(dst, source, 0, src.size));
    }
    meter.report(state);
    report_segments(state, src.count());
}

void model_init_slice(benchmark::State &state, const Layout &layout, Range slice_range)
{
    ModelLayout src(layout, 0);
    model::Vector source = external(src.iov);
    AllocationMeter meter;
    for (auto _ : state) {
        model::Vector slice;
        benchmark::DoNotOptimize(
            model::qiov_init_slice(slice, source, slice_range.offset, slice_range.bytes));
        model::qiov_destroy(slice);
    }
    meter.report(state);
    report_segments(state, slice_range.segments);
}

// Head and tail live past the arena: init_extended never reads them.
void model_init_extended(benchmark::State &state, const Layout &layout, Range mid)
{
    ModelLayout src(layout, 0);
    model::Vector source = external(src.iov);
    uintptr_t head = src.memory.bytes().size(), tail = head + 64;
    AllocationMeter meter;
    for (auto _ : state) {
        model::Vector built;
        auto rc = model::qiov_init_extended(built, head, 64, source, mid.offset, mid.bytes, tail, 64);
        if (!model_accepts(state, rc) || !result_is(state, rc.value, 0, "model init_extended")) {
            return;
        }
        model::qiov_destroy(built);
    }
    meter.report(state);
    report_segments(state, mid.segments);
}

// Discard then undo, and the caller's view put back, as core's rows do.
template <bool kFront>
void model_discard(benchmark::State &state, const Layout &layout, size_t bytes, size_t segments)
{
    ModelLayout src(layout, 0);
    model::View view{src.iov, 0, static_cast<unsigned>(src.count())};
    AllocationMeter meter;
    for (auto _ : state) {
        model::Undo undo;
        if constexpr (kFront) {
            benchmark::DoNotOptimize(model::discard_front(view, bytes, &undo));
        } else {
            benchmark::DoNotOptimize(model::discard_back(view, bytes, &undo));
        }
        model::discard_undo(view, undo);
        view.start = 0;
        view.cnt = static_cast<unsigned>(src.count());
    }
    meter.report(state);
    report_segments(state, segments);
}

void model_clone(benchmark::State &state, size_t segments)
{
    CloneSource src(segments);
    model::Iov iov;
    for (const struct iovec &e : src.iov) {
        iov.push_back(model::Seg{static_cast<uintptr_t>(static_cast<unsigned char *>(e.iov_base) -
                                                        src.arena.data()),
                                 e.iov_len});
    }
    model::Vector source = external(iov), dst;
    model::qiov_init(dst, static_cast<int>(segments));
    uintptr_t buf = src.arena.size();  // clone reads no byte of buf
    AllocationMeter meter;
    for (auto _ : state) {
        model::qiov_reset(dst);
        benchmark::DoNotOptimize(model::qiov_clone(dst, source, buf));
    }
    meter.report(state);
    report_segments(state, segments);
}

}  // namespace

Body model_body(const Case &c)
{
    const Layout &l = c.layout;
    const Range r = c.range;
    const std::string &op = c.operation;
    if (op == "to_buf") return [l](benchmark::State &s) { model_to_buf(s, l); };
    if (op == "from_buf") return [l](benchmark::State &s) { model_from_buf(s, l); };
    if (op == "memset") return [l](benchmark::State &s) { model_memset(s, l); };
    if (op == "is_zero") return [l](benchmark::State &s) { model_is_zero(s, l); };
    if (op == "compare") return [l](benchmark::State &s) { model_compare(s, l); };
    if (op.starts_with("iov_copy.")) return [l, r](benchmark::State &s) { model_iov_copy(s, l, r); };
    if (op == "concat") return [l](benchmark::State &s) { model_concat(s, l); };
    if (op == "init_slice") return [l, r](benchmark::State &s) { model_init_slice(s, l, r); };
    if (op == "init_extended") return [l, r](benchmark::State &s) { model_init_extended(s, l, r); };
    if (op.starts_with("discard_front.")) {
        return [l, r](benchmark::State &s) { model_discard<true>(s, l, r.bytes, r.segments); };
    }
    if (op.starts_with("discard_back.")) {
        return [l, r](benchmark::State &s) { model_discard<false>(s, l, r.bytes, r.segments); };
    }
    if (op == "clone") return [r](benchmark::State &s) { model_clone(s, r.segments); };
    return {};  // send_recv
}

}  // namespace iovcheck::bench
