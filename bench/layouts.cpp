#include "layouts.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <numeric>

namespace iovcheck::bench {
namespace {

constexpr size_t kCacheLine = 64;
constexpr size_t kKiB = 1024;

size_t round_up_to_cache_line(size_t n) { return (n + kCacheLine - 1) / kCacheLine * kCacheLine; }

std::string size_label(size_t bytes)
{
    if (bytes >= kKiB * kKiB && bytes % (kKiB * kKiB) == 0) {
        return std::to_string(bytes / (kKiB * kKiB)) + "MiB";
    }
    if (bytes >= kKiB && bytes % kKiB == 0) {
        return std::to_string(bytes / kKiB) + "KiB";
    }
    return std::to_string(bytes) + "B";
}

// Lengths met in real guest I/O: a page, headers, a byte, an MTU-sized
// packet, a sector, an odd tail; 4 of every 10 entries are empty.
Layout mixed_layout()
{
    const size_t pattern[] = {4096, 0, 64, 0, 0, 1, 1500, 512, 0, 9};
    Layout layout{"mixed", {}};
    for (int repeat = 0; repeat < 25; ++repeat) {
        layout.lengths.insert(layout.lengths.end(), std::begin(pattern), std::end(pattern));
    }
    return layout;
}

}  // namespace

Layout uniform_layout(size_t count, size_t length)
{
    return Layout{std::to_string(count) + "x" + size_label(length),
                  std::vector<size_t>(count, length)};
}

std::vector<Layout> standard_layouts()
{
    return {uniform_layout(1, kKiB * kKiB), uniform_layout(16, 64 * kKiB),
            uniform_layout(256, 4 * kKiB),  uniform_layout(1024, 64),
            uniform_layout(1024, 1),        mixed_layout()};
}

size_t stream_size(const Layout &layout)
{
    return std::accumulate(layout.lengths.begin(), layout.lengths.end(), size_t{0});
}

void FlatBuffer::Free::operator()(unsigned char *p) const { std::free(p); }

FlatBuffer::FlatBuffer(size_t size, unsigned char fill) : size_(size)
{
    // aligned_alloc needs a non-zero multiple of the alignment.
    void *p = std::aligned_alloc(kCacheLine, round_up_to_cache_line(std::max<size_t>(size, 1)));
    if (p == nullptr) {
        throw std::bad_alloc();
    }
    bytes_.reset(static_cast<unsigned char *>(p));
    std::memset(p, fill, size);
}

std::vector<size_t> scattered_offsets(const Layout &layout, size_t *arena_size)
{
    std::vector<size_t> offsets;
    size_t next = 0;
    for (size_t length : layout.lengths) {
        offsets.push_back(next);
        next = round_up_to_cache_line(next + length) + kCacheLine;
    }
    *arena_size = next;
    return offsets;
}

ScatteredBuffer::ScatteredBuffer(const Layout &layout, unsigned char fill)
    : arena_(0), size_(stream_size(layout))
{
    size_t arena_size = 0;
    std::vector<size_t> offsets = scattered_offsets(layout, &arena_size);
    arena_ = FlatBuffer(arena_size, fill);
    for (size_t i = 0; i < offsets.size(); ++i) {
        iov_.push_back(iovec{arena_.data() + offsets[i], layout.lengths[i]});
    }
}

size_t slice_entries(const Layout &layout, size_t offset, size_t bytes)
{
    size_t first = layout.lengths.size(), last = 0, start = 0;
    for (size_t k = 0; k < layout.lengths.size(); ++k) {
        size_t end = start + layout.lengths[k];
        if (end > offset && start < offset + bytes) {
            first = std::min(first, k);
            last = k;
        }
        start = end;
    }
    return first <= last ? last - first + 1 : 0;
}

Range leading_segments(const Layout &layout, size_t count)
{
    size_t met = std::min(count, layout.lengths.size());
    size_t bytes = std::accumulate(layout.lengths.begin(), layout.lengths.begin() + met, size_t{0});
    return Range{0, bytes, met};
}

Range trailing_segments(const Layout &layout, size_t count)
{
    size_t met = std::min(count, layout.lengths.size());
    size_t bytes = std::accumulate(layout.lengths.end() - met, layout.lengths.end(), size_t{0});
    return Range{stream_size(layout) - bytes, bytes, met};
}

}  // namespace iovcheck::bench
