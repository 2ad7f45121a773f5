// The byte format of fuzz inputs (format 1; FORMAT.md says the same briefly).
//
//   input  := flags layout op*                (missing bytes read as 0)
//   flags  := u8   bit 0: also check in Mode::Lenient; bit 1: shared arena
//                  (always on for fuzz_clone); bits 2-7: ignored
//   layout := count(nseg) fill:u8 length{L} [length(arena_size) u8{L}]
//             L = min(nseg, 32) lengths (and, with a shared arena, arena
//             offsets); segment i takes entry i % L of each
//   op     := opcode:u8 arg{arity}
//             kind = table[opcode % 64] of the target's flavour; a reserved
//             entry is skipped (no op).  An arg is a u8 for slot and
//             selector arguments (see arg_type) and a number otherwise; the
//             send/recv peer's chunk and byte count are numbers, taken modulo
//             4097 when over 4096.
//   count  := t:u8   t <= 32: t; 33..239: t & 15; 240..251: 1018 + (t - 240)
//                    (around IOV_MAX); 252..255: u16 (capped at kMaxFuzzSegments)
//   length := t:u8   t < 192: t & 15; 192..239: t - 176 (16..63);
//                    240..255: 64 + ((t & 15) << 8 | u8) (64..4159)
//   number := t:u8   (size = the layout's stream size, s_k = start of segment
//                    k, s_nseg = size)
//     0x00-0x3f  t
//     0x40-0x5f  size - (t - 0x40)            Ranges: SIZE_MAX - (t - 0x40)
//     0x60-0x7f  size + 1 + (t - 0x60)        Ranges: SIZE_MAX - size + (t - 0x70)
//                                             (so that value + size wraps around)
//     0x80-0xbf  s_k + d, k = (t & 15) % (nseg + 1), d = ((t >> 4) & 3) - 1
//     0xc0-0xdf  SIZE_MAX - (t - 0xc0)
//     0xe0-0xef  1 << (4 * (t - 0xe0) + 3)   (8, 128, ..., 2^63)
//     0xf0-0xf3  a u8, u16, u32, u64 little-endian literal follows
//     0xf4-0xff  64 + (t - 0xf4)
//   Segment lengths past a budget of kMaxFuzzLayoutBytes in all are cut
//   (the oracle's cost grows with the guarded memory).  Programs end at the
//   end of the input or after max_ops ops of the flavour.
//
// Stability: nothing above changes meaning.  The opcode tables are frozen;
// a new OpKind takes a reserved entry (56..63) of the tables that want it.
#include "decoder.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

namespace iovcheck::fuzz {

namespace {

constexpr size_t kOpcodeSpace = 64;
constexpr unsigned kMaxPatternEntries = 32;  // the L of the layout
constexpr uint64_t kSizeMax = UINT64_MAX;
constexpr OpKind kReserved = OpKind::Count;
constexpr size_t kMaxFuzzLayoutBytes = 2048;
constexpr size_t kMaxFuzzSegments = 1100;  // past IOV_MAX, for its -EINVAL and contract paths
constexpr size_t kLongLength = 64;  // the first length of the two-byte form

using OpTable = std::array<OpKind, kOpcodeSpace>;

// A table from `identity` (OpKind i at index i, for i < 32) then `weights`
// up to entry 56, then the operations added since (`additions`, from entry
// 56 on), then reserved entries up to kOpcodeSpace.
constexpr size_t kFirstAddition = 56;
template <size_t N, size_t M = 0>
constexpr OpTable make_table(bool identity, const OpKind (&weights)[N], const std::array<OpKind, M> &additions = {})
{
    OpTable t{};
    size_t i = 0;
    if (identity) {
        for (; i < 32; i++) {
            t[i] = static_cast<OpKind>(i);
        }
    }
    for (OpKind k : weights) {
        t[i++] = k;
    }
    for (; i < kFirstAddition; i++) {
        t[i] = kReserved;
    }
    for (OpKind k : additions) {
        t[i++] = k;
    }
    for (; i < kOpcodeSpace; i++) {
        t[i] = kReserved;
    }
    return t;
}

using K = OpKind;
static_assert(kOpKinds == 33, "a new OpKind goes into a reserved entry (56..63) of the tables below");

// Whole API (identity), then more weight on data movers and vector ops.
constexpr OpKind kOpsWeights[] = {
    K::FromBufFull, K::ToBufFull,  K::Memset,      K::Copy,          K::DiscardFront, K::DiscardBack,
    K::DiscardUndo, K::QAdd,       K::QAdd,        K::QInitExternal, K::QConcat,      K::QConcatIov,
    K::QInitExtended, K::QInitSlice, K::QSubvecNiov, K::QIsZero,     K::QToBuf,       K::QFromBuf,
    K::QMemset,     K::QCompare,   K::QClone,      K::QDiscardBack,  K::FromBuf,      K::ToBuf};
static_assert(std::size(kOpsWeights) == 24);

// Whole API (out-of-domain ranges everywhere), then more weight on the
// operations that only do pointer and length arithmetic, and their setup.
constexpr OpKind kRangesWeights[] = {
    K::Copy,          K::Copy,          K::QConcatIov, K::QConcatIov,  K::QConcat,       K::QConcat,
    K::QSubvecNiov,   K::QSubvecNiov,   K::QInitExtended, K::QInitExtended, K::QInitExtended, K::QInitSlice,
    K::QInitSlice,    K::DiscardFront,  K::DiscardFront, K::DiscardBack, K::DiscardBack,  K::QDiscardBack,
    K::QDiscardBack,  K::QInitExternal, K::QInitExternal, K::QAdd,       K::QAdd,         K::QInit};
static_assert(std::size(kRangesWeights) == 24);

constexpr OpKind kUndoWeights[] = {
    // 12 front, 12 back, 14 undo
    K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront,
    K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront,
    K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,
    K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,  K::DiscardBack,
    K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,
    K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,  K::DiscardUndo,
    K::DiscardUndo,  K::DiscardUndo,
    // vectors discarded from the back, and what observes the view
    K::QDiscardBack, K::QDiscardBack, K::QDiscardBack, K::QInitExternal, K::QInitExternal, K::QInitExternal,
    K::Size,         K::ToBufFull,    K::ToBufFull,    K::ToBufFull,     K::Copy,          K::Copy,
    K::Memset,       K::Memset,       K::FromBufFull,  K::FromBufFull,   K::QInitSlice,    K::QConcatIov};
static_assert(std::size(kUndoWeights) == 56);

constexpr OpKind kCloneWeights[] = {
    K::QClone,   K::QClone,   K::QClone,   K::QClone,   K::QClone,   K::QClone,   K::QClone,
    K::QClone,   K::QClone,   K::QClone,   K::QCompare, K::QCompare, K::QCompare, K::QCompare,
    K::QCompare, K::QCompare, K::QCompare, K::QInit,    K::Copy,     K::Copy,     K::Copy,
    K::Copy,     K::Copy,     K::Copy,     K::QInitExternal, K::QInitExternal, K::QInitExternal,
    K::QInitExternal, K::QInitExternal, K::QAdd, K::QAdd, K::QAdd, K::QAdd, K::QAdd, K::QAdd,
    K::QInitBuf, K::QInitBuf, K::QInitSlice, K::QInitSlice, K::QInitSlice, K::QConcat, K::QConcat,
    K::QFromBuf, K::QFromBuf, K::QToBuf, K::QToBuf, K::FromBufFull, K::FromBufFull, K::ToBufFull,
    K::ToBufFull, K::Memset, K::Memset, K::QMemset, K::QIsZero, K::QReset, K::QDestroy};
static_assert(std::size(kCloneWeights) == 56);

constexpr OpKind kSendRecvWeights[] = {
    K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv,
    K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv,
    K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv,
    K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv, K::SendRecv,
    K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardFront, K::DiscardBack, K::DiscardBack,
    K::DiscardBack, K::DiscardBack, K::DiscardUndo, K::DiscardUndo, K::Memset, K::Memset, K::Memset,
    K::Memset, K::ToBufFull, K::ToBufFull, K::FromBufFull, K::FromBufFull, K::Copy, K::Copy, K::Size,
    K::Size, K::Hexdump, K::Hexdump};
static_assert(std::size(kSendRecvWeights) == 56);

// The operations added after the format was frozen, from entry 56 on.
constexpr std::array kOpsAdditions{K::QSlice};

struct FlavourInfo {
    OpTable table;
    size_t max_ops;
};

const FlavourInfo &info(Flavour f)
{
    static const FlavourInfo infos[] = {
        {make_table(true, kOpsWeights, kOpsAdditions), 48},
        {make_table(true, kRangesWeights, kOpsAdditions), 32},
        {make_table(false, kUndoWeights), 64},
        {make_table(false, kCloneWeights), 48},
        // Each send/recv runs a peer thread over a socketpair: short programs.
        {make_table(false, kSendRecvWeights), 8},
    };
    return infos[static_cast<size_t>(f)];
}

// Slot and selector arguments are one raw byte; the rest are numbers.
// The send/recv peer's chunk and byte count are numbers taken modulo
// kMaxPeerNumber + 1 when larger (the oracle's work grows with them).
enum class ArgType { Byte, Number, PeerNumber };
constexpr uint64_t kMaxPeerNumber = 4096;

template <Domain D>
constexpr ArgType arg_type()
{
    switch (D) {
    case Domain::Slot:
    case Domain::Flag:
    case Domain::HexdumpPrefix:
    case Domain::SendRecvFlags: return ArgType::Byte;
    case Domain::PeerChunk:
    case Domain::PeerBytes: return ArgType::PeerNumber;
    default: return ArgType::Number;
    }
}

class Reader {
public:
    Reader(const uint8_t *data, size_t size) : data_(data), size_(size) {}
    bool exhausted() const { return pos_ >= size_; }
    size_t remaining() const { return pos_ < size_ ? size_ - pos_ : 0; }
    uint8_t u8() { return pos_ < size_ ? data_[pos_++] : 0; }
    uint64_t little_endian(unsigned bytes)
    {
        uint64_t v = 0;
        for (unsigned i = 0; i < bytes; i++) {
            v |= uint64_t{u8()} << (8 * i);
        }
        return v;
    }

private:
    const uint8_t *data_;
    size_t size_;
    size_t pos_ = 0;
};

size_t read_count(Reader &r)
{
    const uint8_t t = r.u8();
    if (t <= 32) {
        return t;
    }
    if (t < 240) {
        return t & 15;
    }
    if (t < 252) {
        return 1018 + (t - 240);
    }
    return std::min<size_t>(r.little_endian(2), kMaxFuzzSegments);
}

size_t read_length(Reader &r)
{
    const uint8_t t = r.u8();
    if (t < 192) {
        return t & 15;
    }
    if (t < 240) {
        return t - 176;
    }
    return kLongLength + ((size_t{t} & 15) << 8 | r.u8());
}

// What the size-relative numbers are relative to.
struct Anchors {
    std::vector<uint64_t> starts;  // s_0 .. s_nseg
    uint64_t size() const { return starts.back(); }
};

Anchors anchors_of(const Layout &l)
{
    Anchors anchors;
    anchors.starts.reserve(l.seg_len.size() + 1);
    anchors.starts.push_back(0);
    for (size_t len : l.seg_len) {
        anchors.starts.push_back(anchors.starts.back() + len);
    }
    return anchors;
}

uint64_t read_number(Reader &r, Flavour f, const Anchors &anchors)
{
    const uint8_t t = r.u8();
    const uint64_t size = anchors.size();
    if (t < 0x40) {
        return t;
    }
    if (t < 0x60) {
        return f == Flavour::Ranges ? kSizeMax - (t - 0x40) : size - (t - 0x40);
    }
    if (t < 0x80) {
        return f == Flavour::Ranges ? kSizeMax - size + t - 0x70 : size + 1 + (t - 0x60);
    }
    if (t < 0xc0) {
        const uint64_t start = anchors.starts[(t & 15) % anchors.starts.size()];
        return start + ((t >> 4) & 3) - 1;
    }
    if (t < 0xe0) {
        return kSizeMax - (t - 0xc0);
    }
    if (t < 0xf0) {
        return uint64_t{1} << (4 * (t - 0xe0) + 3);
    }
    if (t < 0xf4) {
        return r.little_endian(1u << (t - 0xf0));
    }
    return 64 + (t - 0xf4);
}

Layout read_layout(Reader &r, Flavour f, uint8_t flags)
{
    Layout l;
    const size_t nseg = read_count(r);
    l.fill_seed = r.u8();
    const size_t pattern = std::min<size_t>(nseg, kMaxPatternEntries);
    std::vector<size_t> lengths(pattern);
    for (size_t &len : lengths) {
        len = read_length(r);
    }
    l.seg_len.resize(nseg);
    size_t budget = kMaxFuzzLayoutBytes;
    for (size_t i = 0; i < nseg; i++) {
        l.seg_len[i] = std::min(lengths[i % pattern], budget);
        budget -= l.seg_len[i];
    }
    l.shared_arena = (flags & 2) || f == Flavour::Clone;
    if (l.shared_arena) {
        l.arena_size = read_length(r);
        std::vector<size_t> offsets(pattern);
        for (size_t &off : offsets) {
            off = r.u8();
        }
        l.arena_offset.resize(nseg);
        for (size_t i = 0; i < nseg; i++) {
            l.arena_offset[i] = offsets[i % pattern];
        }
    }
    Program only_layout;
    only_layout.layout = std::move(l);
    return normalize(only_layout).layout;
}

// ---- Encoding ------------------------------------------------------------------------

void put_le(std::vector<uint8_t> &out, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++) {
        out.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
}

// The tag of the one-byte number form that reads as v in this layout, or -1.
// Preferred over literals: an encoded program stays short (libFuzzer's
// length limit starts small and grows), and its size-relative arguments keep
// their meaning when a byte mutation changes the layout.
int short_number_tag(uint64_t v, Flavour f, const Anchors &anchors)
{
    const uint64_t size = anchors.size();
    if (v < 0x40) {
        return static_cast<int>(v);
    }
    if (v >= kSizeMax - 0x1f) {
        return static_cast<int>(0xc0 + (kSizeMax - v));
    }
    if (f != Flavour::Ranges && v <= size && size - v < 0x20) {
        return static_cast<int>(0x40 + (size - v));
    }
    if (f != Flavour::Ranges && v > size && v - size - 1 < 0x20) {
        return static_cast<int>(0x60 + (v - size - 1));
    }
    if (f == Flavour::Ranges && v - (kSizeMax - size) + 0x10 < 0x20) {  // (SIZE_MAX - size) - 16 .. + 15
        return static_cast<int>(0x70 + (v - (kSizeMax - size)));
    }
    for (size_t k = 0; k < std::min<size_t>(anchors.starts.size(), 16); k++) {
        if (v - anchors.starts[k] + 1 < 4) {  // s_k - 1 .. s_k + 2
            return static_cast<int>(0x80 | (v - anchors.starts[k] + 1) << 4 | k);
        }
    }
    if (std::has_single_bit(v) && std::countr_zero(v) % 4 == 3) {
        return static_cast<int>(0xe0 + std::countr_zero(v) / 4);
    }
    if (v - 64 < 12) {
        return static_cast<int>(0xf4 + (v - 64));
    }
    return -1;
}

void put_number(std::vector<uint8_t> &out, uint64_t v, Flavour f, const Anchors &anchors)
{
    if (const int tag = short_number_tag(v, f, anchors); tag >= 0) {
        out.push_back(static_cast<uint8_t>(tag));
    } else {
        const unsigned log2_bytes = v <= UINT8_MAX ? 0 : v <= UINT16_MAX ? 1 : v <= UINT32_MAX ? 2 : 3;
        out.push_back(static_cast<uint8_t>(0xf0 + log2_bytes));
        put_le(out, v, 1u << log2_bytes);
    }
}

bool put_length(std::vector<uint8_t> &out, size_t v)
{
    if (v < 16) {
        out.push_back(static_cast<uint8_t>(v));
    } else if (v < kLongLength) {
        out.push_back(static_cast<uint8_t>(v + 176));
    } else if (v < kLongLength + 4096) {
        out.push_back(static_cast<uint8_t>(0xf0 | (v - kLongLength) >> 8));
        out.push_back(static_cast<uint8_t>(v - kLongLength));
    } else {
        return false;
    }
    return true;
}

// True when every entry is entry i % pattern.
bool is_periodic(const std::vector<size_t> &v, size_t pattern)
{
    for (size_t i = pattern; i < v.size(); i++) {
        if (v[i] != v[i % pattern]) {
            return false;
        }
    }
    return true;
}

template <Domain D>
void read_arg(Arg<D> &arg, Reader &r, Flavour f, const Anchors &anchors)
{
    if constexpr (arg_type<D>() == ArgType::Byte) {
        arg.v = r.u8();
    } else if constexpr (arg_type<D>() == ArgType::Number) {
        arg.v = read_number(r, f, anchors);
    } else {
        const uint64_t v = read_number(r, f, anchors);
        arg.v = v <= kMaxPeerNumber ? v : v % (kMaxPeerNumber + 1);
    }
}

// False when the value has no encoding in its argument's form.
template <Domain D>
bool put_arg(std::vector<uint8_t> &out, const Arg<D> &arg, Flavour f, const Anchors &anchors)
{
    if constexpr (arg_type<D>() == ArgType::Byte) {
        if (arg.v > UINT8_MAX) {
            return false;
        }
        out.push_back(static_cast<uint8_t>(arg.v));
    } else {
        if (arg_type<D>() == ArgType::PeerNumber && arg.v > kMaxPeerNumber) {
            return false;
        }
        put_number(out, arg.v, f, anchors);
    }
    return true;
}

}  // namespace

Decoded decode(Flavour flavour, const uint8_t *data, size_t size)
{
    Reader in(data, size);
    Decoded d;
    const uint8_t flags = in.u8();
    d.also_lenient = flags & 1;
    d.program.layout = read_layout(in, flavour, flags);

    const Anchors anchors = anchors_of(d.program.layout);
    const FlavourInfo &fi = info(flavour);
    // Every op takes at least one byte: one allocation for the ops (the
    // decoder runs once per fuzz input).
    d.program.ops.reserve(std::min(fi.max_ops, in.remaining()));
    while (!in.exhausted() && d.program.ops.size() < fi.max_ops) {
        const OpKind kind = fi.table[in.u8() % kOpcodeSpace];
        if (kind == kReserved) {
            continue;
        }
        d.program.ops.push_back(visit(Op::of_kind(kind), [&](auto r) {
            std::apply([&](auto &...field) { (read_arg(field, in, flavour, anchors), ...); }, r.fields());
            return Op::of(r);
        }));
    }
    return d;
}

size_t max_ops(Flavour flavour) { return info(flavour).max_ops; }

std::optional<std::vector<uint8_t>> encode(Flavour flavour, const Program &input, bool also_lenient)
{
    const Program p = normalize(input);
    const Layout &l = p.layout;
    const FlavourInfo &fi = info(flavour);
    if ((flavour == Flavour::Clone && !l.shared_arena) || p.ops.size() > fi.max_ops || l.fill_seed > UINT8_MAX ||
        l.fill != Layout::Fill::Seeded) {
        return std::nullopt;
    }
    std::vector<uint8_t> out;
    out.push_back(static_cast<uint8_t>((also_lenient ? 1 : 0) | (l.shared_arena ? 2 : 0)));

    const size_t nseg = l.seg_len.size();
    if (nseg <= 32) {
        out.push_back(static_cast<uint8_t>(nseg));
    } else if (nseg > kMaxFuzzSegments) {
        return std::nullopt;
    } else {
        out.push_back(0xfc);
        put_le(out, nseg, 2);
    }
    out.push_back(static_cast<uint8_t>(l.fill_seed));
    const size_t pattern = std::min<size_t>(nseg, kMaxPatternEntries);
    size_t layout_bytes = 0;
    for (size_t len : l.seg_len) {
        layout_bytes += len;
    }
    if (layout_bytes > kMaxFuzzLayoutBytes || !is_periodic(l.seg_len, pattern)) {
        return std::nullopt;
    }
    for (size_t i = 0; i < pattern; i++) {
        if (!put_length(out, l.seg_len[i])) {
            return std::nullopt;
        }
    }
    if (l.shared_arena) {
        if (!put_length(out, l.arena_size) || !is_periodic(l.arena_offset, pattern)) {
            return std::nullopt;
        }
        for (size_t i = 0; i < pattern; i++) {
            if (l.arena_offset[i] > UINT8_MAX) {
                return std::nullopt;
            }
            out.push_back(static_cast<uint8_t>(l.arena_offset[i]));
        }
    }

    const Anchors anchors = anchors_of(l);
    for (const Op &op : p.ops) {
        const auto entry = std::find(fi.table.begin(), fi.table.end(), op.kind());
        if (entry == fi.table.end()) {
            return std::nullopt;
        }
        out.push_back(static_cast<uint8_t>(entry - fi.table.begin()));
        const bool written = visit(op, [&](const auto &r) {
            return std::apply([&](const auto &...field) { return (put_arg(out, field, flavour, anchors) && ...); }, r.fields());
        });
        if (!written) {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace iovcheck::fuzz
