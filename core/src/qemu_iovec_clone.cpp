// qemu_iovec_clone: the same layout, aliasing kept, based inside `buf`.
// O(n log n): sort the source ranges, merge them into the union U with the
// bytes of U before each run, then place each entry by binary search.
#include <iovcheck/iov.h>

#include "internal.h"

#include <algorithm>
#include <cstdint>
#include <vector>

using namespace iovcheck::detail;

namespace {

struct Run {
    uintptr_t begin;
    uintptr_t end;
    size_t union_bytes_before;
};

// The disjoint, sorted runs whose union is every byte covered by `src`.
std::vector<Run> union_runs(const QEMUIOVector *src)
{
    std::vector<Run> ranges;
    ranges.reserve(static_cast<size_t>(src->niov));
    for (int k = 0; k < src->niov; ++k) {
        if (src->iov[k].iov_len > 0) {
            uintptr_t begin = reinterpret_cast<uintptr_t>(src->iov[k].iov_base);
            ranges.push_back({begin, begin + src->iov[k].iov_len, 0});
        }
    }
    std::sort(ranges.begin(), ranges.end(),
              [](const Run &x, const Run &y) { return x.begin < y.begin; });
    std::vector<Run> runs;
    size_t covered = 0;
    for (const Run &range : ranges) {
        if (!runs.empty() && range.begin <= runs.back().end) {
            if (range.end > runs.back().end) {
                covered += range.end - runs.back().end;
                runs.back().end = range.end;
            }
            continue;
        }
        runs.push_back({range.begin, range.end, covered});
        covered += range.end - range.begin;
    }
    return runs;
}

// |U ∩ (-inf, x)|
size_t union_bytes_below(const std::vector<Run> &runs, uintptr_t x)
{
    auto after = std::upper_bound(runs.begin(), runs.end(), x,
                                  [](uintptr_t value, const Run &run) { return value < run.begin; });
    if (after == runs.begin()) {
        return 0;
    }
    const Run &run = *(after - 1);
    return run.union_bytes_before + (std::min(x, run.end) - run.begin);
}

}  // namespace

extern "C" void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf)
{
    if (dest->nalloc < 0) {
        iov_contract_violation("qemu_iovec_clone", "dest is not an owned vector (nalloc=%d)",
                               dest->nalloc);
        return;
    }
    std::vector<Run> runs = union_runs(src);
    // Built before dest grows: src may be dest itself.
    std::vector<struct iovec> cloned(static_cast<size_t>(src->niov));
    for (int k = 0; k < src->niov; ++k) {
        uintptr_t x = reinterpret_cast<uintptr_t>(src->iov[k].iov_base);
        cloned[k].iov_base = static_cast<char *>(buf) + union_bytes_below(runs, x);
        cloned[k].iov_len = src->iov[k].iov_len;
    }
    reserve_entries(dest, cloned.size());
    for (const struct iovec &entry : cloned) {
        dest->iov[dest->niov++] = entry;
        dest->size += entry.iov_len;
    }
}
