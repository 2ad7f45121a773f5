// One property per precondition of SPEC.md (and of iov.h's top comment):
// generated out-of-domain calls, wrapping ranges included, must reach the
// contract handler before anything is touched.  Each program runs in both
// modes: strict (the handler unwinds) and lenient (the handler returns and
// the call must return its neutral result with no side effect).  The oracle
// compares memory, arrays and vectors after the call; violates_contract()
// also insists that the model predicted a violation, so a generator that
// drifts back into the domain fails loudly instead of testing nothing.
//
// The profile under test (IOVCHECK_PROFILE) steers them: a property breaks
// only preconditions the profile does not call the caller's duty (checked
// ones must be reported; lenient and tolerated ones give the neutral result
// with no effect, which the oracle holds them to), and a property whose
// every precondition is the caller's duty passes without a case.
//
// Each property was seen to fail on a deliberately broken core/: see
// properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "property_support.h"

namespace iovcheck::props {
namespace {

namespace gen = rc::gen;
using P = Precondition;

// Whether the profile under test lets the harness break `p`.
bool violable(P p) { return profile_under_test().may_violate(p); }

// Ends the case, passing, when the profile calls every one of `targets`
// the caller's duty: the harness never breaks such a precondition.
void only_where_violable(std::initializer_list<P> targets)
{
    for (P p : targets) {
        if (violable(p)) {
            return;
        }
    }
    RC_SUCCEED("the caller's duty under profile " + profile_under_test().name + ": never violated");
}

// An offset past the end, or an in-domain offset with a length that leaves
// the stream (wrapping around included), tagged by which.
std::pair<uint64_t, uint64_t> range_outside(const Layout &layout)
{
    if (*gen::arbitrary<bool>()) {
        RC_TAG("offset past the end");
        const uint64_t off = *position_past_end(layout);
        return {off, *length_after(layout, off)};
    }
    const uint64_t off = *position_in_domain(layout);
    const uint64_t len = *length_past_end(layout, off);
    RC_TAG(off + len < off ? "offset + length wraps" : "length past the end");
    return {off, len};
}

// An offset past the end with any length (the byte movers check only the offset).
std::pair<uint64_t, uint64_t> offset_outside(const Layout &layout)
{
    const uint64_t off = *position_past_end(layout);
    return {off, *length_after(layout, off)};
}

// A slot that is not owned: external or embedded.
Op not_owned(uint64_t slot, const Layout &layout)
{
    if (layout.seg_len.empty() || *gen::arbitrary<bool>()) {
        RC_TAG("external");
        return external_slot(slot, layout);
    }
    RC_TAG("embedded");
    return Op::qiov_init_buf(slot, *index_below(layout.seg_len.size()), 0, SIZE_MAX);
}

RC_GTEST_PROP(Contract, FromBufFullOffsetPastTheEnd, ())
{
    only_where_violable({P::iov_from_buf_full__offset_inside});
    const Layout layout = *any_layout();
    const auto [off, n] = offset_outside(layout);
    violates_contract(program_of(layout, {Op::from_buf_full(off, n)}));
}

RC_GTEST_PROP(Contract, ToBufFullOffsetPastTheEnd, ())
{
    only_where_violable({P::iov_to_buf_full__offset_inside});
    const Layout layout = *any_layout();
    const auto [off, n] = offset_outside(layout);
    violates_contract(program_of(layout, {Op::to_buf_full(off, n)}));
}

RC_GTEST_PROP(Contract, InlineFromBufAndToBufOffsetPastTheEnd, ())
{
    const Layout layout = *any_layout();
    only_where_violable({P::iov_from_buf__offset_inside, P::iov_to_buf__offset_inside});
    const auto [off, n] = offset_outside(layout);
    const bool from = violable(P::iov_from_buf__offset_inside) &&
                      (!violable(P::iov_to_buf__offset_inside) || *gen::arbitrary<bool>());
    violates_contract(program_of(layout, {from ? Op::from_buf(off, n) : Op::to_buf(off, n)}));
}

RC_GTEST_PROP(Contract, MemsetOffsetPastTheEnd, ())
{
    only_where_violable({P::iov_memset__offset_inside});
    const Layout layout = *any_layout();
    const auto [off, n] = offset_outside(layout);
    violates_contract(program_of(layout, {Op::memset(off, 0x5a, n)}));
}

RC_GTEST_PROP(Contract, SendRecvRangeOutsideTheStream, ())
{
    only_where_violable({P::iov_send_recv__range_inside, P::iov_send_recv__empty_offset_inside});
    const Layout layout = *any_layout();
    auto [off, n] = range_outside(layout);
    // bytes == 0 and bytes > 0 are two preconditions: keep to the one the profile lets us break.
    if (n == 0 && !violable(P::iov_send_recv__empty_offset_inside)) {
        n = 1;  // the offset is past the end: the range leaves the stream
    }
    if (n > 0 && !violable(P::iov_send_recv__range_inside)) {
        off = *position_past_end(layout);
        n = 0;
    }
    const uint64_t flags = *one_of_values({kDoSend, 0, kDoSend | kNonBlocking, kNonBlocking});
    violates_contract(program_of(layout, {Op::send_recv(off, n, flags, 4096, 16)}));
}

RC_GTEST_PROP(Contract, IovCopyOffsetPastTheEnd, ())
{
    only_where_violable({P::iov_copy__offset_inside});
    const Layout layout = *any_layout();
    const auto [off, n] = offset_outside(layout);
    violates_contract(program_of(layout, {Op::copy(*index_below(layout.seg_len.size() + 2), off, n)}));
}

RC_GTEST_PROP(Contract, IovCopyNoDestinationEntryForANonZeroOffset, ())
{
    only_where_violable({P::iov_copy__dst_cnt_positive});
    const Layout layout = *any_layout();
    const uint64_t size = stream_size(layout);
    RC_PRE(size > 0);
    const uint64_t off = *one_of_values({1, size, size / 2 + 1});
    violates_contract(program_of(layout, {Op::copy(0, off, *length_after(layout, off))}));
}

RC_GTEST_PROP(Contract, QemuIovecBufOnAVectorThatIsNotEmbedded, ())
{
    only_where_violable({P::qemu_iovec_buf__embedded});
    const Layout layout = *any_layout();
    std::vector<Op> ops = *gen::arbitrary<bool>() ? owned_slot(0) : std::vector<Op>{external_slot(0, layout)};
    ops.push_back(Op::qiov_buf(0));
    violates_contract(program_of(layout, ops));
}

RC_GTEST_PROP(Contract, AddToAVectorThatIsNotOwned, ())
{
    only_where_violable({P::qemu_iovec_add__owned});
    const Layout layout = *any_layout();
    const uint64_t seg = layout.seg_len.empty() ? 0 : *index_below(layout.seg_len.size());
    violates_contract(program_of(layout, {not_owned(0, layout), Op::qiov_add(0, seg, 0, *one_of_values({0, 1, SIZE_MAX}))}));
}

RC_GTEST_PROP(Contract, ConcatIovIntoAVectorThatIsNotOwnedOrFromPastTheEnd, ())
{
    const Layout layout = *any_layout();
    only_where_violable({P::qemu_iovec_concat_iov__dst_owned, P::qemu_iovec_concat_iov__offset_inside});
    const uint64_t sbytes = *one_of_values({1, SIZE_MAX, 2});
    if (violable(P::qemu_iovec_concat_iov__dst_owned) &&
        (!violable(P::qemu_iovec_concat_iov__offset_inside) || *gen::arbitrary<bool>())) {
        violates_contract(program_of(layout, {not_owned(0, layout), Op::qiov_concat_iov(0, *position_in_domain(layout), sbytes)}));
    } else {
        RC_TAG("soffset past the end");
        violates_contract(program_of(layout, {Op::qiov_init(0, 1), Op::qiov_concat_iov(0, *position_past_end(layout), sbytes)}));
    }
}

RC_GTEST_PROP(Contract, ConcatIntoAVectorThatIsNotOwnedOrFromPastTheEnd, ())
{
    const Layout layout = *any_layout();
    only_where_violable({P::qemu_iovec_concat__dst_owned, P::qemu_iovec_concat__offset_inside});
    const uint64_t sbytes = *one_of_values({1, SIZE_MAX, 2});
    std::vector<Op> ops{external_slot(1, layout)};
    if (violable(P::qemu_iovec_concat__dst_owned) &&
        (!violable(P::qemu_iovec_concat__offset_inside) || *gen::arbitrary<bool>())) {
        ops.push_back(not_owned(0, layout));
        ops.push_back(Op::qiov_concat(0, 1, *position_in_domain(layout), sbytes));
    } else {
        RC_TAG("soffset past the end");
        ops.push_back(Op::qiov_init(0, 0));
        ops.push_back(Op::qiov_concat(0, 1, *position_past_end(layout), sbytes));
    }
    violates_contract(program_of(layout, ops));
}

RC_GTEST_PROP(Contract, SubvecNiovRangeOutsideTheVector, ())
{
    only_where_violable({P::qemu_iovec_subvec_niov__range_inside});
    const Layout layout = *any_layout();
    const auto [off, len] = range_outside(layout);
    violates_contract(program_of(layout, {external_slot(0, layout), Op::qiov_subvec_niov(0, off, len)}));
}

RC_GTEST_PROP(Contract, InitExtendedMidRangeOutside, ())
{
    only_where_violable({P::qemu_iovec_init_extended__range_inside});
    const Layout layout = *any_layout();
    const auto [off, len] = range_outside(layout);
    RC_PRE(len > 0);  // mlen == 0 uses no entry of mid: no check
    // hlen + mlen + tlen overflowing is checked first (-EINVAL, no violation):
    // keep the sides empty when it would.
    const bool room_for_sides = len <= SIZE_MAX - 2 * kSideLen;
    const uint64_t hlen = room_for_sides ? *one_of_values({0, 1, kSideLen}) : 0;
    const uint64_t tlen = room_for_sides ? *one_of_values({0, 1, kSideLen}) : 0;
    violates_contract(program_of(layout, {external_slot(0, layout), Op::qiov_init_extended(1, hlen, 0, off, len, tlen)}));
}

RC_GTEST_PROP(Contract, InitExtendedMidWithMoreThanIovMaxEntries, ())
{
    only_where_violable({P::qemu_iovec_init_extended__mid_niov_max});
    const uint64_t mid_entries = *one_of_values({IOV_MAX + 1, IOV_MAX + 2, IOV_MAX + 64});
    const Layout layout = unit_segments_layout(mid_entries, *fill_seed());
    std::vector<Op> ops{Op::qiov_init_external(2, mid_entries)};
    ops.push_back(Op::qiov_init_extended(3, *one_of_values({0, 1}), 2, *index_below(4), *one_of_values({0, 1, 100}),
                                         *one_of_values({0, 1})));
    violates_contract(program_of(layout, ops));
}

RC_GTEST_PROP(Contract, InitSliceRangeOutsideTheSource, ())
{
    only_where_violable({P::qemu_iovec_init_slice__range_inside});
    const Layout layout = *any_layout();
    const auto [off, len] = range_outside(layout);
    violates_contract(program_of(layout, {external_slot(0, layout), Op::qiov_init_slice(1, 0, off, len)}));
}

RC_GTEST_PROP(Contract, IsZeroRangeOutsideTheVector, ())
{
    only_where_violable({P::qemu_iovec_is_zero__range_inside});
    const Layout layout = *any_layout();
    const auto [off, len] = range_outside(layout);
    violates_contract(program_of(layout, {external_slot(0, layout), Op::qiov_is_zero(0, off, len)}));
}

RC_GTEST_PROP(Contract, VectorByteMoversOffsetPastTheEnd, ())
{
    const Layout layout = *any_layout();
    constexpr P kMovers[] = {P::qemu_iovec_to_buf__offset_inside, P::qemu_iovec_from_buf__offset_inside,
                             P::qemu_iovec_memset__offset_inside};
    only_where_violable({kMovers[0], kMovers[1], kMovers[2]});
    const auto [off, n] = offset_outside(layout);
    std::vector<uint64_t> choices;
    for (uint64_t k = 0; k < 3; k++) {
        if (violable(kMovers[k])) {
            choices.push_back(k);
        }
    }
    const uint64_t which = *one_of_values(choices);
    RC_TAG(which == 0 ? "qemu_iovec_to_buf" : which == 1 ? "qemu_iovec_from_buf" : "qemu_iovec_memset");
    const Op op = which == 0 ? Op::qiov_to_buf(0, off, n) : which == 1 ? Op::qiov_from_buf(0, off, n) : Op::qiov_memset(0, off, 1, n);
    violates_contract(program_of(layout, {external_slot(0, layout), op}));
}

RC_GTEST_PROP(Contract, CompareVectorsOfDifferentShape, ())
{
    only_where_violable({P::qemu_iovec_compare__same_niov, P::qemu_iovec_compare__same_lengths});
    const Layout layout = *any_layout();
    std::vector<Op> ops{external_slot(0, layout), Op::qiov_init(1, 0), Op::qiov_clone(1, 0)};
    const uint64_t size = stream_size(layout);
    if (size > 0 && *gen::arbitrary<bool>()) {
        RC_TAG("a length differs (or entries dropped)");
        ops.push_back(Op::qiov_discard_back(1, *gen::map(index_below(size), [](size_t k) { return uint64_t{k + 1}; })));
    } else {
        RC_TAG("one more entry");
        ops.push_back(Op::qiov_add(1, 0, 0, *one_of_values({0, 1})));
    }
    ops.push_back(*gen::arbitrary<bool>() ? Op::qiov_compare(0, 1) : Op::qiov_compare(1, 0));
    violates_contract(program_of(layout, ops));
}

RC_GTEST_PROP(Contract, CloneIntoAVectorThatIsNotOwned, ())
{
    only_where_violable({P::qemu_iovec_clone__dst_owned, P::qemu_iovec_clone__dst_owned_empty_src});
    const Layout layout = *any_layout();
    // An empty source and a non-empty one are two preconditions: keep to
    // one the profile lets us break (an external slot of an empty layout
    // is an empty source).
    const bool empty_src = !violable(P::qemu_iovec_clone__dst_owned) ||
                           (layout.seg_len.empty() && violable(P::qemu_iovec_clone__dst_owned_empty_src));
    RC_PRE(empty_src || !layout.seg_len.empty());
    const Op src = empty_src ? Op::qiov_init(0, 0) : external_slot(0, layout);
    violates_contract(program_of(layout, {src, not_owned(1, layout), Op::qiov_clone(1, 0)}));
}

RC_GTEST_PROP(Contract, ResetOfAVectorThatIsNotOwned, ())
{
    only_where_violable({P::qemu_iovec_reset__owned});
    const Layout layout = *any_layout();
    violates_contract(program_of(layout, {not_owned(0, layout), Op::qiov_reset(0)}));
}

RC_GTEST_PROP(Contract, VectorDiscardBackMoreThanItsSize, ())
{
    only_where_violable({P::qemu_iovec_discard_back__bytes_inside});
    const Layout layout = *any_layout();
    std::vector<Op> ops{*gen::arbitrary<bool>() ? external_slot(0, layout) : not_owned(0, layout)};
    ops.push_back(Op::qiov_discard_back(0, *position_past_end(layout)));
    violates_contract(program_of(layout, ops));
}

RC_GTEST_PROP(Contract, InitWithANegativeHintOrExternalCount, ())
{
    const Layout layout = *any_layout();
    only_where_violable({P::qemu_iovec_init__hint_nonneg, P::qemu_iovec_init_external__count_nonneg});
    const uint64_t negative = *negative_int();
    const bool init = violable(P::qemu_iovec_init__hint_nonneg) &&
                      (!violable(P::qemu_iovec_init_external__count_nonneg) || *gen::arbitrary<bool>());
    violates_contract(program_of(layout, {init ? Op::qiov_init(0, negative) : Op::qiov_init_external(0, negative)}));
}

}  // namespace
}  // namespace iovcheck::props
