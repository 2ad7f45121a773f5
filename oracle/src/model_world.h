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
    // The profile's generation of qemu_iovec_init_slice (profile.h).
    bool empty_slice_inside_an_entry_is_embedded = false;
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

// Runs one call on the model.  Also the plan of the real run: which calls
// are skipped, and how large the buffers are.
Observed model_step(ModelWorld &w, const Layout &l, const Op &op, size_t op_index);

}  // namespace iovcheck::oracle_internal
