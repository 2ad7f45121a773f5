// The model's world (see model_world.h): each call runs through its
// operation record's model_run (oracle/ops/*_calls.cpp), which asks model/
// for the call's result.
#include "model_world.h"

#include "op_calls.h"

#include <type_traits>

namespace iovcheck::oracle_internal {

Observed model_step(ModelWorld &w, const Layout &l, const Op &op, size_t op_index)
{
    return visit(op, [&](const auto &r) {
        using Record = std::remove_cvref_t<decltype(r)>;
        Observed o;
        const Slot *slot = acted_on_slot(r);
        model::Vector *q = slot ? &w.slots[slot->v] : nullptr;
        if constexpr (initialises_v<Record>) {
            if (q->kind == model::Vector::Kind::Owned) {
                model::qiov_destroy(*q);  // the oracle frees an owned array before re-initialising
            }
        }
        // A growing op only appends entries (or changes nothing), so the
        // slot before it is its first niov entries with its old nalloc and size.
        const size_t niov_before = q ? q->entries.size() : 0;
        const int nalloc_before = q ? q->nalloc : 0;
        const size_t size_before = q ? q->size : 0;
        ModelCall call{w, l, op_index, q, o};
        model_run(r, call);
        if constexpr (grows_v<Record>) {
            if (q->entries.size() > kMaxVectorEntries || q->size > kMaxStreamBytes) {
                q->entries.resize(niov_before);
                q->nalloc = nalloc_before;
                q->size = size_before;
                o = Observed{};
                o.skipped = true;
                o.skip_reason = "the vector would grow past the oracle's bounds";
            }
        }
        return o;
    });
}

}  // namespace iovcheck::oracle_internal
