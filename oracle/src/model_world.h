// The model's world: the model's memory, the caller's iovec view, the
// vector slots and the undo records, run call by call (model/ decides each
// result).  Also the plan of the real run: which calls are skipped, and how
// large the oracle's buffers for each call are.
//
// Private to oracle/src.
#pragma once

#include "guarded_space.h"
#include "observed.h"

#include <iovcheck/model.h>
#include <iovcheck/program.h>

#include <array>
#include <utility>
#include <vector>

namespace iovcheck::oracle_internal {

struct SavedView {
    size_t start;
    unsigned cnt;
};

struct ModelWorld {
    const Space &space;
    model::Memory mem;
    model::View view;
    std::vector<std::pair<model::Undo, SavedView>> undo_stack;
    std::array<model::Vector, kSlots> slots{};

    ModelWorld(const Space &s, const Layout &l) : space(s)
    {
        mem.bytes() = s.initial;
        view.array.resize(l.seg_len.size());
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            view.array[i] = {s.seg_base[i], l.seg_len[i]};
        }
        view.cnt = static_cast<unsigned>(view.array.size());
    }

    State state() const
    {
        State st;
        st.memory = mem.bytes().data();
        st.view = &view;
        for (unsigned i = 0; i < kSlots; i++) {
            st.slots[i] = &slots[i];
            st.locations[i] = slots[i].kind == model::Vector::Kind::Owned      ? ArrayLocation::Heap
                              : slots[i].kind == model::Vector::Kind::Embedded ? ArrayLocation::LocalIov
                                                                                : ArrayLocation::CallerArray;
        }
        return st;
    }
};

// The bytes of an op naming a segment range (segment, offset, length).
model::Seg seg_range(const Space &space, const Layout &l, const Op &op);

// The operation families, each run by one function in each world (until
// every operation is a record of its own).
enum class OpFamily {
    OnIov,       // iov_* on the caller's array, but send/recv and the discards
    SendRecv,    // iov_send_recv
    Discard,     // iov_discard_front/back (undoable or not), iov_discard_undo
    VectorInit,  // qemu_iovec_init*: (re)initialise a slot
    OnVector,    // the other qemu_iovec_* calls on a slot
    None,        // OpKind::Count
};
OpFamily family_of(OpKind k);

// The initialisations: the oracle frees a slot's owned array before them.
bool is_init(OpKind k);

// The peer of a SendRecv op, as the model sees it.
model::Peer peer_of(const Op &op, size_t op_index);

// Runs one call on the model.  Also the plan of the real run: which calls
// are skipped, and how large the buffers are.
Observed model_step(ModelWorld &w, const Layout &l, const Op &op, size_t op_index);

}  // namespace iovcheck::oracle_internal
