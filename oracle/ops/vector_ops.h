// Operation records of the calls on QEMUIOVector slots (see array_ops.h for
// what a record holds).  Before an init on a slot holding an owned vector,
// the oracle destroys it (no leak), so an init that fails leaves a zeroed
// slot.  "seg, off, len" name a pointer range inside the layout's segment
// `seg` (clamped into it).
#pragma once

#include <array>
#include <string>

#include <iovcheck/preconditions.h>

#include "op_domains.h"

namespace iovcheck::ops {

using P = Precondition;

struct QInit {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "qemu_iovec_init";
    static constexpr std::array preconditions{P::qemu_iovec_init__hint_nonneg};
    Slot slot;
    AllocHint alloc_hint;
    IOVCHECK_OP_FIELDS(slot, alloc_hint);
    bool operator==(const QInit &) const = default;
};

// Wraps a copy of the first niov entries of the layout's array.
struct QInitExternal {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "qemu_iovec_init_external";
    static constexpr std::array preconditions{P::qemu_iovec_init_external__count_nonneg};
    Slot slot;
    ArrayCount niov;
    IOVCHECK_OP_FIELDS(slot, niov);
    bool operator==(const QInitExternal &) const = default;
};

struct QInitBuf {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "qemu_iovec_init_buf";
    static constexpr std::array<P, 0> preconditions{};
    Slot slot;
    Segment seg;
    SegmentOffset off;
    SegmentLength len;
    IOVCHECK_OP_FIELDS(slot, seg, off, len);
    bool operator==(const QInitBuf &) const = default;
    void adjust(const LayoutFacts &l) { clamp_segment_range(l, seg, off, len); }
};

// The header macro QEMU_IOVEC_INIT_BUF.
struct QInitBufMacro {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "QEMU_IOVEC_INIT_BUF";
    static constexpr std::array<P, 0> preconditions{};
    Slot slot;
    Segment seg;
    SegmentOffset off;
    SegmentLength len;
    IOVCHECK_OP_FIELDS(slot, seg, off, len);
    bool operator==(const QInitBufMacro &) const = default;
    void adjust(const LayoutFacts &l) { clamp_segment_range(l, seg, off, len); }
};

struct QBuf {
    static constexpr const char *name = "qemu_iovec_buf";
    static constexpr std::array preconditions{P::qemu_iovec_buf__embedded};
    Slot slot;
    IOVCHECK_OP_FIELDS(slot);
    bool operator==(const QBuf &) const = default;
};

struct QAdd {
    static constexpr bool grows = true;  // appends entries (past the oracle's bounds: skipped)
    static constexpr const char *name = "qemu_iovec_add";
    static constexpr std::array preconditions{P::qemu_iovec_add__owned};
    Slot slot;
    Segment seg;
    SegmentOffset off;
    SegmentLength len;
    IOVCHECK_OP_FIELDS(slot, seg, off, len);
    bool operator==(const QAdd &) const = default;
    void adjust(const LayoutFacts &l) { clamp_segment_range(l, seg, off, len); }
};

// The source is the caller's current view.
struct QConcatIov {
    static constexpr bool grows = true;  // appends entries (past the oracle's bounds: skipped)
    static constexpr const char *name = "qemu_iovec_concat_iov";
    static constexpr std::array preconditions{P::qemu_iovec_concat_iov__dst_owned,
                                              P::qemu_iovec_concat_iov__offset_inside};
    Slot dst;
    StreamOffset soffset;
    StreamLength sbytes;
    IOVCHECK_OP_FIELDS(dst, soffset, sbytes);
    bool operator==(const QConcatIov &) const = default;
};

// dst == src concatenates a vector with itself (core must read the source
// entries before growing the array moves them).
struct QConcat {
    static constexpr bool grows = true;  // appends entries (past the oracle's bounds: skipped)
    static constexpr const char *name = "qemu_iovec_concat";
    static constexpr std::array preconditions{P::qemu_iovec_concat__dst_owned, P::qemu_iovec_concat__offset_inside};
    Slot dst;
    Slot src;
    StreamOffset soffset;
    StreamLength sbytes;
    IOVCHECK_OP_FIELDS(dst, src, soffset, sbytes);
    bool operator==(const QConcat &) const = default;
};

struct QSubvecNiov {
    static constexpr const char *name = "qemu_iovec_subvec_niov";
    static constexpr std::array preconditions{P::qemu_iovec_subvec_niov__range_inside};
    Slot slot;
    StreamOffset offset;
    StreamLength len;
    IOVCHECK_OP_FIELDS(slot, offset, len);
    bool operator==(const QSubvecNiov &) const = default;
};

struct QInitExtended {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "qemu_iovec_init_extended";
    static constexpr std::array preconditions{P::qemu_iovec_init_extended__mid_niov_max,
                                              P::qemu_iovec_init_extended__range_inside};
    Slot slot;
    SideLength head_len;
    Slot mid;
    StreamOffset mid_offset;
    StreamLength mid_len;
    SideLength tail_len;
    IOVCHECK_OP_FIELDS(slot, head_len, mid, mid_offset, mid_len, tail_len);
    bool operator==(const QInitExtended &) const = default;
    void adjust(const LayoutFacts &)
    {
        make_other_slot(slot, mid);
        // A huge head or tail length is only kept when it makes the total
        // overflow (the -EINVAL path); otherwise it must fit the side
        // buffer it points into.
        const bool overflows =
            head_len.v > SIZE_MAX - mid_len.v || head_len.v + mid_len.v > SIZE_MAX - tail_len.v;
        if (!overflows) {
            head_len.v %= kSideLen + 1;
            tail_len.v %= kSideLen + 1;
        }
    }
};

struct QInitSlice {
    static constexpr bool initialises = true;  // the oracle frees an owned vector first
    static constexpr const char *name = "qemu_iovec_init_slice";
    static constexpr std::array preconditions{P::qemu_iovec_init_slice__range_inside};
    Slot slot;
    Slot src;
    StreamOffset offset;
    StreamLength len;
    IOVCHECK_OP_FIELDS(slot, src, offset, len);
    bool operator==(const QInitSlice &) const = default;
    void adjust(const LayoutFacts &) { make_other_slot(slot, src); }
};

// qemu_iovec_slice of the newer generations: where the slice of
// [offset, offset + len) starts in q->iov, the offset inside that entry
// (head), the bytes to drop from the end of its last entry (tail) and its
// entry count.
struct QSlice {
    static constexpr const char *name = "qemu_iovec_slice";
    static constexpr std::array preconditions{P::qemu_iovec_slice__range_inside};
    Slot slot;
    StreamOffset offset;
    StreamLength len;
    IOVCHECK_OP_FIELDS(slot, offset, len);
    bool operator==(const QSlice &) const = default;
};

struct QIsZero {
    static constexpr const char *name = "qemu_iovec_is_zero";
    static constexpr std::array preconditions{P::qemu_iovec_is_zero__range_inside};
    Slot slot;
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(slot, offset, bytes);
    bool operator==(const QIsZero &) const = default;
};

struct QToBuf {
    static constexpr const char *name = "qemu_iovec_to_buf";
    static constexpr std::array preconditions{P::qemu_iovec_to_buf__offset_inside};
    Slot slot;
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(slot, offset, bytes);
    bool operator==(const QToBuf &) const = default;
};

struct QFromBuf {
    static constexpr const char *name = "qemu_iovec_from_buf";
    static constexpr std::array preconditions{P::qemu_iovec_from_buf__offset_inside};
    Slot slot;
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(slot, offset, bytes);
    bool operator==(const QFromBuf &) const = default;
};

struct QMemset {
    static constexpr const char *name = "qemu_iovec_memset";
    static constexpr std::array preconditions{P::qemu_iovec_memset__offset_inside};
    Slot slot;
    StreamOffset offset;
    FillByte fillc;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(slot, offset, fillc, bytes);
    bool operator==(const QMemset &) const = default;
};

struct QCompare {
    static constexpr const char *name = "qemu_iovec_compare";
    static constexpr std::array preconditions{P::qemu_iovec_compare__same_niov, P::qemu_iovec_compare__same_lengths};
    Slot a;
    Slot b;
    IOVCHECK_OP_FIELDS(a, b);
    bool operator==(const QCompare &) const = default;
};

// buf: the oracle's spare region.
struct QClone {
    static constexpr bool grows = true;  // appends entries (past the oracle's bounds: skipped)
    static constexpr const char *name = "qemu_iovec_clone";
    static constexpr std::array preconditions{P::qemu_iovec_clone__dst_owned, P::qemu_iovec_clone__dst_owned_empty_src};
    Slot dst;
    Slot src;
    IOVCHECK_OP_FIELDS(dst, src);
    bool operator==(const QClone &) const = default;
    void adjust(const LayoutFacts &) { make_other_slot(dst, src); }
};

struct QReset {
    static constexpr const char *name = "qemu_iovec_reset";
    static constexpr std::array preconditions{P::qemu_iovec_reset__owned};
    Slot slot;
    IOVCHECK_OP_FIELDS(slot);
    bool operator==(const QReset &) const = default;
};

struct QDestroy {
    static constexpr const char *name = "qemu_iovec_destroy";
    static constexpr std::array<P, 0> preconditions{};
    Slot slot;
    IOVCHECK_OP_FIELDS(slot);
    bool operator==(const QDestroy &) const = default;
};

struct QDiscardBack {
    static constexpr const char *name = "qemu_iovec_discard_back";
    static constexpr std::array preconditions{P::qemu_iovec_discard_back__bytes_inside};
    Slot slot;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(slot, bytes);
    bool operator==(const QDiscardBack &) const = default;
};

}  // namespace iovcheck::ops
