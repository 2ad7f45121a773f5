// Properties of every qemu_iovec_* function (and the header forms
// qemu_iovec_init_buf, QEMU_IOVEC_INIT_BUF, qemu_iovec_buf): the vector's
// fields (niov, nalloc, size, owned/embedded/external, entries), the bytes
// and the return values agree with the model for generated layouts, slots
// and ranges biased to the boundaries.
//
// Each property was seen to fail on a deliberately broken core/: see
// properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "property_support.h"

namespace iovcheck::props {
namespace {

namespace gen = rc::gen;

// A segment index and a pointer range inside it: (seg, off, len).
struct SegRange {
    uint64_t seg = 0, off = 0, len = 0;
};

SegRange seg_range(const Layout &layout)
{
    SegRange r;
    if (layout.seg_len.empty()) {
        return r;
    }
    r.seg = *index_below(layout.seg_len.size());
    const uint64_t len = layout.seg_len[r.seg];
    r.off = *one_of_values({0, len, 1, len / 2});
    r.len = *one_of_values({len, 0, 1, len / 2});
    return r;  // normalize() clamps off and len into the segment
}

// An owned vector holding every segment of the layout (zero-length ones too).
std::vector<Op> owned_with_every_segment(uint64_t slot, const Layout &layout, uint64_t hint)
{
    std::vector<Op> ops{Op::qiov_init(slot, hint)};
    for (size_t i = 0; i < layout.seg_len.size(); i++) {
        ops.push_back(Op::qiov_add(slot, i, 0, layout.seg_len[i]));
    }
    return ops;
}

// Slot 0 holds the layout, external or owned: the subject of most calls.
std::vector<Op> subject(const Layout &layout)
{
    if (*gen::arbitrary<bool>()) {
        return {external_slot(0, layout)};
    }
    return owned_with_every_segment(0, layout, *index_below(4));
}

std::vector<Op> then(std::vector<Op> ops, std::initializer_list<Op> more)
{
    ops.insert(ops.end(), more);
    return ops;
}

RC_GTEST_PROP(QemuIovec, InitReservesHintEntries, ())
{
    const Layout layout = *separate_layout();
    const uint64_t hint = *one_of_values({0, 1, 2, 7, 64});
    std::vector<Op> ops{Op::qiov_init(0, hint)};
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, InitExternalWrapsTheArray, ())
{
    const Layout layout = *any_layout();
    const uint64_t niov = *index_below(layout.seg_len.size() + 1);
    conforms(program_of(layout, {Op::qiov_init_external(0, niov), Op::qiov_to_buf(0, 0, SIZE_MAX)}));
}

RC_GTEST_PROP(QemuIovec, InitBufFunctionAndMacroEmbedOneEntry, ())
{
    const Layout layout = *separate_layout();
    const SegRange r = seg_range(layout);
    conforms(program_of(layout, {Op::qiov_init_buf(0, r.seg, r.off, r.len), Op::qiov_buf(0),
                                 Op::qiov_init_buf_macro(1, r.seg, r.off, r.len), Op::qiov_buf(1),
                                 Op::qiov_to_buf(1, 0, SIZE_MAX)}));
}

RC_GTEST_PROP(QemuIovec, AddAppendsAndGrowsTheArray, ())
{
    const Layout layout = *any_layout();
    const size_t adds = *index_below(20);
    std::vector<Op> ops{Op::qiov_init(0, *one_of_values({0, 1, 2, 3}))};
    for (size_t i = 0; i < adds; i++) {
        const SegRange r = seg_range(layout);
        ops.push_back(Op::qiov_add(0, r.seg, r.off, r.len));
    }
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, ConcatIovAppendsTheRangesEntries, ())
{
    const Layout layout = *any_layout();
    const uint64_t soff = *position(layout);
    const uint64_t sbytes = *length_after(layout, soff);
    conforms_tagged(program_of(layout, then(owned_with_every_segment(0, layout, 1),
                                            {Op::qiov_concat_iov(0, soff, sbytes)})));
}

RC_GTEST_PROP(QemuIovec, ConcatAppendsTheSourceVectorsRange, ())
{
    const Layout layout = *any_layout();
    const uint64_t soff = *position(layout);
    const uint64_t sbytes = *length_after(layout, soff);
    if (*index_below(4) == 0) {
        // A vector concatenated with itself: its array may move while growing.
        RC_TAG("dst == src");
        std::vector<Op> ops = owned_with_every_segment(0, layout, *index_below(3));
        ops.push_back(Op::qiov_concat(0, 0, soff, sbytes));
        conforms_tagged(program_of(layout, ops));
        return;
    }
    std::vector<Op> ops = subject(layout);
    ops.push_back(Op::qiov_init(1, *index_below(3)));
    ops.push_back(Op::qiov_concat(1, 0, soff, sbytes));
    conforms_tagged(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, SubvecNiovCountsTheSlice, ())
{
    const Layout layout = *any_layout();
    const uint64_t off = *position(layout);
    const uint64_t len = *length_after(layout, off);
    conforms_tagged(program_of(layout, then(subject(layout), {Op::qiov_subvec_niov(0, off, len)})));
}

RC_GTEST_PROP(QemuIovec, InitExtendedBuildsHeadSliceTail, ())
{
    const Layout layout = *any_layout();
    const uint64_t moff = *position(layout);
    const uint64_t mlen = *length_after(layout, moff);
    const auto side = [] {
        return *weighted_choice<uint64_t>({{4, one_of_values({0, 1, kSideLen})}, {1, one_of_values({SIZE_MAX, SIZE_MAX - 1})}});
    };
    const uint64_t hlen = side(), tlen = side();
    conforms_tagged(program_of(layout, then(subject(layout), {Op::qiov_init_extended(1, hlen, 0, moff, mlen, tlen),
                                                              Op::qiov_to_buf(1, 0, SIZE_MAX)})));
}

// Around IOV_MAX entries in all: success or -EINVAL with q untouched.
RC_GTEST_PROP(QemuIovec, InitExtendedAtIovMaxEntries, ())
{
    const uint64_t mid_entries = *one_of_values({IOV_MAX, IOV_MAX - 1, IOV_MAX - 2});
    const Layout layout = unit_segments_layout(mid_entries, *fill_seed());
    std::vector<Op> ops{Op::qiov_init_external(2, mid_entries)};
    const uint64_t moff = *one_of_values({0, 1});
    const uint64_t mlen = *one_of_values({mid_entries - moff, mid_entries - moff - 1, 0});
    ops.push_back(Op::qiov_init_extended(3, *one_of_values({0, 1}), 2, moff, mlen, *one_of_values({0, 1})));
    ops.push_back(Op::qiov_subvec_niov(2, moff, mlen));
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, InitSliceTakesTheRange, ())
{
    const Layout layout = *any_layout();
    const uint64_t off = *position(layout);
    const uint64_t len = *length_after(layout, off);
    conforms_tagged(program_of(layout, then(subject(layout), {Op::qiov_init_slice(1, 0, off, len),
                                                              Op::qiov_to_buf(1, 0, SIZE_MAX)})));
}

RC_GTEST_PROP(QemuIovec, IsZeroLooksAtTheRangeOnly, ())
{
    // Long zero runs with a lone non-zero byte: the answer depends on every
    // byte of the range, not on the first one.
    const Layout layout = *weighted_choice<Layout>({{3, any_layout()}, {2, zero_runs_layout()}});
    const uint64_t off = *position(layout);
    const uint64_t bytes = *length_after(layout, off);
    std::vector<Op> ops = subject(layout);
    if (*gen::arbitrary<bool>()) {
        // Zero a part so that both answers are common.
        const uint64_t z = *position_in_domain(layout);
        ops.push_back(Op::qiov_memset(0, z, 0, *length_in_domain(layout, z)));
    }
    ops.push_back(Op::qiov_is_zero(0, off, bytes));
    conforms_tagged(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, ToBufFromBufMemsetMoveTheRange, ())
{
    const Layout layout = *any_layout();
    const uint64_t off = *position(layout);
    const uint64_t bytes = *length_after(layout, off);
    const int which = *index_below(3);
    const Op op = which == 0   ? Op::qiov_to_buf(0, off, bytes)
                  : which == 1 ? Op::qiov_from_buf(0, off, bytes)
                               : Op::qiov_memset(0, off, *one_of_values({0x5a, 0, 0x1ff}), bytes);
    conforms_tagged(program_of(layout, then(subject(layout), {op, Op::qiov_to_buf(0, 0, SIZE_MAX)})));
}

RC_GTEST_PROP(QemuIovec, CompareFindsTheFirstDifference, ())
{
    const Layout layout = *weighted_choice<Layout>({{3, any_layout()}, {1, zero_runs_layout()}});
    // Slot 1 is a clone of slot 0 (same lengths and bytes), maybe both
    // filled alike, then maybe one range of slot 1 overwritten.
    std::vector<Op> ops = subject(layout);
    const uint64_t fill = *one_of_values({0, 0x33});
    ops.insert(ops.end(), {Op::qiov_init(1, 0), Op::qiov_clone(1, 0)});
    if (*gen::arbitrary<bool>()) {
        ops.insert(ops.end(), {Op::qiov_memset(0, 0, fill, SIZE_MAX), Op::qiov_memset(1, 0, fill, SIZE_MAX)});
    }
    if (*gen::arbitrary<bool>()) {
        const uint64_t at = *position_in_domain(layout);
        ops.push_back(Op::qiov_memset(1, at, fill ^ 0x80, *one_of_values({1, 2, SIZE_MAX})));
    }
    const bool swap = *gen::arbitrary<bool>();
    ops.push_back(swap ? Op::qiov_compare(1, 0) : Op::qiov_compare(0, 1));
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, CloneKeepsAliasingInsideTheBuffer, ())
{
    const Layout layout = *any_layout();
    std::vector<Op> ops = subject(layout);
    ops.insert(ops.end(), {Op::qiov_init(1, *index_below(3)), Op::qiov_clone(1, 0), Op::qiov_from_buf(1, 0, SIZE_MAX),
                           Op::qiov_to_buf(1, 0, SIZE_MAX)});
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, ResetKeepsTheArrayDestroyZeroes, ())
{
    const Layout layout = *any_layout();
    std::vector<Op> ops = owned_with_every_segment(0, layout, *index_below(3));
    ops.push_back(Op::qiov_reset(0));
    const SegRange r = seg_range(layout);
    ops.push_back(Op::qiov_add(0, r.seg, r.off, r.len));
    ops.push_back(Op::qiov_destroy(0));
    ops.push_back(Op::qiov_init_buf(1, r.seg, r.off, r.len));
    ops.push_back(Op::qiov_destroy(1));
    ops.push_back(external_slot(2, layout));
    ops.push_back(Op::qiov_destroy(2));
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(QemuIovec, DiscardBackShortensTheVector, ())
{
    const Layout layout = *any_layout();
    std::vector<Op> ops;
    const int kind = *index_below(3);
    if (kind == 2) {
        const SegRange r = seg_range(layout);
        ops.push_back(Op::qiov_init_buf(0, r.seg, r.off, r.len));  // embedded: size is local_iov.iov_len
    } else {
        ops = subject(layout);
    }
    ops.push_back(Op::qiov_discard_back(0, *length_after(layout, 0)));
    ops.push_back(Op::qiov_buf(0));
    ops.push_back(Op::qiov_to_buf(0, 0, SIZE_MAX));
    conforms_tagged(program_of(layout, ops));
}

}  // namespace
}  // namespace iovcheck::props
