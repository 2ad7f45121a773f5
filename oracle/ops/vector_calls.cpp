// How the calls on QEMUIOVector slots (vector_ops.h) run on the model and
// on an implementation (see oracle/src/op_calls.h).  c.q is the slot the
// call acts on; the oracle has already destroyed an owned vector there
// before an init (records with `initialises`).
#include "op_calls.h"

#include <string>
#include <vector>

namespace iovcheck::oracle_internal {

using model::Seg;

// ---- Initialisations ----------------------------------------------------------------------

void model_run(const ops::QInit &r, ModelCall &c) { take(c.o, model::qiov_init(*c.q, static_cast<int>(r.alloc_hint.v))); }
void impl_run(const ops::QInit &r, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_init(c.q, static_cast<int>(r.alloc_hint.v)); });
}

void model_run(const ops::QInitExternal &r, ModelCall &c)
{
    take(c.o, model::qiov_init_external(*c.q, c.w.view.array, static_cast<int>(r.niov.v)));
}
void impl_run(const ops::QInitExternal &r, RealCall &c)
{
    RealWorld &w = c.w;
    std::vector<struct iovec> copy(w.array);  // guard entries included
    w.external_arrays.push_back(std::move(copy));
    struct iovec *ext = w.external_arrays.back().data() + 1;
    c.o.violation = run_call([&] { w.impl.qemu_iovec_init_external(c.q, ext, static_cast<int>(r.niov.v)); });
    if (!c.o.violation) {
        w.external_of[r.slot.v] = ext;
    }
}

void model_run(const ops::QInitBuf &r, ModelCall &c) { model::qiov_init_buf(*c.q, seg_range(c.w.space, c.layout, r)); }
void impl_run(const ops::QInitBuf &r, RealCall &c)
{
    c.o.violation = run_call([&] {
        const Seg s = seg_range(c.w.space, c.w.layout, r);
        c.w.impl.qemu_iovec_init_buf(c.q, c.w.at(s.base), s.len);
    });
}

void model_run(const ops::QInitBufMacro &r, ModelCall &c)
{
    model::qiov_init_buf(*c.q, seg_range(c.w.space, c.layout, r));
}
void impl_run(const ops::QInitBufMacro &r, RealCall &c)
{
    c.o.violation = run_call([&] {
        const Seg s = seg_range(c.w.space, c.w.layout, r);
        c.w.impl.qemu_iovec_init_buf_macro(c.q, c.w.at(s.base), s.len);
    });
}

void model_run(const ops::QInitExtended &r, ModelCall &c)
{
    ModelWorld &w = c.w;
    auto result = model::qiov_init_extended(*c.q, w.space.side_base, r.head_len.v, w.slots[r.mid.v], r.mid_offset.v,
                                            r.mid_len.v, w.space.side_base, r.tail_len.v);
    take(c.o, result);
    c.o.set_ret(result.value);
}
void impl_run(const ops::QInitExtended &r, RealCall &c)
{
    RealWorld &w = c.w;
    void *side = w.at(w.space.side_base);
    call_with_ret(c.o, [&] {
        return w.impl.qemu_iovec_init_extended(c.q, side, r.head_len.v, &w.slots[r.mid.v], r.mid_offset.v,
                                               r.mid_len.v, side, r.tail_len.v);
    });
}

void model_run(const ops::QInitSlice &r, ModelCall &c)
{
    take(c.o, model::qiov_init_slice(*c.q, c.w.slots[r.src.v], r.offset.v, r.len.v));
}
void impl_run(const ops::QInitSlice &r, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_init_slice(c.q, &c.w.slots[r.src.v], r.offset.v, r.len.v); });
}

// ---- Building and reshaping a vector --------------------------------------------------------

void model_run(const ops::QBuf &, ModelCall &c) { take_with_ret(c.o, model::qiov_buf(*c.q)); }
void impl_run(const ops::QBuf &, RealCall &c)
{
    void *buf = nullptr;
    c.o.violation = run_call([&] { buf = c.w.impl.qemu_iovec_buf(c.q); });
    c.o.set_ret(buf ? static_cast<long long>(c.w.addr_of(buf)) : 0);
}

void model_run(const ops::QAdd &r, ModelCall &c) { take(c.o, model::qiov_add(*c.q, seg_range(c.w.space, c.layout, r))); }
void impl_run(const ops::QAdd &r, RealCall &c)
{
    c.o.violation = run_call([&] {
        const Seg s = seg_range(c.w.space, c.w.layout, r);
        c.w.impl.qemu_iovec_add(c.q, c.w.at(s.base), s.len);
    });
}

void model_run(const ops::QConcatIov &r, ModelCall &c)
{
    take_with_ret(c.o, model::qiov_concat_iov(*c.q, c.w.view.span(), r.soffset.v, r.sbytes.v));
}
void impl_run(const ops::QConcatIov &r, RealCall &c)
{
    call_with_ret(c.o, [&] {
        return c.w.impl.qemu_iovec_concat_iov(c.q, c.w.view_iov, c.w.view_cnt, r.soffset.v, r.sbytes.v);
    });
}

void model_run(const ops::QConcat &r, ModelCall &c)
{
    take(c.o, model::qiov_concat(*c.q, c.w.slots[r.src.v], r.soffset.v, r.sbytes.v));
}
void impl_run(const ops::QConcat &r, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_concat(c.q, &c.w.slots[r.src.v], r.soffset.v, r.sbytes.v); });
}

void model_run(const ops::QSubvecNiov &r, ModelCall &c)
{
    take_with_ret(c.o, model::qiov_subvec_niov(*c.q, r.offset.v, r.len.v));
}
void impl_run(const ops::QSubvecNiov &r, RealCall &c)
{
    call_with_ret(c.o, [&] { return c.w.impl.qemu_iovec_subvec_niov(c.q, r.offset.v, r.len.v); });
}

void model_run(const ops::QClone &r, ModelCall &c)
{
    ModelWorld &w = c.w;
    const size_t needed = model::clone_union_size(w.slots[r.src.v]);
    if (needed > w.space.spare_len) {
        c.o.skipped = true;
        c.o.skip_reason = "the clone needs " + std::to_string(needed) + " bytes, the clone buffer has " +
                          std::to_string(w.space.spare_len);
        return;
    }
    take(c.o, model::qiov_clone(*c.q, w.slots[r.src.v], w.space.spare_base));
}
void impl_run(const ops::QClone &r, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_clone(c.q, &c.w.slots[r.src.v], c.w.at(c.w.space.spare_base)); });
}

void model_run(const ops::QReset &, ModelCall &c) { take(c.o, model::qiov_reset(*c.q)); }
void impl_run(const ops::QReset &, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_reset(c.q); });
}

void model_run(const ops::QDestroy &, ModelCall &c) { model::qiov_destroy(*c.q); }
void impl_run(const ops::QDestroy &, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_destroy(c.q); });
}

void model_run(const ops::QDiscardBack &r, ModelCall &c) { take(c.o, model::qiov_discard_back(*c.q, r.bytes.v)); }
void impl_run(const ops::QDiscardBack &r, RealCall &c)
{
    c.o.violation = run_call([&] { c.w.impl.qemu_iovec_discard_back(c.q, r.bytes.v); });
}

namespace {

// The slice's bounds as the oracle compares them: the entry index of the
// returned pointer as the return value, head, tail and niov as text.
void observe_slice(Observed &o, long long first, size_t head, size_t tail, int niov)
{
    o.set_ret(first);
    const std::string text =
        "head=" + std::to_string(head) + " tail=" + std::to_string(tail) + " niov=" + std::to_string(niov);
    o.set_data("head, tail and niov", std::vector<uint8_t>(text.begin(), text.end()));
}

}  // namespace

void model_run(const ops::QSlice &r, ModelCall &c)
{
    auto result = model::qiov_slice(*c.q, r.offset.v, r.len.v);
    take(c.o, result);
    if (!result.violation) {
        observe_slice(c.o, static_cast<long long>(result.value.first), result.value.head, result.value.tail,
                      result.value.niov);
    }
}
void impl_run(const ops::QSlice &r, RealCall &c)
{
    size_t head = 0, tail = 0;
    int niov = 0;
    struct iovec *first = nullptr;
    c.o.violation = run_call([&] { first = c.w.impl.qemu_iovec_slice(c.q, r.offset.v, r.len.v, &head, &tail, &niov); });
    if (!c.o.violation) {
        observe_slice(c.o, first - c.q->iov, head, tail, niov);
    }
}

// ---- Reading and writing through a vector -----------------------------------------------------

void model_run(const ops::QIsZero &r, ModelCall &c)
{
    take_with_ret(c.o, model::qiov_is_zero(c.w.mem, *c.q, r.offset.v, r.bytes.v));
}
void impl_run(const ops::QIsZero &r, RealCall &c)
{
    call_with_ret(c.o, [&] { return c.w.impl.qemu_iovec_is_zero(c.q, r.offset.v, r.bytes.v); });
}

void model_run(const ops::QToBuf &r, ModelCall &c) { model_to_buf(c.o, c.w.mem, c.q->entries, r.offset.v, r.bytes.v); }
void impl_run(const ops::QToBuf &r, RealCall &c)
{
    call_to_buf(c.o, c.plan, [&](uint8_t *dst) { return c.w.impl.qemu_iovec_to_buf(c.q, r.offset.v, dst, r.bytes.v); });
}

void model_run(const ops::QFromBuf &r, ModelCall &c)
{
    model_from_buf(c.o, c.w.mem, c.q->entries, r.offset.v, r.bytes.v, c.op_index);
}
void impl_run(const ops::QFromBuf &r, RealCall &c)
{
    call_from_buf(c.o, c.plan, c.op_index,
                  [&](const uint8_t *src) { return c.w.impl.qemu_iovec_from_buf(c.q, r.offset.v, src, r.bytes.v); });
}

void model_run(const ops::QMemset &r, ModelCall &c)
{
    take_with_ret(c.o, model::memset(c.w.mem, c.q->entries, r.offset.v, static_cast<int>(r.fillc.v), r.bytes.v));
}
void impl_run(const ops::QMemset &r, RealCall &c)
{
    call_with_ret(c.o,
                  [&] { return c.w.impl.qemu_iovec_memset(c.q, r.offset.v, static_cast<int>(r.fillc.v), r.bytes.v); });
}

void model_run(const ops::QCompare &r, ModelCall &c)
{
    take_with_ret(c.o, model::qiov_compare(c.w.mem, *c.q, c.w.slots[r.b.v]));
}
void impl_run(const ops::QCompare &r, RealCall &c)
{
    call_with_ret(c.o, [&] { return c.w.impl.qemu_iovec_compare(c.q, &c.w.slots[r.b.v]); });
}

}  // namespace iovcheck::oracle_internal
