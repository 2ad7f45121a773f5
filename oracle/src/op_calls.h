// How one call runs in each world: the model's (model_run) and an
// implementation's (impl_run), one overload per operation record, defined
// with the records' families in oracle/ops/*_calls.cpp.  The declarations
// come from the one list of operations, so an operation whose runs are not
// written does not link; model_step() and RealWorld::step() dispatch with
// visit().
//
// Private to oracle/.
#pragma once

#include "handlers.h"
#include "model_world.h"
#include "real_world.h"

#include <iovcheck/program.h>

#include <algorithm>
#include <memory>
#include <tuple>
#include <type_traits>
#include <vector>

namespace iovcheck::oracle_internal {

// One call on the model.  q: the vector slot the call acts on (its first
// slot argument), nullptr for the calls on the caller's array.
struct ModelCall {
    ModelWorld &w;
    const Layout &layout;
    size_t op_index;
    model::Vector *q;
    Observed &o;
};

// One call on the implementation; plan is the model's result for it, which
// sizes the oracle's buffers.
struct RealCall {
    RealWorld &w;
    size_t op_index;
    QEMUIOVector *q;
    const Observed &plan;
    Observed &o;
};

#define IOVCHECK_DECLARE_OP_CALLS(name)         \
    void model_run(const ops::name &, ModelCall &); \
    void impl_run(const ops::name &, RealCall &);
IOVCHECK_OPERATIONS(IOVCHECK_DECLARE_OP_CALLS)
#undef IOVCHECK_DECLARE_OP_CALLS

// ---- Shared by the families' runs ----------------------------------------------------

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

// A *_from_buf call on the model, reading the op's pattern bytes.
void model_from_buf(Observed &o, model::Memory &mem, model::IovView v, size_t off, size_t bytes, size_t op_index);
// A *_to_buf call on the model.
void model_to_buf(Observed &o, model::Memory &mem, model::IovView v, size_t off, size_t bytes);

// A *_from_buf call on the implementation, with a source buffer of exactly
// the bytes the model expects the call to read (reading past it is a heap
// overflow).  The buffer is its own allocation even when it holds no byte: a
// caller never passes NULL, and memcpy(dst, NULL, 0) in the implementation
// would be undefined behaviour of the harness's making, not of its own.
template <class Call>
void call_from_buf(Observed &o, const Observed &plan, size_t op_index, Call &&call)
{
    const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
    const std::vector<uint8_t> bytes = pattern(op_index, n);
    const std::unique_ptr<uint8_t[]> src(new uint8_t[n]);
    std::copy(bytes.begin(), bytes.end(), src.get());
    size_t ret = 0;
    o.violation = run_call([&] { ret = call(src.get()); });
    o.set_ret(static_cast<long long>(ret));
}

// A *_to_buf call on the implementation: its destination holds the bytes
// the model expects the call to write, followed by canary bytes.
void check_to_buf(Observed &o, std::vector<uint8_t> &dst, size_t n);
template <class Call>
void call_to_buf(Observed &o, const Observed &plan, Call &&call)
{
    const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
    std::vector<uint8_t> dst(n + kGuard);
    fill_canaries(dst.data(), 0, dst.size());
    size_t ret = 0;
    o.violation = run_call([&] { ret = call(dst.data()); });
    o.set_ret(static_cast<long long>(ret));
    check_to_buf(o, dst, n);
}

// A call that returns a value the oracle compares as is.
template <class Call>
void call_with_ret(Observed &o, Call &&call)
{
    long long ret = 0;
    o.violation = run_call([&] { ret = static_cast<long long>(call()); });
    o.set_ret(ret);
}

// The bytes of a record's segment range (seg, off, len).
template <typename Record>
model::Seg seg_range(const Space &space, const Layout &l, const Record &r)
{
    if (l.seg_len.empty()) {
        return {space.side_base, 0};
    }
    return {space.seg_base[r.seg.v] + r.off.v, r.len.v};
}

// The peer of a send/recv, as the model sees it.
model::Peer peer_of(const ops::SendRecv &r, size_t op_index);

// Record traits: an init (the oracle frees an owned vector in the slot
// first) and a call that appends entries (skipped past the oracle's bounds).
template <typename Record>
constexpr bool initialises_v = requires { requires Record::initialises; };
template <typename Record>
constexpr bool grows_v = requires { requires Record::grows; };

template <typename Field>
void note_slot(const Field &field, const Slot *&first)
{
    if constexpr (std::is_same_v<Field, Slot>) {
        if (!first) {
            first = &field;
        }
    }
}

// The first slot argument of a record: the vector the call acts on.
template <typename Record>
const Slot *acted_on_slot(const Record &r)
{
    const Slot *first = nullptr;
    std::apply([&](const auto &...field) { (note_slot(field, first), ...); }, r.fields());
    return first;
}

}  // namespace iovcheck::oracle_internal
