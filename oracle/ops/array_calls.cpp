// How the calls on the caller's iovec array (array_ops.h) run on the model
// and on an implementation (see oracle/src/op_calls.h).
#include "op_calls.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace iovcheck::oracle_internal {

using model::Seg;

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

void check_to_buf(Observed &o, std::vector<uint8_t> &dst, size_t n)
{
    for (size_t i = n; i < dst.size(); i++) {
        if (dst[i] != canary_byte(i)) {
            o.damage = "wrote buf[" + std::to_string(i) + "], past the " + std::to_string(n) + " bytes it may write";
            break;
        }
    }
    dst.resize(n);
    o.set_data("bytes read into buf", std::move(dst));
}

// ---- Byte movers ------------------------------------------------------------------------

void model_run(const ops::FromBufFull &r, ModelCall &c)
{
    model_from_buf(c.o, c.w.mem, c.w.view.span(), r.offset.v, r.bytes.v, c.op_index);
}
void impl_run(const ops::FromBufFull &r, RealCall &c)
{
    call_from_buf(c.o, c.plan, c.op_index, [&](const uint8_t *src) {
        return c.w.impl.iov_from_buf_full(c.w.view_iov, c.w.view_cnt, r.offset.v, src, r.bytes.v);
    });
}

void model_run(const ops::FromBuf &r, ModelCall &c)
{
    model_from_buf(c.o, c.w.mem, c.w.view.span(), r.offset.v, r.bytes.v, c.op_index);
}
void impl_run(const ops::FromBuf &r, RealCall &c)
{
    call_from_buf(c.o, c.plan, c.op_index, [&](const uint8_t *src) {
        return c.w.impl.iov_from_buf(c.w.view_iov, c.w.view_cnt, r.offset.v, src, r.bytes.v);
    });
}

void model_run(const ops::ToBufFull &r, ModelCall &c)
{
    model_to_buf(c.o, c.w.mem, c.w.view.span(), r.offset.v, r.bytes.v);
}
void impl_run(const ops::ToBufFull &r, RealCall &c)
{
    call_to_buf(c.o, c.plan, [&](uint8_t *dst) {
        return c.w.impl.iov_to_buf_full(c.w.view_iov, c.w.view_cnt, r.offset.v, dst, r.bytes.v);
    });
}

void model_run(const ops::ToBuf &r, ModelCall &c) { model_to_buf(c.o, c.w.mem, c.w.view.span(), r.offset.v, r.bytes.v); }
void impl_run(const ops::ToBuf &r, RealCall &c)
{
    call_to_buf(c.o, c.plan, [&](uint8_t *dst) {
        return c.w.impl.iov_to_buf(c.w.view_iov, c.w.view_cnt, r.offset.v, dst, r.bytes.v);
    });
}

void model_run(const ops::Memset &r, ModelCall &c)
{
    take_with_ret(c.o, model::memset(c.w.mem, c.w.view.span(), r.offset.v, static_cast<int>(r.fillc.v), r.bytes.v));
}
void impl_run(const ops::Memset &r, RealCall &c)
{
    call_with_ret(c.o, [&] {
        return c.w.impl.iov_memset(c.w.view_iov, c.w.view_cnt, r.offset.v, static_cast<int>(r.fillc.v), r.bytes.v);
    });
}

void model_run(const ops::Size &, ModelCall &c) { c.o.set_ret(static_cast<long long>(model::size(c.w.view.span()))); }
void impl_run(const ops::Size &, RealCall &c)
{
    call_with_ret(c.o, [&] { return c.w.impl.iov_size(c.w.view_iov, c.w.view_cnt); });
}

// ---- Pointer builders and the hexdump -----------------------------------------------------

void model_run(const ops::Copy &r, ModelCall &c)
{
    auto result = model::copy(c.w.view.span(), static_cast<unsigned>(r.dst_cnt.v), r.offset.v, r.bytes.v);
    take(c.o, result);
    c.o.set_ret(static_cast<long long>(result.value.size()));
    c.o.has_entries = true;
    c.o.entries = std::move(result.value);
}
void impl_run(const ops::Copy &r, RealCall &c)
{
    RealWorld &w = c.w;
    Observed &o = c.o;
    const auto dst_cnt = static_cast<unsigned>(r.dst_cnt.v);
    // Room for every entry the call may write (at most one per source
    // segment, or the one zero-length entry), with guard entries around.
    const size_t room = std::min<size_t>(dst_cnt, size_t{w.view_cnt} + 1);
    std::vector<struct iovec> dst(room + 2, kGuardEntry);
    unsigned ret = 0;
    o.violation = run_call(
        [&] { ret = w.impl.iov_copy(dst.data() + 1, dst_cnt, w.view_iov, w.view_cnt, r.offset.v, r.bytes.v); });
    o.set_ret(ret);
    o.has_entries = true;
    for (size_t k = 0; k < std::min<size_t>(ret, room); k++) {
        o.entries.push_back(w.seg_of(dst[k + 1]));
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

void model_run(const ops::Hexdump &r, ModelCall &c)
{
    const std::string text = model::hexdump(c.w.mem, c.w.view.span(), kHexdumpPrefixes[r.prefix.v], r.limit.v);
    c.o.set_data("hexdump text", std::vector<uint8_t>(text.begin(), text.end()));
}
void impl_run(const ops::Hexdump &r, RealCall &c)
{
    char *text = nullptr;
    size_t len = 0;
    FILE *fp = open_memstream(&text, &len);
    c.o.violation = run_call(
        [&] { c.w.impl.iov_hexdump(c.w.view_iov, c.w.view_cnt, fp, kHexdumpPrefixes[r.prefix.v], r.limit.v); });
    fclose(fp);
    c.o.has_data = true;
    c.o.data_label = "hexdump text";
    c.o.data.assign(text, text + len);
    free(text);
}

// ---- iov_send_recv (the implementation's side: send_recv_call.cpp) -------------------------

model::Peer peer_of(const ops::SendRecv &r, size_t op_index)
{
    model::Peer peer;
    peer.nonblocking = r.flags.v & kNonBlocking;
    peer.shuts_down = !(r.flags.v & kPeerKeepsOpen);
    if (!r.do_send()) {
        peer.sends = pattern(op_index, r.peer_bytes.v);
    }
    return peer;
}

void model_run(const ops::SendRecv &r, ModelCall &c)
{
    Observed &o = c.o;
    auto result =
        model::send_recv(c.w.mem, c.w.view.span(), r.offset.v, r.bytes.v, r.do_send(), peer_of(r, c.op_index));
    take(o, result);
    o.has_ret = true;
    o.ret = result.value.ret;
    o.ret_min = result.value.ret_min;
    o.has_errno = result.value.ret == -1;
    o.err = result.value.err;
    if (r.do_send() && !result.violation) {
        o.set_data("bytes the peer received", std::move(result.value.to_peer));
    }
}
void impl_run(const ops::SendRecv &r, RealCall &c) { c.w.send_recv(r, c.op_index, c.plan, c.o); }

// ---- Discards and their undo ---------------------------------------------------------------

namespace {

void model_discard(ModelWorld &w, bool front, uint64_t bytes, bool with_undo, Observed &o)
{
    const SavedView before{w.view.start, w.view.cnt};
    model::Undo undo;
    model::Undo *record = with_undo ? &undo : nullptr;
    const size_t removed =
        front ? model::discard_front(w.view, bytes, record) : model::discard_back(w.view, bytes, record);
    o.set_ret(static_cast<long long>(removed));
    if (record) {
        o.has_undo = true;
        o.undo = undo;
        w.undo_stack.push_back({undo, before});
    }
}

void impl_discard(RealWorld &w, bool front, uint64_t bytes, bool with_undo, Observed &o)
{
    const std::pair<struct iovec *, unsigned> before{w.view_iov, w.view_cnt};
    IOVDiscardUndo undo;
    std::memset(&undo, 0xa5, sizeof undo);  // so a record left unwritten shows
    size_t ret = 0;
    o.violation = run_call([&] {
        if (front) {
            ret = with_undo ? w.impl.iov_discard_front_undoable(&w.view_iov, &w.view_cnt, bytes, &undo)
                            : w.impl.iov_discard_front(&w.view_iov, &w.view_cnt, bytes);
        } else {
            ret = with_undo ? w.impl.iov_discard_back_undoable(w.view_iov, &w.view_cnt, bytes, &undo)
                            : w.impl.iov_discard_back(w.view_iov, &w.view_cnt, bytes);
        }
    });
    o.set_ret(static_cast<long long>(ret));
    if (with_undo) {
        o.has_undo = true;
        o.undo.modified = w.index_in_array(undo.modified_iov);
        // orig only means something when an entry was modified
        o.undo.orig = undo.modified_iov ? w.seg_of(undo.orig) : Seg{};
        w.undo_stack.push_back({undo, before});
    }
}

}  // namespace

void model_run(const ops::DiscardFront &r, ModelCall &c) { model_discard(c.w, true, r.bytes.v, r.with_undo.v, c.o); }
void impl_run(const ops::DiscardFront &r, RealCall &c) { impl_discard(c.w, true, r.bytes.v, r.with_undo.v, c.o); }
void model_run(const ops::DiscardBack &r, ModelCall &c) { model_discard(c.w, false, r.bytes.v, r.with_undo.v, c.o); }
void impl_run(const ops::DiscardBack &r, RealCall &c) { impl_discard(c.w, false, r.bytes.v, r.with_undo.v, c.o); }

void model_run(const ops::DiscardUndo &, ModelCall &c)
{
    ModelWorld &w = c.w;
    if (w.undo_stack.empty()) {
        c.o.skipped = true;
        c.o.skip_reason = "no undoable discard to undo";
        return;
    }
    model::discard_undo(w.view, w.undo_stack.back().first);
    w.view.start = w.undo_stack.back().second.start;
    w.view.cnt = w.undo_stack.back().second.cnt;
    w.undo_stack.pop_back();
}
void impl_run(const ops::DiscardUndo &, RealCall &c)
{
    RealWorld &w = c.w;
    c.o.violation = run_call([&] { w.impl.iov_discard_undo(&w.undo_stack.back().first); });
    w.view_iov = w.undo_stack.back().second.first;
    w.view_cnt = w.undo_stack.back().second.second;
    w.undo_stack.pop_back();
}

}  // namespace iovcheck::oracle_internal
