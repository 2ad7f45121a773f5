// Properties of iov_discard_front / iov_discard_back (with and without an
// undo record) and iov_discard_undo: the view, the caller's array, the
// bytes removed and the undo record agree with the model, and an undo
// puts the array back bitwise (the oracle compares the array after it).
//
// Each property was seen to fail on a deliberately broken core/: see
// properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include "property_support.h"

namespace iovcheck::props {
namespace {

// Discard amounts: 0, boundaries and their neighbours, size, size + 1, SIZE_MAX.
uint64_t discard_amount(const Layout &layout) { return *length_after(layout, 0); }

// A read of the whole view afterwards, so the bytes the view now covers are
// compared too (not only its entries).
Op read_view() { return Op::to_buf_full(0, SIZE_MAX); }

RC_GTEST_PROP(Discard, FrontDropsLeadingEntriesAndShortensOne, ())
{
    const Layout layout = *any_layout();
    conforms(program_of(layout, {Op::discard_front(discard_amount(layout), false), read_view()}));
}

RC_GTEST_PROP(Discard, BackDropsTrailingEntriesAndShortensOne, ())
{
    const Layout layout = *any_layout();
    conforms(program_of(layout, {Op::discard_back(discard_amount(layout), false), read_view()}));
}

RC_GTEST_PROP(Discard, FrontUndoableRecordsTheShortenedEntry, ())
{
    const Layout layout = *any_layout();
    conforms(program_of(layout, {Op::discard_front(discard_amount(layout), true), read_view()}));
}

RC_GTEST_PROP(Discard, BackUndoableRecordsTheShortenedEntry, ())
{
    const Layout layout = *any_layout();
    conforms(program_of(layout, {Op::discard_back(discard_amount(layout), true), read_view()}));
}

RC_GTEST_PROP(DiscardUndo, RestoresTheArrayBitwise, ())
{
    const Layout layout = *any_layout();
    const bool front = *rc::gen::arbitrary<bool>();
    const uint64_t bytes = discard_amount(layout);
    conforms(program_of(layout, {front ? Op::discard_front(bytes, true) : Op::discard_back(bytes, true),
                                 Op::discard_undo(), read_view()}));
}

// Discards stacked on one another, each undone in reverse order: every
// intermediate view and the final array must match.
RC_GTEST_PROP(DiscardUndo, NestedDiscardsUndoneInReverseOrder, ())
{
    const Layout layout = *any_layout();
    const size_t depth = *index_below(4) + 1;
    std::vector<Op> ops;
    for (size_t i = 0; i < depth; i++) {
        const bool front = *rc::gen::arbitrary<bool>();
        const uint64_t bytes = *position_in_domain(layout);
        ops.push_back(front ? Op::discard_front(bytes, true) : Op::discard_back(bytes, true));
    }
    for (size_t i = 0; i < depth; i++) {
        ops.push_back(Op::discard_undo());
    }
    ops.push_back(read_view());
    conforms(program_of(layout, ops));
}

}  // namespace
}  // namespace iovcheck::props
