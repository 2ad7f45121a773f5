#include "cases.h"

#include <sys/uio.h>

#include <climits>

namespace iovcheck::bench {

bool has_flat_baseline(const Case &c)
{
    for (const char *op : {"to_buf", "from_buf", "memset", "is_zero", "compare", "send_recv"}) {
        if (c.operation == op) {
            return true;
        }
    }
    return false;
}

std::vector<Case> all_cases()
{
    const std::vector<Layout> layouts = standard_layouts();
    std::vector<Case> cases;

    for (const char *op : {"to_buf", "from_buf", "memset", "is_zero", "compare"}) {
        for (const Layout &l : layouts) {
            cases.push_back(Case{op, l});
        }
    }

    // The pointer builders.  "all" rows walk every segment (ns per segment);
    // "first3"/"last3" rows meet at most 3 segments whatever the layout's
    // length, so O(segments touched) shows as the same time on every layout.
    for (const Layout &l : layouts) {
        size_t n = l.lengths.size();
        cases.push_back(Case{"iov_copy.all", l, Range{0, stream_size(l), n}});
        cases.push_back(Case{"iov_copy.first3", l, leading_segments(l, 3)});
    }
    for (const Layout &l : layouts) {
        cases.push_back(Case{"concat", l, Range{0, stream_size(l), l.lengths.size()}});
    }
    // Slice [1, size - 1): every entry, the first and last one cut.
    for (const Layout &l : layouts) {
        cases.push_back(Case{"init_slice", l, Range{1, stream_size(l) - 2, l.lengths.size()}});
    }
    // qemu_iovec_slice of the same range: the lookup alone, no vector built.
    // `segments` is the entry count the slice takes (the mixed layout's
    // empty entries at either end are not in it).
    for (const Layout &l : layouts) {
        const size_t bytes = stream_size(l) - 2;
        cases.push_back(Case{"slice", l, Range{1, bytes, slice_entries(l, 1, bytes)}});
    }
    // A 64-byte head and tail around that slice; when the three would
    // exceed IOV_MAX entries the slice drops the first and last segment
    // whole, so every layout builds a valid vector.
    for (const Layout &l : layouts) {
        Range mid{1, stream_size(l) - 2, l.lengths.size()};
        if (l.lengths.size() + 2 > IOV_MAX) {
            mid.offset = l.lengths.front();
            mid.bytes = stream_size(l) - l.lengths.front() - l.lengths.back();
            mid.segments = l.lengths.size() - 2;
        }
        cases.push_back(Case{"init_extended", l, mid});
    }
    // Discards stop one byte short of the range, so the last entry met is
    // cut in place and the undo record is used.
    for (const Layout &l : layouts) {
        size_t n = l.lengths.size(), size = stream_size(l);
        Range first3 = leading_segments(l, 3), last3 = trailing_segments(l, 3);
        cases.push_back(Case{"discard_front.all", l, Range{0, size - 1, n}});
        cases.push_back(Case{"discard_front.first3", l, Range{0, first3.bytes - 1, first3.segments}});
        cases.push_back(Case{"discard_back.all", l, Range{0, size - 1, n}});
        cases.push_back(Case{"discard_back.last3", l, Range{0, last3.bytes - 1, last3.segments}});
    }

    for (size_t n : {64, 256, 1024}) {
        cases.push_back(Case{"clone", Layout{std::to_string(n) + "shuffled", {}}, Range{0, 0, n}});
    }

    // 64 x 64 B: exactly the 64 segments of the no-allocation goal, in one
    // call whose first and last entries are cut.
    std::vector<Layout> send_recv_layouts = layouts;
    send_recv_layouts.push_back(uniform_layout(64, 64));
    for (const Layout &l : send_recv_layouts) {
        cases.push_back(Case{"send_recv", l});
    }
    return cases;
}

}  // namespace iovcheck::bench
