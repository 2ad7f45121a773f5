// The implementation's world: the guarded space as real memory, the
// caller's iovec array (with guard entries around it), the vector slots
// and the undo records, on which one implementation's calls run.  Its
// state() is expressed in the model's terms so that the two worlds compare.
//
// Private to oracle/src.
#pragma once

#include "guarded_space.h"
#include "observed.h"

#include <iovcheck/impl.h>
#include <iovcheck/model.h>
#include <iovcheck/program.h>

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace iovcheck::oracle_internal {

// Around every iovec array the oracle hands out: an implementation that
// writes one entry too far changes it.
inline const struct iovec kGuardEntry = {reinterpret_cast<void *>(uintptr_t{0x5eadbeef}), 0xfeedfacecafef00dull};

inline bool same_entry(const struct iovec &x, const struct iovec &y)
{
    return x.iov_base == y.iov_base && x.iov_len == y.iov_len;
}

struct RealWorld {
    const IovImpl &impl;
    const Space &space;
    const Layout &layout;
    HostMemory host;
    std::vector<struct iovec> array;  // guard entry, the caller's entries, guard entry
    struct iovec *view_iov = nullptr;
    unsigned view_cnt = 0;
    std::vector<std::pair<IOVDiscardUndo, std::pair<struct iovec *, unsigned>>> undo_stack;
    QEMUIOVector slots[kSlots];
    // Kept until the end (moving the outer vector keeps the inner arrays in place).
    std::vector<std::vector<struct iovec>> external_arrays;
    struct iovec *external_of[kSlots] = {};
    model::View seen_view;  // state() buffers
    std::array<model::Vector, kSlots> seen_slots;
    // The raw entries behind seen_view.array and each seen_slots[s].entries,
    // as last translated: most calls change few entries or none, so state()
    // re-translates only entries that differ from these.
    std::vector<struct iovec> translated_view;
    std::array<std::vector<struct iovec>, kSlots> translated_slots;

    RealWorld(const IovImpl &i, const Space &s, const Layout &l);
    ~RealWorld();
    RealWorld(const RealWorld &) = delete;
    RealWorld &operator=(const RealWorld &) = delete;

    struct iovec *entries() { return array.data() + 1; }
    void *at(uintptr_t addr) { return host.data() + addr; }
    uintptr_t addr_of(const void *p) const
    {
        return reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(host.data());
    }
    model::Seg seg_of(const struct iovec &e) const { return {addr_of(e.iov_base), e.iov_len}; }
    long index_in_array(const struct iovec *p)
    {
        if (!p) {
            return -1;
        }
        auto diff = static_cast<intptr_t>(reinterpret_cast<uintptr_t>(p) -
                                          reinterpret_cast<uintptr_t>(entries()));
        return static_cast<long>(diff / static_cast<intptr_t>(sizeof(struct iovec)));
    }

    // The state in model terms, rebuilt after every call into buffers that
    // keep their capacity (the fuzz targets run this per call).
    State state();
    // Guard entries around the caller's array: "" when intact.
    std::string array_damage() const;

    void destroy_if_owned(QEMUIOVector &q)
    {
        if (q.nalloc != -1) {
            impl.qemu_iovec_destroy(&q);
        }
    }

    // Runs op#op_index on the implementation; `plan` is the model's result,
    // which sizes the oracle's buffers.
    Observed step(const Op &op, size_t op_index, const Observed &plan);
    // What the oracle itself does before op (an init frees an owned vector
    // first), without the call: for a call the profile forbids making.
    void skip(const Op &op);

    // The send/recv call (send_recv_call.cpp): a socketpair with the
    // oracle's peer on the other end.
    void send_recv(const ops::SendRecv &r, size_t op_index, const Observed &plan, Observed &o);

private:
    // segs = the model terms of raw[0, n), given that segs already
    // translates `translated` (updated to raw): only the entries that
    // differ are translated again.
    void translate(const struct iovec *raw, size_t n, std::vector<struct iovec> &translated, model::Iov &segs) const;
};

}  // namespace iovcheck::oracle_internal
