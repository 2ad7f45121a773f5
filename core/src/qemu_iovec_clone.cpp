// qemu_iovec_clone: the same layout, aliasing kept, based inside `buf`.
// The source's entries, met in address order, are walked once, merging them
// into the union U while each learns |U ∩ (-inf, its address)|.  The order
// comes from placing each entry in the slot of its address when the usual
// source allows (linear), else from a counting sort or, for addresses spread
// far apart, a comparison sort (O(n log n)).
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

// Where the source's addresses lie: lowest and highest entry address, and
// the bits in which any two entries differ (their common alignment is
// 2^shift).  Bucket b of the address range is lowest + (b << shift).
struct AddressSpan {
    uintptr_t lowest;
    int shift;
    uintptr_t last_bucket;
};

AddressSpan address_span(const struct iovec *iov, size_t count)
{
    // Two independent chains of minimum and maximum (even and odd entries):
    // one chain of compare-and-move per entry would be the loop's bottleneck.
    const uintptr_t any_address = reinterpret_cast<uintptr_t>(iov[0].iov_base);
    uintptr_t low_even = any_address, low_odd = any_address;
    uintptr_t high_even = any_address, high_odd = any_address;
    uintptr_t differing_bits = 0;
    size_t k = 0;
    for (; k + 2 <= count; k += 2) {
        const uintptr_t even = reinterpret_cast<uintptr_t>(iov[k].iov_base);
        const uintptr_t odd = reinterpret_cast<uintptr_t>(iov[k + 1].iov_base);
        low_even = std::min(low_even, even);
        low_odd = std::min(low_odd, odd);
        high_even = std::max(high_even, even);
        high_odd = std::max(high_odd, odd);
        differing_bits |= (even ^ any_address) | (odd ^ any_address);
    }
    if (k < count) {
        const uintptr_t last = reinterpret_cast<uintptr_t>(iov[k].iov_base);
        low_even = std::min(low_even, last);
        high_even = std::max(high_even, last);
        differing_bits |= last ^ any_address;
    }
    const uintptr_t low = std::min(low_even, low_odd);
    const uintptr_t high = std::max(high_even, high_odd);
    const int shift = differing_bits == 0 ? 0 : std::countr_zero(differing_bits);
    return {low, shift, (high - low) >> shift};
}

bool few_buckets(const AddressSpan &span, size_t count)
{
    return span.last_bucket < kBucketsPerEntry * count + kExtraBuckets;
}

// The usual source (entries in one buffer, at distinct addresses a common
// alignment apart, spanning a few times their count) needs no sort: each
// entry's index + 1 goes to the slot of its address's bucket, and the slots
// read in order are the entries by address.  False when two entries share a
// bucket (the same address: aliasing): the caller sorts instead.
bool place_by_address(const struct iovec *iov, size_t count, const AddressSpan &span,
                      uint32_t *slots)
{
    std::memset(slots, 0, (span.last_bucket + 1) * sizeof *slots);
    for (size_t k = 0; k < count; ++k) {
        const uintptr_t bucket =
            (reinterpret_cast<uintptr_t>(iov[k].iov_base) - span.lowest) >> span.shift;
        if (slots[bucket] != 0) {
            return false;
        }
        slots[bucket] = static_cast<uint32_t>(k + 1);
    }
    return true;
}

// The source's entries sorted by address (in `entries` or in `spare`): by
// counting over the buckets when they are few, else by comparisons.
Entry *sorted_entries(const struct iovec *iov, size_t count, const AddressSpan &span,
                      Entry *entries, Entry *spare)
{
    for (size_t k = 0; k < count; ++k) {
        entries[k] = {reinterpret_cast<uintptr_t>(iov[k].iov_base), iov[k].iov_len, k};
    }
    if (!few_buckets(span, count)) {
        std::sort(entries, entries + count,
                  [](const Entry &x, const Entry &y) { return x.begin < y.begin; });
        return entries;
    }
    // Counting sort: the counters follow the `count` entries of `spare`
    // (see clone_scratch_bytes).
    size_t *starts = reinterpret_cast<size_t *>(spare + count);
    std::memset(starts, 0, (span.last_bucket + 1) * sizeof *starts);
    for (size_t i = 0; i < count; ++i) {
        ++starts[(entries[i].begin - span.lowest) >> span.shift];
    }
    size_t at = 0;
    for (uintptr_t b = 0; b <= span.last_bucket; ++b) {
        size_t here = starts[b];
        starts[b] = at;
        at += here;
    }
    for (size_t i = 0; i < count; ++i) {
        spare[starts[(entries[i].begin - span.lowest) >> span.shift]++] = entries[i];
    }
    return spare;
}

// Merges the entries, met in address order, into the union U and bases each
// in `buf` at |U ∩ (-inf, its address)|, written to out[its index].
// Positions are relative to `origin` (no entry lies below it) and kept as
// addresses in `buf`, so that one entry costs an add or two: the current run
// of U ends at position `run_end_`, a position p inside it is based at
// `run_to_buf_ + p` (modulo 2^64), and `covered_end_` is buf + |U| so far.
class UnionWalk {
public:
    UnionWalk(struct iovec *out, void *buf, uintptr_t origin)
        : out_(out), origin_(origin), covered_end_(reinterpret_cast<uintptr_t>(buf))
    {
    }

    IOVCHECK_WRAPS_ON_PURPOSE void meet(uintptr_t begin, size_t len, size_t index)
    {
        const uintptr_t position = begin - origin_;
        uintptr_t based = covered_end_;
        if (in_run_ && position <= run_end_) {  // inside the current run, or right after it
            based = run_to_buf_ + position;
            const uintptr_t end = position + len;
            if (end > run_end_) {
                covered_end_ += end - run_end_;
                run_end_ = end;
            }
        } else if (len > 0) {  // a new run
            in_run_ = true;
            run_to_buf_ = covered_end_ - position;
            run_end_ = position + len;
            covered_end_ += len;
        }
        out_[index].iov_base = reinterpret_cast<void *>(based);
        out_[index].iov_len = len;
    }

private:
    struct iovec *out_;
    uintptr_t origin_;
    uintptr_t covered_end_;
    uintptr_t run_to_buf_ = 0;
    uintptr_t run_end_ = 0;
    bool in_run_ = false;
};

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
    const struct iovec *iov = src->iov;
    const AddressSpan span = address_span(iov, count);
    // The slots share the counters' room (see clone_scratch_bytes).
    uint32_t *slots = reinterpret_cast<uint32_t *>(scratch + 2 * count);
    const bool placed = few_buckets(span, count) && place_by_address(iov, count, span, slots);

    reserve_entries(dest, count);  // may move src->iov when src is dest: read through `iov` no more
    UnionWalk walk(dest->iov + dest->niov, buf, span.lowest);
    size_t added = 0;
    if (placed) {
        iov = src->iov;
        for (uintptr_t b = 0; b <= span.last_bucket; ++b) {
            if (slots[b] != 0) {
                const size_t index = slots[b] - 1;
                const size_t len = iov[index].iov_len;
                added += len;
                walk.meet(span.lowest + (b << span.shift), len, index);
            }
        }
    } else {
        const Entry *entries = sorted_entries(src->iov, count, span, scratch, scratch + count);
        for (size_t i = 0; i < count; ++i) {
            added += entries[i].len;
            walk.meet(entries[i].begin, entries[i].len, entries[i].index);
        }
    }
    std::free(scratch);
    dest->niov += static_cast<int>(count);
    dest->size += added;
}
