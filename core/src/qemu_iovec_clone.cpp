// qemu_iovec_clone: the same layout, aliasing kept, based inside `buf`.
// O(n log n): the source's entries sorted by address are walked once, merging
// them into the union U while each learns |U ∩ (-inf, its address)|.
#include <iovcheck/iov.h>

#include "internal.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>

using namespace iovcheck::detail;

namespace {

// One source entry, by address; `index` is where it sits in the source.
struct Entry {
    uintptr_t begin;
    size_t len;
    size_t index;
};

// The counting sort's bucket budget: kBucketsPerEntry * count + kExtraBuckets.
constexpr size_t kBucketsPerEntry = 4;
constexpr size_t kExtraBuckets = 64;

// Room for the entries, a spare copy and the bucket counters.
size_t clone_scratch_bytes(size_t count)
{
    return 2 * count * sizeof(Entry) + (kBucketsPerEntry * count + kExtraBuckets) * sizeof(size_t);
}

// Fills `entries` from the source and returns them sorted by address (in
// `entries` or in `spare`).  The usual sources (entries in one buffer, at
// addresses a common alignment apart, spanning a few times their count) are
// sorted by counting in one pass over buckets; any other by comparisons.
Entry *sorted_entries(const struct iovec *iov, size_t count, Entry *entries, Entry *spare)
{
    // One pass: the entries, the lowest and highest address, and the address
    // bits in which any two entries differ (their common alignment).
    uintptr_t lowest = UINTPTR_MAX;
    uintptr_t highest = 0;
    uintptr_t differing_bits = 0;
    const uintptr_t any_address = reinterpret_cast<uintptr_t>(iov[0].iov_base);
    for (size_t k = 0; k < count; ++k) {
        uintptr_t begin = reinterpret_cast<uintptr_t>(iov[k].iov_base);
        entries[k] = {begin, iov[k].iov_len, k};
        lowest = std::min(lowest, begin);
        highest = std::max(highest, begin);
        differing_bits |= begin ^ any_address;
    }
    const int shift = differing_bits == 0 ? 0 : std::countr_zero(differing_bits);
    const uintptr_t last_bucket = (highest - lowest) >> shift;
    if (last_bucket >= kBucketsPerEntry * count + kExtraBuckets) {
        std::sort(entries, entries + count,
                  [](const Entry &x, const Entry &y) { return x.begin < y.begin; });
        return entries;
    }
    // Counting sort: the counters follow the `count` entries of `spare`
    // (see clone_scratch_bytes).
    size_t *starts = reinterpret_cast<size_t *>(spare + count);
    std::memset(starts, 0, (last_bucket + 1) * sizeof *starts);
    for (size_t i = 0; i < count; ++i) {
        ++starts[(entries[i].begin - lowest) >> shift];
    }
    size_t at = 0;
    for (uintptr_t b = 0; b <= last_bucket; ++b) {
        size_t here = starts[b];
        starts[b] = at;
        at += here;
    }
    for (size_t i = 0; i < count; ++i) {
        spare[starts[(entries[i].begin - lowest) >> shift]++] = entries[i];
    }
    return spare;
}

}  // namespace

extern "C" void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf)
{
    if (dest->nalloc < 0) {
        iov_contract_violation("qemu_iovec_clone", "dest is not an owned vector (nalloc=%d)",
                               dest->nalloc);
        return;
    }
    // Taken before dest grows: src may be dest itself.
    const size_t count = static_cast<size_t>(src->niov);
    if (count == 0) {
        return;
    }
    Entry *scratch = static_cast<Entry *>(
        reallocate_or_stop("qemu_iovec_clone", nullptr, clone_scratch_bytes(count), 1));
    const Entry *entries = sorted_entries(src->iov, count, scratch, scratch + count);

    reserve_entries(dest, count);
    struct iovec *out = dest->iov + dest->niov;
    // The current run of U: [run_begin, run_end), with `run_before` bytes of
    // U below it; `covered` is |U| so far.
    uintptr_t run_begin = 0;
    uintptr_t run_end = 0;
    size_t run_before = 0;
    size_t covered = 0;
    bool in_run = false;
    size_t added = 0;
    for (size_t i = 0; i < count; ++i) {
        const Entry &e = entries[i];
        added += e.len;
        size_t below = covered;
        if (in_run && e.begin <= run_end) {
            below = run_before + (e.begin - run_begin);
            if (e.begin + e.len > run_end) {
                covered += e.begin + e.len - run_end;
                run_end = e.begin + e.len;
            }
        } else if (e.len > 0) {
            in_run = true;
            run_begin = e.begin;
            run_end = e.begin + e.len;
            run_before = covered;
            covered += e.len;
        }
        out[e.index].iov_base = static_cast<char *>(buf) + below;
        out[e.index].iov_len = e.len;
    }
    std::free(scratch);
    dest->niov += static_cast<int>(count);
    dest->size += added;
}
