// The implementation's world (see real_world.h): its memory and arrays,
// and its state in the model's terms.
#include "real_world.h"

#include "handlers.h"

#include <cstring>

namespace iovcheck::oracle_internal {

using model::Seg;

RealWorld::RealWorld(const IovImpl &i, const Space &s, const Layout &l)
    : impl(i), space(s), layout(l), host(s)
{
    array.assign(l.seg_len.size() + 2, kGuardEntry);  // the guards stay at both ends
    for (size_t k = 0; k < l.seg_len.size(); k++) {
        entries()[k] = {at(s.seg_base[k]), l.seg_len[k]};
    }
    view_iov = entries();
    view_cnt = static_cast<unsigned>(l.seg_len.size());
    std::memset(slots, 0, sizeof slots);
}

RealWorld::~RealWorld()
{
    HandlerScope quiet(impl, Mode::Lenient);
    for (QEMUIOVector &q : slots) {
        if (q.nalloc != -1) {
            impl.qemu_iovec_destroy(&q);
        }
    }
}

void RealWorld::translate(const struct iovec *raw, size_t n, std::vector<struct iovec> &translated,
                          model::Iov &segs) const
{
    if (translated.size() != n) {
        // Every translated entry and its Seg correspond, from here on.
        translated.assign(n, kGuardEntry);
        segs.assign(n, seg_of(kGuardEntry));
    }
    if (n == 0 || std::memcmp(translated.data(), raw, n * sizeof(struct iovec)) == 0) {
        return;  // (n == 0: memcmp must not see the empty vector's null data())
    }
    for (size_t k = 0; k < n; k++) {
        if (!same_entry(translated[k], raw[k])) {
            translated[k] = raw[k];
            segs[k] = seg_of(raw[k]);
        }
    }
}

State RealWorld::state()
{
    State st;
    st.memory = host.data();
    translate(entries(), array.size() - 2, translated_view, seen_view.array);
    seen_view.start = static_cast<size_t>(index_in_array(view_iov));
    seen_view.cnt = view_cnt;
    st.view = &seen_view;
    for (unsigned s = 0; s < kSlots; s++) {
        const QEMUIOVector &q = slots[s];
        model::Vector &v = seen_slots[s];
        const bool local = q.iov == &q.local_iov;
        v.kind = q.nalloc != -1 ? model::Vector::Kind::Owned
                                : (local ? model::Vector::Kind::Embedded : model::Vector::Kind::External);
        v.nalloc = q.nalloc;
        v.size = q.size;
        v.local_base = v.kind == model::Vector::Kind::Embedded ? addr_of(q.local_iov.iov_base) : 0;
        // Entries are only read when the count is plausible and the array exists.
        if (q.niov > 0 && q.iov && static_cast<size_t>(q.niov) <= 4 * kMaxVectorEntries) {
            translate(q.iov, static_cast<size_t>(q.niov), translated_slots[s], v.entries);
        } else {
            translated_slots[s].clear();
            v.entries.clear();
            if (q.niov != 0) {
                v.entries.assign(1, Seg{~uintptr_t{0}, static_cast<size_t>(q.niov)});  // marks nonsense
            }
        }
        st.slots[s] = &v;
        st.locations[s] = local                                            ? ArrayLocation::LocalIov
                          : q.nalloc != -1                                 ? ArrayLocation::Heap
                          : (q.iov == external_of[s] && external_of[s])    ? ArrayLocation::CallerArray
                                                                           : ArrayLocation::Unexpected;
    }
    return st;
}

std::string RealWorld::array_damage() const
{
    if (!same_entry(array.front(), kGuardEntry)) {
        return "the entry before the caller's iovec array was overwritten";
    }
    if (!same_entry(array.back(), kGuardEntry)) {
        return "the entry after the caller's iovec array was overwritten";
    }
    for (const auto &ext : external_arrays) {
        if (!same_entry(ext.front(), kGuardEntry) || !same_entry(ext.back(), kGuardEntry)) {
            return "an entry around an external vector's array was overwritten";
        }
    }
    return "";
}

}  // namespace iovcheck::oracle_internal
