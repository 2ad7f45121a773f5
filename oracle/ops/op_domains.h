// The domains of the operations' arguments: what an argument means, and so
// how every driver treats it.  An operation record (array_ops.h,
// vector_ops.h) declares each argument as a field of a domain type; the
// RapidCheck generators, the fuzz decoder, normalize(), the printer and the
// GoogleTest writer work per domain, never per argument position.
//
// A field holds a plain integer (`.v`) that may be anything, offsets and
// lengths near SIZE_MAX included: normalize() maps into range only what
// would be undefined behaviour outside the contract.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string_view>
#include <tuple>
#include <utility>

namespace iovcheck {

// Vector slots a program's QEMUIOVector ops act on.  A slot starts zeroed,
// which is a valid owned empty vector (nalloc == 0).
constexpr unsigned kSlots = 4;

constexpr size_t kSideLen = 64;  // the head/tail buffer of init_extended

enum SendRecvFlags : uint64_t {
    kDoSend = 1,          // send (else recv)
    kNonBlocking = 2,     // the socket under test is O_NONBLOCK
    kPeerKeepsOpen = 4,   // non-blocking recv only: the peer does not shut down
};

inline constexpr const char *kHexdumpPrefixes[] = {"p", "", "iov", "a longer prefix"};

enum class Domain : uint8_t {
    StreamOffset,   // a position in a byte stream (the caller's view or a vector)
    StreamLength,   // a byte count from a stream position
    DstCount,       // iov_copy's dst_cnt (unsigned int)
    ArrayCount,     // entries of the caller's array to wrap (int, at most the segment count)
    AllocHint,      // qemu_iovec_init's hint (int, kept small: it is allocated)
    Slot,           // a vector slot, 0 .. kSlots - 1
    Segment,        // a segment of the layout
    SegmentOffset,  // a pointer's offset inside that segment
    SegmentLength,  // a pointer range's length inside that segment
    SideLength,     // init_extended's head or tail length (a buffer of kSideLen bytes)
    FillByte,       // memset's int c
    Flag,           // 0 or 1
    HexdumpPrefix,  // an index of kHexdumpPrefixes
    SendRecvFlags,  // the SendRecvFlags bits
    PeerChunk,      // bytes per socket call of the send/recv peer
    PeerBytes,      // bytes the send/recv peer offers (recv) or accepts (send)
};

template <Domain D>
struct Arg {
    static constexpr Domain domain = D;
    uint64_t v = 0;
    bool operator==(const Arg &) const = default;
};

using StreamOffset = Arg<Domain::StreamOffset>;
using StreamLength = Arg<Domain::StreamLength>;
using DstCount = Arg<Domain::DstCount>;
using ArrayCount = Arg<Domain::ArrayCount>;
using AllocHint = Arg<Domain::AllocHint>;
using Slot = Arg<Domain::Slot>;
using Segment = Arg<Domain::Segment>;
using SegmentOffset = Arg<Domain::SegmentOffset>;
using SegmentLength = Arg<Domain::SegmentLength>;
using SideLength = Arg<Domain::SideLength>;
using FillByte = Arg<Domain::FillByte>;
using Flag = Arg<Domain::Flag>;
using HexdumpPrefix = Arg<Domain::HexdumpPrefix>;
using SendRecvFlagBits = Arg<Domain::SendRecvFlags>;
using PeerChunk = Arg<Domain::PeerChunk>;
using PeerBytes = Arg<Domain::PeerBytes>;

// What normalize() knows of the program when it maps a record into range.
struct LayoutFacts {
    size_t segments = 0;
    const size_t *seg_len = nullptr;  // segments entries
    uint64_t stream_size = 0;
};

// A second slot of one call that must differ from `slot` (an init or a
// clone into its own source is not allowed).
inline void make_other_slot(const Slot &slot, Slot &other)
{
    other.v %= kSlots;
    if (other.v == slot.v) {
        other.v = (slot.v + 1) % kSlots;
    }
}

// A pointer range inside the layout's segment `seg` (clamped into it).
inline void clamp_segment_range(const LayoutFacts &l, Segment &seg, SegmentOffset &off, SegmentLength &len)
{
    if (l.segments == 0) {
        seg.v = off.v = len.v = 0;
        return;
    }
    seg.v %= l.segments;
    off.v = std::min<uint64_t>(off.v, l.seg_len[seg.v]);
    len.v = std::min<uint64_t>(len.v, l.seg_len[seg.v] - off.v);
}

// Declares a record's arguments, in the API's order: fields() ties them
// (for the drivers) and field_list names them (for the printers).
#define IOVCHECK_OP_FIELDS(...)                                          \
    auto fields() { return std::tie(__VA_ARGS__); }                      \
    auto fields() const { return std::tie(__VA_ARGS__); }                \
    static constexpr std::string_view field_list = #__VA_ARGS__

// The name of field i of a record (from its field_list).
template <typename Record>
constexpr std::string_view field_name(size_t i)
{
    std::string_view rest = Record::field_list;
    for (;;) {
        const size_t comma = rest.find(',');
        const std::string_view name = rest.substr(0, comma);
        if (i == 0 || comma == std::string_view::npos) {
            return name;
        }
        rest = rest.substr(comma + 1);
        rest.remove_prefix(std::min(rest.find_first_not_of(' '), rest.size()));
        i--;
    }
}

template <typename Record>
constexpr size_t field_count()
{
    return std::tuple_size_v<decltype(std::declval<Record &>().fields())>;
}

}  // namespace iovcheck
