// Faulty pointer builders and QEMUIOVector functions: iov_copy's zero-length
// entry, slice boundaries and zero-length entries, the embedded single entry
// of init_extended, add's growth, clone's aliasing, compare's offset.
#include "faulty.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "internal.h"  // core/src: the stream cursor core itself walks with

using namespace iovcheck;
using namespace iovcheck::detail;

namespace {

// iov-copy-without-zero-length-entry: an empty range strictly inside a
// segment yields no entry instead of one zero-length entry at the position.
unsigned copy_without_empty_entry(struct iovec *dst, unsigned dst_cnt, const struct iovec *iov,
                                  unsigned cnt, size_t offset, size_t bytes)
{
    StreamCursor start;
    if (!seek(iov, cnt, offset, &start)) {
        iov_contract_violation("iov_copy", "offset=%zu is past size=%zu", offset, iov_size(iov, cnt));
        return 0;
    }
    if (offset > 0 && dst_cnt == 0) {
        iov_contract_violation("iov_copy", "dst_iov_cnt=0 with offset=%zu", offset);
        return 0;
    }
    // BUG: the `bytes == 0 && start.within > 0` edge is missing.
    unsigned written = 0;
    for_each_chunk(iov, cnt, start, bytes, [&](char *p, size_t n, size_t) {
        if (written == dst_cnt) {
            return false;
        }
        dst[written++] = {p, n};
        return true;
    });
    return written;
}

// offset-on-boundary: skipping to the slice's first entry stops at an entry
// that ends exactly at `offset` (`<` where `<=` is needed), so it is counted.
int subvec_niov_boundary_start(QEMUIOVector *qiov, size_t offset, size_t len)
{
    if (len > qiov->size || offset > qiov->size - len) {
        iov_contract_violation("qemu_iovec_subvec_niov", "offset=%zu len=%zu outside size=%zu", offset,
                               len, qiov->size);
        return 0;
    }
    const size_t end = offset + len;
    int k = 0;
    size_t start = 0;
    while (k < qiov->niov && start != offset && start + qiov->iov[k].iov_len < offset) {  // BUG: <
        start += qiov->iov[k].iov_len;
        ++k;
    }
    const int first = k;
    while (k < qiov->niov && start != end && start + qiov->iov[k].iov_len <= end) {
        start += qiov->iov[k].iov_len;
        ++k;
    }
    const bool end_strictly_inside = k < qiov->niov && start != end;
    return k - first + (end_strictly_inside ? 1 : 0);
}

// slice-zero-length-entries: the slice skips zero-length entries inside the
// range ("nothing to transfer there"), which SPEC.md keeps.
int init_extended_dropping_empty_entries(QEMUIOVector *qiov, void *head, size_t head_len,
                                         QEMUIOVector *mid, size_t mid_offset, size_t mid_len,
                                         void *tail, size_t tail_len)
{
    int ret = qemu_iovec_init_extended(qiov, head, head_len, mid, mid_offset, mid_len, tail, tail_len);
    if (ret == 0 && qiov->nalloc >= 0) {
        int kept = 0;
        for (int k = 0; k < qiov->niov; ++k) {
            if (qiov->iov[k].iov_len > 0) {  // BUG: empty entries of the range are part of the slice
                qiov->iov[kept++] = qiov->iov[k];
            }
        }
        qiov->niov = kept;
        qiov->nalloc = kept;
    }
    return ret;
}

// init-extended-no-embedded: a single-entry result gets a heap array of one
// entry instead of the vector's embedded local_iov.
int init_extended_always_allocating(QEMUIOVector *qiov, void *head, size_t head_len,
                                    QEMUIOVector *mid, size_t mid_offset, size_t mid_len, void *tail,
                                    size_t tail_len)
{
    int ret = qemu_iovec_init_extended(qiov, head, head_len, mid, mid_offset, mid_len, tail, tail_len);
    if (ret == 0 && qiov->niov == 1 && qiov->iov == &qiov->local_iov) {
        // BUG: SPEC.md wants the embedded entry (nalloc == -1, no allocation).
        auto *array = static_cast<struct iovec *>(std::malloc(sizeof(struct iovec)));
        if (array == nullptr) {
            std::abort();
        }
        array[0] = qiov->local_iov;
        size_t size = qiov->size;
        std::memset(qiov, 0, sizeof *qiov);
        qiov->iov = array;
        qiov->niov = 1;
        qiov->nalloc = 1;
        qiov->size = size;
    }
    return ret;
}

// add-growth-loses-entry: growing into a fresh array copies `niov - 1`
// entries, so the last entry before the growth is lost (left zeroed).
void add_growing_without_last_entry(QEMUIOVector *qiov, void *base, size_t len)
{
    if (qiov->nalloc < 0) {
        iov_contract_violation("qemu_iovec_add", "vector is not owned (nalloc=%d)", qiov->nalloc);
        return;
    }
    if (qiov->niov == qiov->nalloc) {
        int grown = 2 * qiov->nalloc + 1;
        auto *bigger = static_cast<struct iovec *>(std::calloc(static_cast<size_t>(grown), sizeof(struct iovec)));
        if (bigger == nullptr) {
            std::abort();
        }
        if (qiov->niov > 1) {
            // BUG: should copy niov entries
            std::memcpy(bigger, qiov->iov, static_cast<size_t>(qiov->niov - 1) * sizeof(struct iovec));
        }
        std::free(qiov->iov);
        qiov->iov = bigger;
        qiov->nalloc = grown;
    }
    qiov->iov[qiov->niov++] = {base, len};
    qiov->size += len;
}

// clone-overlap-mapping: merging the sorted source ranges into their union
// extends the current run by a range that lies wholly inside it, which
// shrinks the run (and miscounts the union) for nested aliases.
void clone_mishandling_nested_ranges(QEMUIOVector *dest, const QEMUIOVector *src, void *buf)
{
    if (dest->nalloc < 0) {
        iov_contract_violation("qemu_iovec_clone", "dest is not an owned vector (nalloc=%d)", dest->nalloc);
        return;
    }
    struct Run {
        uintptr_t begin, end;
        size_t before;
    };
    std::vector<Run> ranges;
    for (int k = 0; k < src->niov; ++k) {
        if (src->iov[k].iov_len > 0) {
            uintptr_t b = reinterpret_cast<uintptr_t>(src->iov[k].iov_base);
            ranges.push_back({b, b + src->iov[k].iov_len, 0});
        }
    }
    std::sort(ranges.begin(), ranges.end(), [](const Run &x, const Run &y) { return x.begin < y.begin; });
    std::vector<Run> runs;
    size_t covered = 0;
    for (const Run &r : ranges) {
        if (!runs.empty() && r.begin <= runs.back().end) {
            covered += r.end - runs.back().end;  // BUG: only when r.end > runs.back().end
            runs.back().end = r.end;
            continue;
        }
        runs.push_back({r.begin, r.end, covered});
        covered += r.end - r.begin;
    }
    std::vector<struct iovec> cloned;
    for (int k = 0; k < src->niov; ++k) {
        uintptr_t x = reinterpret_cast<uintptr_t>(src->iov[k].iov_base);
        size_t below = 0;
        for (const Run &run : runs) {
            if (x >= run.begin) {
                below = run.before + (std::min(x, run.end) - run.begin);
            }
        }
        cloned.push_back({static_cast<char *>(buf) + below, src->iov[k].iov_len});
    }
    for (const struct iovec &entry : cloned) {
        qemu_iovec_add(dest, entry.iov_base, entry.iov_len);
    }
}

// compare-wrong-offset: returns the differing byte's index inside its entry
// instead of its stream offset.
ssize_t compare_returning_entry_offset(QEMUIOVector *a, QEMUIOVector *b)
{
    if (a->niov != b->niov) {
        iov_contract_violation("qemu_iovec_compare", "a niov=%d differs from b niov=%d", a->niov, b->niov);
        return 0;
    }
    for (int k = 0; k < a->niov; ++k) {
        if (a->iov[k].iov_len != b->iov[k].iov_len) {
            iov_contract_violation("qemu_iovec_compare", "entry %d: lengths %zu and %zu differ", k,
                                   a->iov[k].iov_len, b->iov[k].iov_len);
            return 0;
        }
    }
    for (int k = 0; k < a->niov; ++k) {
        const auto *x = static_cast<const unsigned char *>(a->iov[k].iov_base);
        const auto *y = static_cast<const unsigned char *>(b->iov[k].iov_base);
        for (size_t i = 0; i < a->iov[k].iov_len; ++i) {
            if (x[i] != y[i]) {
                return static_cast<ssize_t>(i);  // BUG: plus the entry's stream start
            }
        }
    }
    return -1;
}

faulty::VariantRegistrar iov_copy_zero_length_entry(
    "faulty:iov-copy-zero-length-entry", "iov_copy writes no entry for an empty range inside a segment",
    [](IovImpl &t) { t.iov_copy = copy_without_empty_entry; });

faulty::VariantRegistrar offset_on_boundary(
    "faulty:offset-on-boundary",
    "qemu_iovec_subvec_niov counts the entry that ends exactly at the offset",
    [](IovImpl &t) { t.qemu_iovec_subvec_niov = subvec_niov_boundary_start; });

faulty::VariantRegistrar slice_zero_length_entries(
    "faulty:slice-zero-length-entries", "qemu_iovec_init_extended drops zero-length entries inside the range",
    [](IovImpl &t) { t.qemu_iovec_init_extended = init_extended_dropping_empty_entries; });

faulty::VariantRegistrar init_extended_embedded(
    "faulty:init-extended-embedded",
    "qemu_iovec_init_extended allocates an array for a single entry instead of using local_iov",
    [](IovImpl &t) { t.qemu_iovec_init_extended = init_extended_always_allocating; });

faulty::VariantRegistrar add_growth_loses_entry(
    "faulty:add-growth-loses-entry", "qemu_iovec_add's growth copies one entry too few",
    [](IovImpl &t) { t.qemu_iovec_add = add_growing_without_last_entry; });

faulty::VariantRegistrar clone_overlap_mapping(
    "faulty:clone-overlap-mapping", "qemu_iovec_clone miscounts the union when one source range lies inside another",
    [](IovImpl &t) { t.qemu_iovec_clone = clone_mishandling_nested_ranges; });

faulty::VariantRegistrar compare_wrong_offset(
    "faulty:compare-wrong-offset", "qemu_iovec_compare returns the offset inside the entry, not the stream offset",
    [](IovImpl &t) { t.qemu_iovec_compare = compare_returning_entry_offset; });

}  // namespace
