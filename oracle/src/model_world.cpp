// The model's world (see model_world.h): one function per operation family,
// each asking model/ for the call's result.
#include "model_world.h"

#include <algorithm>
#include <string>

namespace iovcheck::oracle_internal {

using model::Seg;

Seg seg_range(const Space &space, const Layout &l, const Op &op)
{
    if (l.seg_len.empty()) {
        return {space.side_base, 0};
    }
    return {space.seg_base[op.a[1]] + op.a[2], op.a[3]};
}

OpFamily family_of(OpKind k)
{
    switch (k) {
    case OpKind::FromBufFull:
    case OpKind::FromBuf:
    case OpKind::ToBufFull:
    case OpKind::ToBuf:
    case OpKind::Memset:
    case OpKind::Size:
    case OpKind::Copy:
    case OpKind::Hexdump: return OpFamily::OnIov;
    case OpKind::SendRecv: return OpFamily::SendRecv;
    case OpKind::DiscardFront:
    case OpKind::DiscardBack:
    case OpKind::DiscardUndo: return OpFamily::Discard;
    case OpKind::QInit:
    case OpKind::QInitExternal:
    case OpKind::QInitBuf:
    case OpKind::QInitBufMacro:
    case OpKind::QInitExtended:
    case OpKind::QInitSlice: return OpFamily::VectorInit;
    case OpKind::QBuf:
    case OpKind::QAdd:
    case OpKind::QConcatIov:
    case OpKind::QConcat:
    case OpKind::QSubvecNiov:
    case OpKind::QIsZero:
    case OpKind::QToBuf:
    case OpKind::QFromBuf:
    case OpKind::QMemset:
    case OpKind::QCompare:
    case OpKind::QClone:
    case OpKind::QReset:
    case OpKind::QDestroy:
    case OpKind::QDiscardBack: return OpFamily::OnVector;
    case OpKind::Count: return OpFamily::None;
    }
    return OpFamily::None;
}

bool is_init(OpKind k) { return family_of(k) == OpFamily::VectorInit; }

model::Peer peer_of(const Op &op, size_t op_index)
{
    model::Peer peer;
    peer.nonblocking = op.a[2] & kNonBlocking;
    peer.shuts_down = !(op.a[2] & kPeerKeepsOpen);
    if (!(op.a[2] & kDoSend)) {
        peer.sends = pattern(op_index, op.a[4]);
    }
    return peer;
}

namespace {

bool grows_vector(OpKind k)
{
    return k == OpKind::QAdd || k == OpKind::QConcatIov || k == OpKind::QConcat || k == OpKind::QClone;
}

// The model's verdict on a call; its reason is moved (the caller is done with it).
template <class Outcome>
void take(Observed &o, Outcome &&r)
{
    o.violation = r.violation;
    o.violation_text = std::move(r.why);
}

// take() and the call's count as its return value.
template <class Outcome>
void take_with_ret(Observed &o, Outcome &&r)
{
    take(o, r);
    o.set_ret(static_cast<long long>(r.value));
}

void model_from_buf(Observed &o, model::Memory &mem, model::IovView v, size_t off, size_t bytes, size_t op_index)
{
    const size_t sz = model::size(v);
    const size_t n = off <= sz ? std::min(bytes, sz - off) : 0;
    const std::vector<uint8_t> src = pattern(op_index, n);
    take_with_ret(o, model::from_buf(mem, v, off, src.data(), bytes));
}

void model_to_buf(Observed &o, model::Memory &mem, model::IovView v, size_t off, size_t bytes)
{
    auto r = model::to_buf(mem, v, off, bytes);
    take(o, r);
    o.set_ret(static_cast<long long>(r.value.size()));
    o.set_data("bytes read into buf", std::move(r.value));
}

// The calls on the caller's iovec array (iov_*), but iov_send_recv and the discards.
void model_iov_call(ModelWorld &w, const Op &op, size_t op_index, Observed &o)
{
    const auto &a = op.a;
    // The caller's current iovec, in place (no call below changes the view's array).
    const model::IovView iov = w.view.span();
    switch (op.kind) {
    case OpKind::FromBufFull:
    case OpKind::FromBuf: model_from_buf(o, w.mem, iov, a[0], a[1], op_index); break;
    case OpKind::ToBufFull:
    case OpKind::ToBuf: model_to_buf(o, w.mem, iov, a[0], a[1]); break;
    case OpKind::Memset: take_with_ret(o, model::memset(w.mem, iov, a[0], static_cast<int>(a[1]), a[2])); break;
    case OpKind::Size: o.set_ret(static_cast<long long>(model::size(iov))); break;
    case OpKind::Copy: {
        auto r = model::copy(iov, static_cast<unsigned>(a[0]), a[1], a[2]);
        take(o, r);
        o.set_ret(static_cast<long long>(r.value.size()));
        o.has_entries = true;
        o.entries = std::move(r.value);
        break;
    }
    case OpKind::Hexdump: {
        const std::string text = model::hexdump(w.mem, iov, kHexdumpPrefixes[a[0]], a[1]);
        o.set_data("hexdump text", std::vector<uint8_t>(text.begin(), text.end()));
        break;
    }
    default: break;
    }
}

void model_send_recv(ModelWorld &w, const Op &op, size_t op_index, Observed &o)
{
    const auto &a = op.a;
    const bool do_send = a[2] & kDoSend;
    auto r = model::send_recv(w.mem, w.view.span(), a[0], a[1], do_send, peer_of(op, op_index));
    take(o, r);
    o.has_ret = true;
    o.ret = r.value.ret;
    o.ret_min = r.value.ret_min;
    o.has_errno = r.value.ret == -1;
    o.err = r.value.err;
    if (do_send && !r.violation) {
        o.set_data("bytes the peer received", std::move(r.value.to_peer));
    }
}

// iov_discard_front/back (undoable or not) and iov_discard_undo.
void model_discard_call(ModelWorld &w, const Op &op, Observed &o)
{
    const auto &a = op.a;
    if (op.kind == OpKind::DiscardUndo) {
        if (w.undo_stack.empty()) {
            o.skipped = true;
            o.skip_reason = "no undoable discard to undo";
            return;
        }
        model::discard_undo(w.view, w.undo_stack.back().first);
        w.view.start = w.undo_stack.back().second.start;
        w.view.cnt = w.undo_stack.back().second.cnt;
        w.undo_stack.pop_back();
        return;
    }
    const SavedView before{w.view.start, w.view.cnt};
    model::Undo undo;
    model::Undo *record = a[1] ? &undo : nullptr;
    const size_t removed = op.kind == OpKind::DiscardFront ? model::discard_front(w.view, a[0], record)
                                                           : model::discard_back(w.view, a[0], record);
    o.set_ret(static_cast<long long>(removed));
    if (record) {
        o.has_undo = true;
        o.undo = undo;
        w.undo_stack.push_back({undo, before});
    }
}

// The calls that (re)initialise a vector slot.
void model_vector_init_call(ModelWorld &w, const Layout &l, const Op &op, Observed &o)
{
    const auto &a = op.a;
    model::Vector &q = w.slots[a[0]];
    switch (op.kind) {
    case OpKind::QInit: take(o, model::qiov_init(q, static_cast<int>(a[1]))); break;
    case OpKind::QInitExternal: take(o, model::qiov_init_external(q, w.view.array, static_cast<int>(a[1]))); break;
    case OpKind::QInitBuf:
    case OpKind::QInitBufMacro: model::qiov_init_buf(q, seg_range(w.space, l, op)); break;
    case OpKind::QInitExtended: {
        auto r = model::qiov_init_extended(q, w.space.side_base, a[1], w.slots[a[2]], a[3], a[4],
                                           w.space.side_base, a[5]);
        take(o, r);
        o.set_ret(r.value);
        break;
    }
    case OpKind::QInitSlice: take(o, model::qiov_init_slice(q, w.slots[a[1]], a[2], a[3])); break;
    default: break;
    }
}

// The other calls on a vector slot (qemu_iovec_*).
void model_vector_call(ModelWorld &w, const Layout &l, const Op &op, size_t op_index, Observed &o)
{
    const auto &a = op.a;
    model::Vector &q = w.slots[a[0]];
    switch (op.kind) {
    case OpKind::QBuf: take_with_ret(o, model::qiov_buf(q)); break;
    case OpKind::QAdd: take(o, model::qiov_add(q, seg_range(w.space, l, op))); break;
    case OpKind::QConcatIov: take_with_ret(o, model::qiov_concat_iov(q, w.view.span(), a[1], a[2])); break;
    case OpKind::QConcat: take(o, model::qiov_concat(q, w.slots[a[1]], a[2], a[3])); break;
    case OpKind::QSubvecNiov: take_with_ret(o, model::qiov_subvec_niov(q, a[1], a[2])); break;
    case OpKind::QIsZero: take_with_ret(o, model::qiov_is_zero(w.mem, q, a[1], a[2])); break;
    case OpKind::QToBuf: model_to_buf(o, w.mem, q.entries, a[1], a[2]); break;
    case OpKind::QFromBuf: model_from_buf(o, w.mem, q.entries, a[1], a[2], op_index); break;
    case OpKind::QMemset: take_with_ret(o, model::memset(w.mem, q.entries, a[1], static_cast<int>(a[2]), a[3])); break;
    case OpKind::QCompare: take_with_ret(o, model::qiov_compare(w.mem, q, w.slots[a[1]])); break;
    case OpKind::QClone: {
        const size_t needed = model::clone_union_size(w.slots[a[1]]);
        if (needed > w.space.spare_len) {
            o.skipped = true;
            o.skip_reason = "the clone needs " + std::to_string(needed) + " bytes, the clone buffer has " +
                            std::to_string(w.space.spare_len);
            break;
        }
        take(o, model::qiov_clone(q, w.slots[a[1]], w.space.spare_base));
        break;
    }
    case OpKind::QReset: take(o, model::qiov_reset(q)); break;
    case OpKind::QDestroy: model::qiov_destroy(q); break;
    case OpKind::QDiscardBack: take(o, model::qiov_discard_back(q, a[1])); break;
    default: break;
    }
}

}  // namespace

Observed model_step(ModelWorld &w, const Layout &l, const Op &op, size_t op_index)
{
    Observed o;
    model::Vector *q = op.kind >= OpKind::QInit ? &w.slots[op.a[0]] : nullptr;
    if (q && is_init(op.kind) && q->kind == model::Vector::Kind::Owned) {
        model::qiov_destroy(*q);  // the oracle frees an owned array before re-initialising
    }
    // A growing op only appends entries (or changes nothing), so the slot
    // before it is its first niov entries with its old nalloc and size.
    const size_t niov_before = q ? q->entries.size() : 0;
    const int nalloc_before = q ? q->nalloc : 0;
    const size_t size_before = q ? q->size : 0;

    switch (family_of(op.kind)) {
    case OpFamily::OnIov: model_iov_call(w, op, op_index, o); break;
    case OpFamily::SendRecv: model_send_recv(w, op, op_index, o); break;
    case OpFamily::Discard: model_discard_call(w, op, o); break;
    case OpFamily::VectorInit: model_vector_init_call(w, l, op, o); break;
    case OpFamily::OnVector: model_vector_call(w, l, op, op_index, o); break;
    case OpFamily::None: break;
    }
    if (grows_vector(op.kind) && (q->entries.size() > kMaxVectorEntries || q->size > kMaxStreamBytes)) {
        q->entries.resize(niov_before);
        q->nalloc = nalloc_before;
        q->size = size_before;
        o = Observed{};
        o.skipped = true;
        o.skip_reason = "the vector would grow past the oracle's bounds";
    }
    return o;
}

}  // namespace iovcheck::oracle_internal
