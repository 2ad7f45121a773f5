// Properties of the byte movers (iov_from_buf_full, iov_to_buf_full, the
// header inlines iov_from_buf / iov_to_buf, iov_memset), iov_size,
// iov_hexdump and iov_copy: for generated layouts and offsets/lengths biased
// to the boundaries, the implementation under test agrees with the model on
// everything the oracle observes.
//
// Each property was seen to fail on a deliberately broken core/: see
// properties/BITES.md (fault, property, cases until caught).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "property_support.h"

namespace iovcheck::props {
namespace {

namespace gen = rc::gen;

// A discard or two first, so the call sees a view that starts or ends inside
// the array (not only the layout's own array).
std::vector<Op> maybe_discards(const Layout &layout)
{
    std::vector<Op> ops;
    if (*gen::weightedElement<int>({{3, 0}, {1, 1}})) {
        ops.push_back(Op::discard_front(*length_after(layout, 0), false));
    }
    if (*gen::weightedElement<int>({{3, 0}, {1, 1}})) {
        ops.push_back(Op::discard_back(*length_after(layout, 0), false));
    }
    return ops;
}

// Runs `make(offset, bytes)` once on a generated layout.
template <typename MakeOp>
void byte_mover_conforms(MakeOp make)
{
    const Layout layout = *any_layout();
    const uint64_t offset = *position(layout);
    const uint64_t bytes = *length_after(layout, offset);
    conforms_tagged(program_of(layout, {make(offset, bytes)}));
}

RC_GTEST_PROP(ByteMovers, FromBufFullWritesExactlyTheRange, ())
{
    byte_mover_conforms([](uint64_t o, uint64_t n) { return Op::from_buf_full(o, n); });
}

RC_GTEST_PROP(ByteMovers, ToBufFullReadsExactlyTheRange, ())
{
    byte_mover_conforms([](uint64_t o, uint64_t n) { return Op::to_buf_full(o, n); });
}

RC_GTEST_PROP(ByteMovers, InlineFromBufMatchesTheFullForm, ())
{
    byte_mover_conforms([](uint64_t o, uint64_t n) { return Op::from_buf(o, n); });
}

RC_GTEST_PROP(ByteMovers, InlineToBufMatchesTheFullForm, ())
{
    byte_mover_conforms([](uint64_t o, uint64_t n) { return Op::to_buf(o, n); });
}

RC_GTEST_PROP(ByteMovers, MemsetFillsExactlyTheRange, ())
{
    const uint64_t fill = *one_of_values({0xab, 0, 0xff, 0x100 + 0x5a, static_cast<uint64_t>(-1)});
    byte_mover_conforms([fill](uint64_t o, uint64_t n) { return Op::memset(o, fill, n); });
}

RC_GTEST_PROP(ByteMovers, MoversOnADiscardedView, ())
{
    const Layout layout = *any_layout();
    std::vector<Op> ops = maybe_discards(layout);
    const uint64_t offset = *position(layout);
    const uint64_t bytes = *length_after(layout, offset);
    ops.push_back(Op::from_buf_full(offset, bytes));
    ops.push_back(Op::to_buf(offset, bytes));
    ops.push_back(Op::memset(*position(layout), 0x11, *length_after(layout, offset)));
    ops.push_back(Op::to_buf_full(0, SIZE_MAX));
    conforms_tagged(program_of(layout, ops));
}

RC_GTEST_PROP(IovSize, SumOfTheViewsLengths, ())
{
    const Layout layout = *any_layout();
    std::vector<Op> ops = maybe_discards(layout);
    ops.push_back(Op::size());
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(IovHexdump, DumpsTheFirstLimitBytes, ())
{
    // Streams past 64 KiB too: offsets then take more than 4 hex digits.
    const Layout layout = *weighted_choice<Layout>({{7, any_layout()}, {1, large_layout()}});
    const uint64_t prefix = *index_below(std::size(kHexdumpPrefixes));
    const uint64_t size = stream_size(layout);
    const uint64_t limit = *weighted_choice<uint64_t>({
        {2, one_of_values({SIZE_MAX, 0, 1, 15, 16, 17, 32, size, size + 1})},
        {1, one_of_values({0xfff0, 0xffff, 0x10000, 0x10001, 0x10010, 0x10011, 0xfffff, 0x100000, 0x100010})},
        {2, position(layout)},
    });
    std::vector<Op> ops = maybe_discards(layout);
    ops.push_back(Op::hexdump(prefix, limit));
    conforms(program_of(layout, ops));
}

RC_GTEST_PROP(IovCopy, BuildsTheEntriesOfTheRange, ())
{
    const Layout layout = *any_layout();
    const uint64_t nseg = layout.seg_len.size();
    const uint64_t dst_cnt = *weighted_choice<uint64_t>({
        {2, one_of_values({nseg, 0, 1, 2, nseg + 1})},
        {1, gen::map(index_below(nseg + 3), [](size_t n) { return uint64_t{n}; })},
    });
    std::vector<Op> ops = maybe_discards(layout);
    const uint64_t offset = *position(layout);
    ops.push_back(Op::copy(dst_cnt, offset, *length_after(layout, offset)));
    conforms_tagged(program_of(layout, ops));
}

}  // namespace
}  // namespace iovcheck::props
