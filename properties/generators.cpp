#include "generators.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <tuple>
#include <type_traits>

#include <iovcheck/profile.h>

namespace iovcheck::props {

namespace gen = rc::gen;

namespace {

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
static_assert(kMax == SIZE_MAX, "offsets are size_t");

// RapidCheck's nominal size: at this size gen::inRange covers its whole range.
constexpr int kFullSize = 100;

// Positions k below SIZE_MAX, for small k.
constexpr uint64_t kNearMaxSpan = 4096;

}  // namespace

uint64_t stream_size(const Layout &layout)
{
    uint64_t total = 0;
    for (size_t len : layout.seg_len) {
        total += len;
    }
    return total;
}

std::vector<uint64_t> segment_starts(const Layout &layout)
{
    std::vector<uint64_t> starts{0};
    for (size_t len : layout.seg_len) {
        starts.push_back(starts.back() + len);
    }
    return starts;
}

rc::Gen<size_t> index_below(size_t n) { return gen::resize(kFullSize, gen::inRange<size_t>(0, n)); }

rc::Gen<uint64_t> one_of_values(std::vector<uint64_t> values)
{
    const size_t n = values.size();
    return gen::map(index_below(n), [values = std::move(values)](size_t i) { return values[i]; });
}

// ---- Layouts ---------------------------------------------------------------------------------

rc::Gen<size_t> segment_length()
{
    return weighted_choice<size_t>({
        {4, gen::just<size_t>(0)},
        {4, gen::just<size_t>(1)},
        {10, gen::map(index_below(15), [](size_t n) { return n + 2; })},
        {1, gen::map(index_below(kLargeSegmentMax - 16), [](size_t n) { return n + 17; })},
    });
}

rc::Gen<std::vector<size_t>> segment_lengths()
{
    // gen::container draws its count from [0, size]: resizing fixes the
    // largest count, and the container shrinks by removing elements.
    const auto lengths_up_to = [](int most) {
        return gen::resize(most, gen::container<std::vector<size_t>>(segment_length()));
    };
    return weighted_choice<std::vector<size_t>>({
        {2, lengths_up_to(4)},
        {2, lengths_up_to(16)},
        {1, lengths_up_to(static_cast<int>(kMaxGeneratedSegments))},
    });
}

rc::Gen<uint32_t> fill_seed()
{
    return weighted_choice<uint32_t>({
        {1, gen::just<uint32_t>(0)},                                                 // all zero
        {2, gen::map(index_below(1 << 16), [](size_t s) { return static_cast<uint32_t>(2 * s + 1); })},  // mostly zero
        {4, gen::map(index_below(1 << 16), [](size_t s) { return static_cast<uint32_t>(2 * s + 2); })},  // random
    });
}

rc::Gen<std::pair<Layout::Fill, uint32_t>> data_fill()
{
    using Drawn = std::pair<Layout::Fill, uint32_t>;
    return weighted_choice<Drawn>({
        {7, gen::map(fill_seed(), [](uint32_t seed) { return Drawn{Layout::Fill::Seeded, seed}; })},
        {2, gen::map(index_below(1 << 16), [](size_t seed) { return Drawn{Layout::Fill::Sparse, static_cast<uint32_t>(seed)}; })},
    });
}

namespace {

// Separate guarded segments of the generated lengths, with a generated fill.
rc::Gen<Layout> separate_layout_of(rc::Gen<std::vector<size_t>> lengths,
                                   rc::Gen<std::pair<Layout::Fill, uint32_t>> fill = data_fill())
{
    return gen::apply(
        [](std::vector<size_t> lens, std::pair<Layout::Fill, uint32_t> drawn) {
            Layout l;
            l.seg_len = std::move(lens);
            l.fill = drawn.first;
            l.fill_seed = drawn.second;
            return l;
        },
        std::move(lengths), std::move(fill));
}

}  // namespace

rc::Gen<Layout> separate_layout()
{
    return separate_layout_of(segment_lengths());
}

rc::Gen<Layout> shared_arena_layout()
{
    using Drawn = std::pair<std::vector<size_t>, std::pair<Layout::Fill, uint32_t>>;
    return gen::mapcat(gen::pair(segment_lengths(), data_fill()), [](const Drawn &in) {
        const std::vector<size_t> &lens = in.first;
        size_t longest = 0, total = 0;
        for (size_t len : lens) {
            longest = std::max(longest, len);
            total += len;
        }
        // An arena no larger than the stream forces overlaps; one of the
        // longest segment makes every segment a window of the same bytes.
        const auto arena_size = gen::map(index_below(total - longest + 1), [longest](size_t extra) { return longest + extra; });
        return gen::mapcat(arena_size, [lens, fill = in.second](size_t arena) {
            const auto offsets = gen::container<std::vector<size_t>>(
                lens.size(), gen::map(index_below(arena + 1), [](size_t o) { return o; }));
            return gen::map(offsets, [lens, fill, arena](std::vector<size_t> offs) {
                Layout l;
                l.seg_len = lens;
                l.fill = fill.first;
                l.fill_seed = fill.second;
                l.shared_arena = true;
                l.arena_size = arena;
                // Clamped the way normalize() does, so the program shows
                // the offsets the oracle uses.
                for (size_t i = 0; i < offs.size(); i++) {
                    offs[i] = std::min(offs[i], arena - lens[i]);
                }
                l.arena_offset = std::move(offs);
                return l;
            });
        });
    });
}

rc::Gen<Layout> any_layout()
{
    return weighted_choice<Layout>({{3, separate_layout()}, {1, shared_arena_layout()}});
}

rc::Gen<Layout> large_layout()
{
    constexpr size_t kMin = 8 << 10, kMax = 64 << 10;
    const auto large_length = gen::map(index_below(kMax - kMin + 1), [](size_t n) { return n + kMin; });
    return separate_layout_of(
        gen::resize(8, gen::nonEmpty(gen::container<std::vector<size_t>>(large_length))));
}

rc::Gen<Layout> zero_runs_layout()
{
    // Around one, two and sixteen 256-byte blocks (plus the 16-byte ends a
    // vectorized check loads apart), and anything up to 4 KiB.
    const auto long_length = weighted_choice<size_t>({
        {3, gen::map(one_of_values({512, 255, 256, 257, 271, 272, 273, 287, 288, 289, 511, 513, 528, 4096, 4111}),
                     [](uint64_t n) { return static_cast<size_t>(n); })},
        {1, gen::map(index_below(kLargeSegmentMax - 16), [](size_t n) { return n + 17; })},
    });
    const auto sparse = gen::map(index_below(1 << 16), [](size_t seed) {
        return std::pair<Layout::Fill, uint32_t>{Layout::Fill::Sparse, static_cast<uint32_t>(seed)};
    });
    const auto length = weighted_choice<size_t>({{2, long_length}, {1, segment_length()}});
    return separate_layout_of(gen::resize(3, gen::nonEmpty(gen::container<std::vector<size_t>>(length))), sparse);
}

rc::Gen<Layout> many_segments_layout()
{
    constexpr size_t kFewest = 65, kMost = 1100;
    const auto short_length = gen::map(index_below(5), [](size_t n) { return n; });
    return gen::mapcat(index_below(kMost - kFewest + 1), [short_length](size_t extra) {
        return separate_layout_of(gen::container<std::vector<size_t>>(kFewest + extra, short_length));
    });
}

// ---- Offsets and lengths ---------------------------------------------------------------

namespace {

// s_k - 1, s_k or s_k + 1 for a random k (s_n = size included).
rc::Gen<uint64_t> boundary_neighbour(const Layout &layout)
{
    const std::vector<uint64_t> starts = segment_starts(layout);
    return gen::apply([starts](size_t k, uint64_t pick) { return starts[k] + pick - 1; },  // -1 wraps at 0: SIZE_MAX
                      index_below(starts.size()), one_of_values({1, 2, 0}));
}

rc::Gen<uint64_t> near_size_max(uint64_t size)
{
    return weighted_choice<uint64_t>({
        {2, one_of_values({kMax, kMax - 1, kMax - size + 1, kMax - size, kMax - size + 2})},
        {1, gen::map(index_below(kNearMaxSpan), [](size_t k) { return kMax - k; })},
        {1, one_of_values({kMax / 2, kMax / 2 + 1, uint64_t{1} << 32, (uint64_t{1} << 32) - 1})},
    });
}

rc::Gen<uint64_t> anywhere_up_to(uint64_t last) { return gen::map(index_below(last + 1), [](size_t p) { return uint64_t{p}; }); }

}  // namespace

rc::Gen<uint64_t> position(const Layout &layout)
{
    const uint64_t size = stream_size(layout);
    return weighted_choice<uint64_t>({
        {2, one_of_values({0, size, size + 1})},
        {4, boundary_neighbour(layout)},
        {3, anywhere_up_to(size)},
        {2, near_size_max(size)},
    });
}

rc::Gen<uint64_t> position_in_domain(const Layout &layout)
{
    const uint64_t size = stream_size(layout);
    const auto clamp = [size](uint64_t p) { return p > size ? size : p; };
    return weighted_choice<uint64_t>({
        {2, one_of_values({0, size})},
        {4, gen::map(boundary_neighbour(layout), clamp)},
        {3, anywhere_up_to(size)},
    });
}

rc::Gen<uint64_t> position_past_end(const Layout &layout)
{
    const uint64_t size = stream_size(layout);
    // near_size_max() includes SIZE_MAX - size + 2, which wraps to 1.
    const auto past = [size](uint64_t p) { return p > size ? p : size + 1; };
    return weighted_choice<uint64_t>({
        {3, gen::just(size + 1)},
        {2, gen::map(index_below(kLargeSegmentMax), [size](size_t k) { return size + 2 + k; })},
        {2, gen::map(near_size_max(size), past)},
    });
}

rc::Gen<uint64_t> length_after(const Layout &layout, uint64_t offset)
{
    const uint64_t size = stream_size(layout);
    const auto reach = [offset](uint64_t target) { return target - offset; };  // wraps when target < offset
    return weighted_choice<uint64_t>({
        {2, one_of_values({0, 1, kMax})},
        {4, gen::map(position(layout), reach)},
        {2, anywhere_up_to(size + 1)},
        {1, near_size_max(size)},
    });
}

rc::Gen<uint64_t> length_in_domain(const Layout &layout, uint64_t offset)
{
    const uint64_t size = stream_size(layout);
    const uint64_t room = offset <= size ? size - offset : 0;
    const auto within = [offset, room](uint64_t target) { return target >= offset ? std::min(target - offset, room) : 0; };
    return weighted_choice<uint64_t>({
        {2, one_of_values({0, room, std::min<uint64_t>(1, room)})},
        {4, gen::map(position_in_domain(layout), within)},
        {2, anywhere_up_to(room)},
    });
}

rc::Gen<uint64_t> length_past_end(const Layout &layout, uint64_t offset)
{
    const uint64_t size = stream_size(layout);
    const uint64_t room = offset <= size ? size - offset : 0;
    // offset + bytes wraps around to a position p < offset: bytes = p - offset mod 2^64.
    // Without a position below offset (offset == 0) it goes just past the end.
    const auto wrap_to = [offset, room](uint64_t p) { return p < offset ? p - offset : room + 1 + p; };
    const auto past = [room](uint64_t len) { return len > room ? len : room + 1; };
    return weighted_choice<uint64_t>({
        {2, one_of_values({room + 1, kMax})},
        {3, gen::map(position_in_domain(layout), wrap_to)},
        {2, gen::map(index_below(kNearMaxSpan), [room](size_t k) { return room + 2 + k; })},
        {1, gen::map(near_size_max(size), past)},
    });
}

rc::Gen<uint64_t> negative_int()
{
    const auto as_arg = [](int32_t v) { return uint64_t{static_cast<uint32_t>(v)}; };
    return weighted_choice<uint64_t>({
        {2, one_of_values({as_arg(-1), as_arg(std::numeric_limits<int32_t>::min()), as_arg(-2)})},
        {1, gen::map(index_below(1u << 30), [as_arg](size_t k) { return as_arg(-1 - static_cast<int32_t>(k)); })},
    });
}

namespace {

// One argument of a generated call, by its domain; `off` and `len` are the
// call's stream range (every stream offset and length of the call is it).
// Runs inside gen::exec.
template <Domain D>
uint64_t any_arg(const Layout &layout, uint64_t off, uint64_t len)
{
    const uint64_t nseg = layout.seg_len.size();
    if constexpr (D == Domain::StreamOffset) {
        return off;
    } else if constexpr (D == Domain::StreamLength) {
        return len;
    } else if constexpr (D == Domain::DstCount) {
        return *index_below(nseg + 2);
    } else if constexpr (D == Domain::ArrayCount || D == Domain::Segment) {
        return *index_below(nseg + 1);
    } else if constexpr (D == Domain::AllocHint) {
        // A negative hint only where the profile under test lets the harness break it.
        if (!profile_under_test().may_violate(Precondition::qemu_iovec_init__hint_nonneg)) {
            return *one_of_values({0, 1, 3});
        }
        return *weighted_choice<uint64_t>({{4, one_of_values({0, 1, 3})}, {1, negative_int()}});
    } else if constexpr (D == Domain::Slot) {
        return *index_below(kSlots);
    } else if constexpr (D == Domain::SegmentOffset) {
        return *one_of_values({0, 1});
    } else if constexpr (D == Domain::SegmentLength) {
        return *one_of_values({SIZE_MAX, 0, 1});
    } else if constexpr (D == Domain::SideLength) {
        return *one_of_values({0, 1, 2, 4, kSideLen});
    } else if constexpr (D == Domain::FillByte) {
        return *one_of_values({0, 0xa5, 0x1ff});
    } else if constexpr (D == Domain::Flag) {
        return *index_below(2);
    } else if constexpr (D == Domain::HexdumpPrefix) {
        return *index_below(std::size(kHexdumpPrefixes));
    } else if constexpr (D == Domain::SendRecvFlags) {
        return *index_below(8);
    } else if constexpr (D == Domain::PeerChunk) {
        return *one_of_values({4096, 1, 7});
    } else {
        static_assert(D == Domain::PeerBytes, "every domain has a generator");
        return *one_of_values({len, 0, 3});
    }
}

}  // namespace

rc::Gen<Op> call_of(const Layout &layout, OpKind kind)
{
    return gen::exec([layout, kind] {
        const uint64_t off = *position(layout);
        const uint64_t len = *length_after(layout, off);
        return visit(Op::of_kind(kind), [&](auto r) {
            const auto generate = [&](auto &field) {
                field.v = any_arg<std::remove_cvref_t<decltype(field)>::domain>(layout, off, len);
            };
            std::apply([&](auto &...field) { (generate(field), ...); }, r.fields());
            return Op::of(r);
        });
    });
}

rc::Gen<Op> any_call(const Layout &layout)
{
    return gen::mapcat(index_below(kOpKinds),
                       [layout](size_t k) { return call_of(layout, static_cast<OpKind>(k)); });
}

}  // namespace iovcheck::props
