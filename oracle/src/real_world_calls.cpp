// The implementation's world, call by call: one function per operation
// family, each running the implementation under the installed contract
// handler with buffers sized by the model's plan.
#include "real_world.h"

#include "handlers.h"
#include "model_world.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace iovcheck::oracle_internal {

using model::Seg;

namespace {

// Source buffer of exactly the bytes the model expects the call to read
// (reading past it is a heap overflow).
template <class Call>
void call_from_buf(Observed &o, const Observed &plan, size_t op_index, Call &&call)
{
    const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
    std::vector<uint8_t> src = pattern(op_index, n);
    size_t ret = 0;
    o.violation = run_call([&] { ret = call(src.data()); });
    o.set_ret(static_cast<long long>(ret));
}

// Destination of the bytes the model expects the call to write, followed
// by canary bytes.
template <class Call>
void call_to_buf(Observed &o, const Observed &plan, Call &&call)
{
    const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
    std::vector<uint8_t> dst(n + kGuard);
    fill_canaries(dst.data(), 0, dst.size());
    size_t ret = 0;
    o.violation = run_call([&] { ret = call(dst.data()); });
    o.set_ret(static_cast<long long>(ret));
    for (size_t i = n; i < dst.size(); i++) {
        if (dst[i] != canary_byte(i)) {
            o.damage = "wrote buf[" + std::to_string(i) + "], past the " + std::to_string(n) + " bytes it may write";
            break;
        }
    }
    dst.resize(n);
    o.set_data("bytes read into buf", std::move(dst));
}

}  // namespace

void RealWorld::iov_call(const Op &op, size_t op_index, const Observed &plan, Observed &o)
{
    const auto &a = op.a;
    switch (op.kind) {
    case OpKind::FromBufFull:
        call_from_buf(o, plan, op_index, [&](const uint8_t *src) {
            return impl.iov_from_buf_full(view_iov, view_cnt, a[0], src, a[1]);
        });
        break;
    case OpKind::FromBuf:
        call_from_buf(o, plan, op_index,
                      [&](const uint8_t *src) { return impl.iov_from_buf(view_iov, view_cnt, a[0], src, a[1]); });
        break;
    case OpKind::ToBufFull:
        call_to_buf(o, plan, [&](uint8_t *dst) { return impl.iov_to_buf_full(view_iov, view_cnt, a[0], dst, a[1]); });
        break;
    case OpKind::ToBuf:
        call_to_buf(o, plan, [&](uint8_t *dst) { return impl.iov_to_buf(view_iov, view_cnt, a[0], dst, a[1]); });
        break;
    case OpKind::Memset: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.iov_memset(view_iov, view_cnt, a[0], static_cast<int>(a[1]), a[2]); });
        o.set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::Size: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.iov_size(view_iov, view_cnt); });
        o.set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::Copy: copy_call(op, o); break;
    case OpKind::Hexdump: hexdump_call(op, o); break;
    default: break;
    }
}

void RealWorld::copy_call(const Op &op, Observed &o)
{
    const auto &a = op.a;
    const auto dst_cnt = static_cast<unsigned>(a[0]);
    // Room for every entry the call may write (at most one per source
    // segment, or the one zero-length entry), with guard entries around.
    const size_t room = std::min<size_t>(dst_cnt, size_t{view_cnt} + 1);
    std::vector<struct iovec> dst(room + 2, kGuardEntry);
    unsigned ret = 0;
    o.violation = run_call([&] { ret = impl.iov_copy(dst.data() + 1, dst_cnt, view_iov, view_cnt, a[1], a[2]); });
    o.set_ret(ret);
    o.has_entries = true;
    for (size_t k = 0; k < std::min<size_t>(ret, room); k++) {
        o.entries.push_back(seg_of(dst[k + 1]));
    }
    if (ret > room) {
        o.damage = "returned " + std::to_string(ret) + " entries, more than it may write (" + std::to_string(room) +
                   ")";
    }
    for (size_t k = 0; k < dst.size() && o.damage.empty(); k++) {
        const bool written = k >= 1 && k <= std::min<size_t>(ret, room);
        if (!written && !same_entry(dst[k], kGuardEntry)) {
            o.damage = k == 0 ? "wrote dst[-1]"
                              : "wrote dst[" + std::to_string(k - 1) + "], past the " + std::to_string(ret) +
                                    " entries it returned";
        }
    }
}

void RealWorld::hexdump_call(const Op &op, Observed &o)
{
    char *text = nullptr;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    o.violation = run_call([&] { impl.iov_hexdump(view_iov, view_cnt, fp, kHexdumpPrefixes[op.a[0]], op.a[1]); });
    fclose(fp);
    o.has_data = true;
    o.data_label = "hexdump text";
    o.data.assign(text, text + len);
    free(text);
}

void RealWorld::discard_call(const Op &op, Observed &o)
{
    const auto &a = op.a;
    if (op.kind == OpKind::DiscardUndo) {
        o.violation = run_call([&] { impl.iov_discard_undo(&undo_stack.back().first); });
        view_iov = undo_stack.back().second.first;
        view_cnt = undo_stack.back().second.second;
        undo_stack.pop_back();
        return;
    }
    const std::pair<struct iovec *, unsigned> before{view_iov, view_cnt};
    IOVDiscardUndo undo;
    std::memset(&undo, 0xa5, sizeof undo);  // so a record left unwritten shows
    size_t ret = 0;
    o.violation = run_call([&] {
        if (op.kind == OpKind::DiscardFront) {
            ret = a[1] ? impl.iov_discard_front_undoable(&view_iov, &view_cnt, a[0], &undo)
                       : impl.iov_discard_front(&view_iov, &view_cnt, a[0]);
        } else {
            ret = a[1] ? impl.iov_discard_back_undoable(view_iov, &view_cnt, a[0], &undo)
                       : impl.iov_discard_back(view_iov, &view_cnt, a[0]);
        }
    });
    o.set_ret(static_cast<long long>(ret));
    if (a[1]) {
        o.has_undo = true;
        o.undo.modified = index_in_array(undo.modified_iov);
        // orig only means something when an entry was modified
        o.undo.orig = undo.modified_iov ? seg_of(undo.orig) : Seg{};
        undo_stack.push_back({undo, before});
    }
}

void RealWorld::vector_init_call(const Op &op, QEMUIOVector *q, Observed &o)
{
    const auto &a = op.a;
    switch (op.kind) {
    case OpKind::QInit: o.violation = run_call([&] { impl.qemu_iovec_init(q, static_cast<int>(a[1])); }); break;
    case OpKind::QInitExternal: {
        std::vector<struct iovec> copy(array);  // guard entries included
        external_arrays.push_back(std::move(copy));
        struct iovec *ext = external_arrays.back().data() + 1;
        o.violation = run_call([&] { impl.qemu_iovec_init_external(q, ext, static_cast<int>(a[1])); });
        if (!o.violation) {
            external_of[a[0]] = ext;
        }
        break;
    }
    case OpKind::QInitBuf:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_init_buf(q, at(s.base), s.len);
        });
        break;
    case OpKind::QInitBufMacro:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_init_buf_macro(q, at(s.base), s.len);
        });
        break;
    case OpKind::QInitExtended: {
        int ret = 0;
        void *side = at(space.side_base);
        o.violation = run_call([&] {
            ret = impl.qemu_iovec_init_extended(q, side, a[1], &slots[a[2]], a[3], a[4], side, a[5]);
        });
        o.set_ret(ret);
        break;
    }
    case OpKind::QInitSlice:
        o.violation = run_call([&] { impl.qemu_iovec_init_slice(q, &slots[a[1]], a[2], a[3]); });
        break;
    default: break;
    }
}

void RealWorld::vector_call(const Op &op, QEMUIOVector *q, size_t op_index, const Observed &plan, Observed &o)
{
    const auto &a = op.a;
    switch (op.kind) {
    case OpKind::QBuf: {
        void *buf = nullptr;
        o.violation = run_call([&] { buf = impl.qemu_iovec_buf(q); });
        o.set_ret(buf ? static_cast<long long>(addr_of(buf)) : 0);
        break;
    }
    case OpKind::QAdd:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_add(q, at(s.base), s.len);
        });
        break;
    case OpKind::QConcatIov: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_concat_iov(q, view_iov, view_cnt, a[1], a[2]); });
        o.set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::QConcat: o.violation = run_call([&] { impl.qemu_iovec_concat(q, &slots[a[1]], a[2], a[3]); }); break;
    case OpKind::QSubvecNiov: {
        int ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_subvec_niov(q, a[1], a[2]); });
        o.set_ret(ret);
        break;
    }
    case OpKind::QIsZero: {
        bool ret = false;
        o.violation = run_call([&] { ret = impl.qemu_iovec_is_zero(q, a[1], a[2]); });
        o.set_ret(ret);
        break;
    }
    case OpKind::QToBuf:
        call_to_buf(o, plan, [&](uint8_t *dst) { return impl.qemu_iovec_to_buf(q, a[1], dst, a[2]); });
        break;
    case OpKind::QFromBuf:
        call_from_buf(o, plan, op_index,
                      [&](const uint8_t *src) { return impl.qemu_iovec_from_buf(q, a[1], src, a[2]); });
        break;
    case OpKind::QMemset: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_memset(q, a[1], static_cast<int>(a[2]), a[3]); });
        o.set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::QCompare: {
        ssize_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_compare(q, &slots[a[1]]); });
        o.set_ret(ret);
        break;
    }
    case OpKind::QClone:
        o.violation = run_call([&] { impl.qemu_iovec_clone(q, &slots[a[1]], at(space.spare_base)); });
        break;
    case OpKind::QReset: o.violation = run_call([&] { impl.qemu_iovec_reset(q); }); break;
    case OpKind::QDestroy: o.violation = run_call([&] { impl.qemu_iovec_destroy(q); }); break;
    case OpKind::QDiscardBack: o.violation = run_call([&] { impl.qemu_iovec_discard_back(q, a[1]); }); break;
    default: break;
    }
}

Observed RealWorld::step(const Op &op, size_t op_index, const Observed &plan)
{
    Observed o;
    QEMUIOVector *q = op.kind >= OpKind::QInit ? &slots[op.a[0]] : nullptr;
    if (q && is_init(op.kind)) {
        destroy_if_owned(*q);
    }
    switch (family_of(op.kind)) {
    case OpFamily::OnIov: iov_call(op, op_index, plan, o); break;
    case OpFamily::SendRecv: send_recv(op, op_index, plan, o); break;
    case OpFamily::Discard: discard_call(op, o); break;
    case OpFamily::VectorInit: vector_init_call(op, q, o); break;
    case OpFamily::OnVector: vector_call(op, q, op_index, plan, o); break;
    case OpFamily::None: break;
    }
    if (o.violation) {
        o.violation_text = handler_log.first;
    }
    if (o.damage.empty()) {
        o.damage = array_damage();
    }
    return o;
}

}  // namespace iovcheck::oracle_internal
