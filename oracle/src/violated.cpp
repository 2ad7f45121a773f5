// Which preconditions a call violates (see violated.h): each rule of a
// record with several, stated as SPEC.md states it on the model's view of
// the state before the call.
#include "violated.h"

#include <cstdio>
#include <cstdlib>
#include <type_traits>

namespace iovcheck::oracle_internal {
namespace {

using P = Precondition;
using model::Vector;

bool offset_past(uint64_t offset, size_t size) { return offset > size; }
bool range_outside(uint64_t offset, uint64_t len, size_t size) { return len > size || offset > size - len; }

// Adds p when `broken`.
void note(PreconditionSet &set, P p, bool broken)
{
    if (broken) {
        set.add(p);
    }
}

PreconditionSet rules_of(const ModelWorld &w, const ops::Copy &r)
{
    PreconditionSet set;
    // Past the end, only offset_inside: a generation that tolerates such an
    // offset returns before it could need a destination entry.
    const bool past = offset_past(r.offset.v, model::size(w.view.span()));
    note(set, P::iov_copy__offset_inside, past);
    note(set, P::iov_copy__dst_cnt_positive, !past && r.offset.v > 0 && static_cast<unsigned>(r.dst_cnt.v) == 0);
    return set;
}

PreconditionSet rules_of(const ModelWorld &w, const ops::SendRecv &r)
{
    const size_t size = model::size(w.view.span());
    PreconditionSet set;
    note(set, P::iov_send_recv__range_inside, r.bytes.v > 0 && range_outside(r.offset.v, r.bytes.v, size));
    note(set, P::iov_send_recv__empty_offset_inside, r.bytes.v == 0 && offset_past(r.offset.v, size));
    return set;
}

PreconditionSet concat_rules(const Vector &dst, size_t src_size, uint64_t soffset, uint64_t sbytes, P dst_owned,
                             P offset_inside)
{
    PreconditionSet set;
    note(set, dst_owned, sbytes > 0 && dst.kind != Vector::Kind::Owned);
    note(set, offset_inside, sbytes > 0 && offset_past(soffset, src_size));
    return set;
}

PreconditionSet rules_of(const ModelWorld &w, const ops::QConcatIov &r)
{
    return concat_rules(w.slots[r.dst.v], model::size(w.view.span()), r.soffset.v, r.sbytes.v,
                        P::qemu_iovec_concat_iov__dst_owned, P::qemu_iovec_concat_iov__offset_inside);
}

PreconditionSet rules_of(const ModelWorld &w, const ops::QConcat &r)
{
    return concat_rules(w.slots[r.dst.v], w.slots[r.src.v].size, r.soffset.v, r.sbytes.v,
                        P::qemu_iovec_concat__dst_owned, P::qemu_iovec_concat__offset_inside);
}

PreconditionSet rules_of(const ModelWorld &w, const ops::QInitExtended &r)
{
    const Vector &mid = w.slots[r.mid.v];
    PreconditionSet set;
    note(set, P::qemu_iovec_init_extended__mid_niov_max, mid.entries.size() > model::kIovMax);
    note(set, P::qemu_iovec_init_extended__range_inside,
         r.mid_len.v > 0 && range_outside(r.mid_offset.v, r.mid_len.v, mid.size));
    return set;
}

PreconditionSet rules_of(const ModelWorld &w, const ops::QCompare &r)
{
    const Vector &a = w.slots[r.a.v], &b = w.slots[r.b.v];
    PreconditionSet set;
    if (a.entries.size() != b.entries.size()) {
        set.add(P::qemu_iovec_compare__same_niov);  // the lengths of entries one lacks are not compared
        return set;
    }
    for (size_t k = 0; k < a.entries.size(); k++) {
        note(set, P::qemu_iovec_compare__same_lengths, a.entries[k].len != b.entries[k].len);
    }
    return set;
}

PreconditionSet rules_of(const ModelWorld &w, const ops::QClone &r)
{
    const bool unowned = w.slots[r.dst.v].kind != Vector::Kind::Owned;
    const bool empty_src = w.slots[r.src.v].entries.empty();
    PreconditionSet set;
    note(set, P::qemu_iovec_clone__dst_owned, unowned && !empty_src);
    note(set, P::qemu_iovec_clone__dst_owned_empty_src, unowned && empty_src);
    return set;
}

// A record with one precondition: the model's violation is that one.
template <typename Record>
PreconditionSet rules_of(const ModelWorld &, const Record &)
{
    static_assert(Record::preconditions.size() <= 1,
                  "a record with several preconditions needs its own rules_of() above");
    PreconditionSet set;
    for (P p : Record::preconditions) {
        set.add(p);
    }
    return set;
}

}  // namespace

PreconditionSet violated_preconditions(const ModelWorld &w, const Op &op)
{
    PreconditionSet set = visit(op, [&](const auto &r) { return rules_of(w, r); });
    if (set.empty()) {
        std::fprintf(stderr, "iovcheck oracle: the model reported a violation that no precondition of %s explains: %s\n",
                     op_name(op.kind()), describe(op).c_str());
        std::abort();
    }
    return set;
}

}  // namespace iovcheck::oracle_internal
