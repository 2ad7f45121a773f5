// The implementation's world, call by call: each call runs through its
// operation record's impl_run (oracle/ops/*_calls.cpp) under the installed
// contract handler, with buffers sized by the model's plan.
#include "real_world.h"

#include "handlers.h"
#include "op_calls.h"

#include <type_traits>

namespace iovcheck::oracle_internal {

Observed RealWorld::step(const Op &op, size_t op_index, const Observed &plan)
{
    Observed o;
    visit(op, [&](const auto &r) {
        using Record = std::remove_cvref_t<decltype(r)>;
        const Slot *slot = acted_on_slot(r);
        QEMUIOVector *q = slot ? &slots[slot->v] : nullptr;
        if constexpr (initialises_v<Record>) {
            destroy_if_owned(*q);
        }
        RealCall call{*this, op_index, q, plan, o};
        impl_run(r, call);
    });
    if (o.violation) {
        o.violation_text = handler_log.first;
    }
    if (o.damage.empty()) {
        o.damage = array_damage();
    }
    return o;
}

void RealWorld::skip(const Op &op)
{
    visit(op, [&](const auto &r) {
        using Record = std::remove_cvref_t<decltype(r)>;
        if constexpr (initialises_v<Record>) {
            destroy_if_owned(slots[acted_on_slot(r)->v]);
        }
    });
}

}  // namespace iovcheck::oracle_internal
