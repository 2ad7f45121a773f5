// The structure-aware mutator (see mutator.h).
#include "mutator.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <iterator>
#include <tuple>
#include <utility>
#include <vector>

namespace iovcheck::fuzz {

uint64_t Rng::next()
{
    uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

namespace {

// What the format can write: 32 distinct segment lengths (and arena
// offsets), u8 arena offsets, lengths up to 4159 and 2 KiB of segment bytes
// in all (decoder.cpp).  Layout mutations stay inside these.
constexpr size_t kMaxEditableSegments = 32;
constexpr size_t kMaxArenaOffset = 255;
constexpr size_t kMaxSegmentLength = 4159;
constexpr size_t kLayoutBudget = 2048;
// Bytes of a new operation: its opcode and up to six arguments, each a tag
// and at most a u64 (missing bytes read as 0).
constexpr size_t kNewOpBytes = 1 + 6 * 9;

// The layout's stream: segment starts s_0 .. s_nseg (s_nseg = size).
std::vector<uint64_t> segment_starts(const Layout &l)
{
    std::vector<uint64_t> starts{0};
    for (size_t len : l.seg_len) {
        starts.push_back(starts.back() + len);
    }
    return starts;
}

template <typename T>
T pick(Rng &rng, std::initializer_list<T> values)
{
    return std::data(values)[rng.below(values.size())];
}

// Counts and indices: around 0, the segment count and the API's limits.
uint64_t count_boundary(uint64_t nseg, uint64_t current, Rng &rng)
{
    return pick<uint64_t>(rng, {0, 1, nseg - 1, nseg, nseg + 1, current - 1, current + 1, 1024, 1025,
                                INT_MAX, uint64_t{INT_MAX} + 1, UINT_MAX, UINT64_MAX});
}

// Byte positions and counts of the stream: around its ends, its segment
// boundaries, and where `value + size` wraps around.
uint64_t stream_boundary(const std::vector<uint64_t> &starts, uint64_t current, Rng &rng)
{
    const uint64_t size = starts.back();
    const uint64_t start = starts[rng.below(starts.size())];
    return pick<uint64_t>(rng, {0, 1, size - 1, size, size + 1, start - 1, start, start + 1, current - 1,
                                current + 1, UINT64_MAX, UINT64_MAX - 1, UINT64_MAX - size + 1,
                                UINT64_MAX - size, uint64_t{1} << 63, rng.below(size + 2)});
}

// A boundary of `domain` for an argument now `current`, in the program's
// layout.
uint64_t domain_boundary(Domain domain, const Layout &l, uint64_t current, Rng &rng)
{
    const uint64_t nseg = l.seg_len.size();
    const uint64_t seg_len = nseg == 0 ? 0 : l.seg_len[rng.below(nseg)];
    switch (domain) {
    case Domain::StreamOffset:
    case Domain::StreamLength: return stream_boundary(segment_starts(l), current, rng);
    case Domain::DstCount:
    case Domain::ArrayCount:
    case Domain::AllocHint: return count_boundary(nseg, current, rng);
    case Domain::Slot: return rng.below(kSlots);
    case Domain::Segment: return pick<uint64_t>(rng, {0, nseg - 1, nseg, rng.below(nseg + 1)});
    case Domain::SegmentOffset:
    case Domain::SegmentLength: return pick<uint64_t>(rng, {0, 1, seg_len - 1, seg_len, seg_len + 1, UINT64_MAX});
    case Domain::SideLength: return pick<uint64_t>(rng, {0, 1, kSideLen - 1, kSideLen, kSideLen + 1});
    case Domain::FillByte: return pick<uint64_t>(rng, {0, 1, 0x7f, 0x80, 0xff, 0x100, rng.below(256)});
    case Domain::Flag: return current == 0 ? 1 : 0;
    case Domain::HexdumpPrefix: return rng.below(std::size(kHexdumpPrefixes));
    case Domain::SendRecvFlags: return rng.below(kDoSend | kNonBlocking | kPeerKeepsOpen) + 1;
    case Domain::PeerChunk:
    case Domain::PeerBytes: {
        const uint64_t size = segment_starts(l).back();
        return std::min<uint64_t>(pick<uint64_t>(rng, {0, 1, size - 1, size, size + 1, 4096}), 4096);
    }
    }
    return current;
}

Op nudge_argument(const Op &op, const Layout &l, Rng &rng)
{
    return visit(op, [&](auto record) {
        constexpr size_t fields = field_count<decltype(record)>();
        if constexpr (fields > 0) {
            const size_t which = rng.below(fields);
            size_t i = 0;
            std::apply(
                [&](auto &...field) {
                    ((i++ == which ? void(field.v = domain_boundary(field.domain, l, field.v, rng)) : void()), ...);
                },
                record.fields());
        }
        return Op::of(record);
    });
}

// An operation of the flavour's table with random arguments, read by the
// decoder itself from random bytes after the program's layout (so that its
// size-relative numbers are relative to this layout).
std::optional<Op> new_op(Flavour flavour, const Layout &l, Rng &rng)
{
    std::optional<std::vector<uint8_t>> bytes = encode(flavour, Program{l, {}}, false);
    if (!bytes) {
        return std::nullopt;
    }
    const size_t layout_bytes = bytes->size();
    for (int attempt = 0; attempt < 8; attempt++) {  // a reserved opcode decodes to no op
        bytes->resize(layout_bytes);
        for (size_t i = 0; i < kNewOpBytes; i++) {
            bytes->push_back(static_cast<uint8_t>(rng.next()));
        }
        Decoded d = decode(flavour, bytes->data(), bytes->size());
        if (!d.program.ops.empty()) {
            return d.program.ops.front();
        }
    }
    return std::nullopt;
}

bool add_empty_segment(Layout &l, Rng &rng)
{
    if (l.seg_len.size() >= kMaxEditableSegments) {
        return false;
    }
    const size_t at = rng.below(l.seg_len.size() + 1);
    l.seg_len.insert(l.seg_len.begin() + at, 0);
    if (l.shared_arena) {
        l.arena_offset.insert(l.arena_offset.begin() + at, rng.below(std::min(l.arena_size, kMaxArenaOffset) + 1));
    }
    return true;
}

bool remove_segment(Layout &l, Rng &rng)
{
    if (l.seg_len.empty() || l.seg_len.size() > kMaxEditableSegments) {
        return false;
    }
    const size_t at = rng.below(l.seg_len.size());
    l.seg_len.erase(l.seg_len.begin() + at);
    if (l.shared_arena && at < l.arena_offset.size()) {
        l.arena_offset.erase(l.arena_offset.begin() + at);
    }
    return true;
}

bool resize_segment(Layout &l, Rng &rng)
{
    if (l.seg_len.empty() || l.seg_len.size() > kMaxEditableSegments) {
        return false;
    }
    size_t &len = l.seg_len[rng.below(l.seg_len.size())];
    size_t others = 0;
    for (size_t v : l.seg_len) {
        others += v;
    }
    others -= len;
    len = pick<size_t>(rng, {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, len + 1, len - 1});
    len = std::min({len, kMaxSegmentLength, kLayoutBudget - std::min(others, kLayoutBudget)});
    return true;
}

// Makes one segment start where another starts (or one byte later): reads
// and writes through the two then overlap.  A layout without an arena gets
// one first, its segments laid out end to end as far as offsets reach.
bool alias(Flavour flavour, Layout &l, Rng &rng)
{
    const size_t nseg = l.seg_len.size();
    if (nseg == 0 || nseg > kMaxEditableSegments) {
        return false;
    }
    if (l.shared_arena && flavour != Flavour::Clone && rng.one_in(4)) {
        l.shared_arena = false;
        l.arena_size = 0;
        l.arena_offset.clear();
        return true;
    }
    if (!l.shared_arena) {
        const std::vector<uint64_t> starts = segment_starts(l);
        l.shared_arena = true;
        l.arena_size = std::min<size_t>(starts.back(), kMaxSegmentLength);
        l.arena_offset.assign(nseg, 0);
        for (size_t i = 0; i < nseg; i++) {
            l.arena_offset[i] = std::min<size_t>(starts[i], kMaxArenaOffset);
        }
    }
    l.arena_offset.resize(nseg, 0);
    const size_t from = rng.below(nseg);
    const size_t to = rng.below(nseg);
    l.arena_offset[to] = std::min(l.arena_offset[from] + rng.below(2), kMaxArenaOffset);
    return true;
}

bool edit_ops(Flavour flavour, Mutation m, Decoded &d, Rng &rng)
{
    std::vector<Op> &ops = d.program.ops;
    const size_t n = ops.size();
    switch (m) {
    case Mutation::InsertOp: {
        std::optional<Op> op = new_op(flavour, d.program.layout, rng);
        if (!op || n >= max_ops(flavour)) {
            return false;
        }
        ops.insert(ops.begin() + rng.below(n + 1), *op);
        return true;
    }
    case Mutation::DeleteOp:
        if (n == 0) {
            return false;
        }
        ops.erase(ops.begin() + rng.below(n));
        return true;
    case Mutation::SwapOps:
        if (n < 2) {
            return false;
        }
        std::swap(ops[rng.below(n)], ops[rng.below(n)]);
        return true;
    case Mutation::DuplicateOp: {
        if (n == 0 || n >= max_ops(flavour)) {
            return false;
        }
        const Op copy = ops[rng.below(n)];
        ops.insert(ops.begin() + rng.below(n + 1), copy);
        return true;
    }
    case Mutation::NudgeArgument: {
        if (n == 0) {
            return false;
        }
        Op &op = ops[rng.below(n)];
        op = nudge_argument(op, d.program.layout, rng);
        return true;
    }
    default: return false;
    }
}

bool edit_layout(Flavour flavour, Mutation m, Decoded &d, Rng &rng)
{
    Layout &l = d.program.layout;
    switch (m) {
    case Mutation::AddEmptySegment: return add_empty_segment(l, rng);
    case Mutation::RemoveSegment: return remove_segment(l, rng);
    case Mutation::Alias: return alias(flavour, l, rng);
    case Mutation::ResizeSegment: return resize_segment(l, rng);
    case Mutation::ChangeFill: l.fill_seed = pick<uint32_t>(rng, {0, 1, 2, static_cast<uint32_t>(rng.below(256))}); return true;
    case Mutation::ToggleLenient: d.also_lenient = !d.also_lenient; return true;
    default: return false;
    }
}

// How often each mutation is drawn: arguments and operations most, the
// layout less (a layout change moves every size-relative argument's meaning).
constexpr unsigned kWeights[kMutations] = {14, 8, 6, 6, 36, 6, 4, 6, 6, 4, 4};

Mutation draw_mutation(Rng &rng)
{
    unsigned total = 0;
    for (unsigned w : kWeights) {
        total += w;
    }
    unsigned r = static_cast<unsigned>(rng.below(total));
    unsigned m = 0;
    while (r >= kWeights[m]) {
        r -= kWeights[m++];
    }
    return static_cast<Mutation>(m);
}

// The part of the calls that go to the byte mutator unconditionally.
constexpr uint64_t kOneInBytes = 4;
constexpr unsigned kMaxStacked = 2;  // libFuzzer stacks mutations too (up to 5)

size_t write_out(const std::vector<uint8_t> &bytes, uint8_t *out, size_t max_out)
{
    if (bytes.size() > max_out) {
        return 0;
    }
    std::memcpy(out, bytes.data(), bytes.size());
    return bytes.size();
}

}  // namespace

std::optional<Decoded> mutate(Flavour flavour, const Decoded &p, Mutation m, Rng &rng)
{
    Decoded d = p;
    if (edit_ops(flavour, m, d, rng) || edit_layout(flavour, m, d, rng)) {
        return d;
    }
    return std::nullopt;
}

Decoded cross_over(Flavour flavour, const Decoded &a, const Decoded &b, Rng &rng)
{
    const bool a_first = rng.one_in(2);
    Decoded out = a_first ? a : b;
    const std::vector<Op> &other = (a_first ? b : a).program.ops;
    const size_t from = rng.below(other.size() + 1);
    const size_t count = rng.below(other.size() - from + 1);
    std::vector<Op> &ops = out.program.ops;
    const size_t at = rng.below(ops.size() + 1);
    if (rng.one_in(2)) {
        ops.erase(ops.begin() + at, ops.end());  // the tail replaced instead of pushed back
    }
    ops.insert(ops.begin() + at, other.begin() + from, other.begin() + from + count);
    ops.resize(std::min(ops.size(), max_ops(flavour)));
    return out;
}

size_t mutate_input(Flavour flavour, uint8_t *data, size_t size, size_t max_size, unsigned seed,
                    ByteMutator byte_mutator)
{
    Rng rng(uint64_t{seed} << 32 | size);
    if (byte_mutator != nullptr && rng.one_in(kOneInBytes)) {
        return byte_mutator(data, size, max_size);
    }
    Decoded d = decode(flavour, data, size);
    bool changed = false;
    const unsigned stacked = 1 + static_cast<unsigned>(rng.below(kMaxStacked));
    for (unsigned i = 0; i < stacked; i++) {
        if (std::optional<Decoded> next = mutate(flavour, d, draw_mutation(rng), rng)) {
            d = std::move(*next);
            changed = true;
        }
    }
    if (changed) {
        const std::optional<std::vector<uint8_t>> bytes = encode(flavour, d.program, d.also_lenient);
        if (bytes && !(bytes->size() == size && std::equal(bytes->begin(), bytes->end(), data))) {
            if (const size_t written = write_out(*bytes, data, max_size)) {
                return written;
            }
        }
    }
    return byte_mutator != nullptr ? byte_mutator(data, size, max_size) : size;
}

size_t cross_over_inputs(Flavour flavour, const uint8_t *data1, size_t size1, const uint8_t *data2, size_t size2,
                         uint8_t *out, size_t max_out, unsigned seed)
{
    Rng rng(uint64_t{seed} << 32 | (size1 ^ size2 << 16));
    const Decoded d = cross_over(flavour, decode(flavour, data1, size1), decode(flavour, data2, size2), rng);
    const std::optional<std::vector<uint8_t>> bytes = encode(flavour, d.program, d.also_lenient);
    return bytes ? write_out(*bytes, out, max_out) : 0;
}

}  // namespace iovcheck::fuzz
