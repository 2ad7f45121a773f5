// The model's world (see model_world.h): each call runs through its
// operation record's model_run (oracle/ops/*_calls.cpp), which asks model/
// for the call's result.
#include "model_world.h"

#include "op_calls.h"

#include <type_traits>

namespace iovcheck::oracle_internal {

namespace {

// The newer generation's init_slice of an empty range strictly inside entry
// k of src: init_buf on that entry, cut to the range (SPEC.md "Newer
// generations").  Every other slice is the same in both generations.
void newer_empty_slice(model::Vector &q, const model::Vector &src, uint64_t off, uint64_t len)
{
    if (len != 0) {
        return;
    }
    uint64_t start = 0;
    for (const model::Seg &entry : src.entries) {
        if (start < off && off < start + entry.len) {
            model::qiov_init_buf(q, {entry.base + (off - start), 0});
            return;
        }
        start += entry.len;
    }
}

}  // namespace

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
        if constexpr (std::is_same_v<Record, ops::QInitSlice>) {
            if (w.empty_slice_inside_an_entry_is_embedded && !o.violation) {
                newer_empty_slice(*q, w.slots[r.src.v], r.offset.v, r.len.v);
            }
        }
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
