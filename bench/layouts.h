// The segment layouts of the benchmarks and the memory the benchmarks run on.
#pragma once

#include <sys/uio.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace iovcheck::bench {

struct Layout {
    std::string name;            // "256x4KiB": the row label in every table
    std::vector<size_t> lengths; // segment lengths in stream order
};

// 1x1MiB, 16x64KiB, 256x4KiB, 1024x64B, 1024x1B and "mixed" (250 segments of
// 0 B to 4 KiB, 100 of them zero-length).
std::vector<Layout> standard_layouts();

// A layout of `count` segments of `length` bytes each, named "<count>x<length>B".
Layout uniform_layout(size_t count, size_t length);

size_t stream_size(const Layout &layout);

// Zero-initialised bytes aligned to a cache line, like a buffer a caller
// would pass; what the flat baselines work on.
class FlatBuffer {
public:
    explicit FlatBuffer(size_t size, unsigned char fill = 0);
    unsigned char *data() { return bytes_.get(); }
    size_t size() const { return size_; }

private:
    struct Free {
        void operator()(unsigned char *p) const;
    };
    std::unique_ptr<unsigned char, Free> bytes_;
    size_t size_;
};

// A layout made real: every segment starts on its own cache line of one
// arena and is followed by a gap, so no two segments are contiguous (a
// contiguous layout would let the hardware prefetcher treat it as one
// buffer, which real scatter/gather lists do not get).  Zero-length
// segments point at valid memory.
class ScatteredBuffer {
public:
    ScatteredBuffer(const Layout &layout, unsigned char fill);
    struct iovec *iov() { return iov_.data(); }
    unsigned count() const { return static_cast<unsigned>(iov_.size()); }
    size_t size() const { return size_; }

private:
    FlatBuffer arena_;
    std::vector<struct iovec> iov_;
    size_t size_;
};

// Arena offsets at which a layout's segments start (see ScatteredBuffer).
std::vector<size_t> scattered_offsets(const Layout &layout, size_t *arena_size);

// Stream range [offset, offset + bytes) covering the first `count`
// segments (all of them when the layout has fewer), and the number of
// segments it meets.
struct Range {
    size_t offset;
    size_t bytes;
    size_t segments;
};
Range leading_segments(const Layout &layout, size_t count);
// Entries from the first that holds a byte of [offset, offset + bytes) to
// the last that does (bytes > 0; the empty ones between them included).
size_t slice_entries(const Layout &layout, size_t offset, size_t bytes);
Range trailing_segments(const Layout &layout, size_t count);

}  // namespace iovcheck::bench
