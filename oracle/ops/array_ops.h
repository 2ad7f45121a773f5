// Operation records of the calls on the caller's iovec array (its current
// view: discards move it).  One struct per operation: its API name, its
// arguments as domain-typed fields (op_domains.h) in the API's order, the
// preconditions of SPEC.md it has (iovcheck/preconditions.h) and, where
// the per-domain mapping of normalize() is not enough, adjust(): what else
// normalize() maps into range, given the layout.
#pragma once

#include <algorithm>
#include <array>
#include <string>

#include <iovcheck/preconditions.h>

#include "op_domains.h"

namespace iovcheck::ops {

using P = Precondition;

struct FromBufFull {
    static constexpr const char *name = "iov_from_buf_full";
    static constexpr std::array preconditions{P::iov_from_buf_full__offset_inside};
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(offset, bytes);
    bool operator==(const FromBufFull &) const = default;
};

struct ToBufFull {
    static constexpr const char *name = "iov_to_buf_full";
    static constexpr std::array preconditions{P::iov_to_buf_full__offset_inside};
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(offset, bytes);
    bool operator==(const ToBufFull &) const = default;
};

// The header's inline wrapper of iov_from_buf_full.
struct FromBuf {
    static constexpr const char *name = "iov_from_buf";
    static constexpr std::array preconditions{P::iov_from_buf__offset_inside};
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(offset, bytes);
    bool operator==(const FromBuf &) const = default;
};

// The header's inline wrapper of iov_to_buf_full.
struct ToBuf {
    static constexpr const char *name = "iov_to_buf";
    static constexpr std::array preconditions{P::iov_to_buf__offset_inside};
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(offset, bytes);
    bool operator==(const ToBuf &) const = default;
};

struct Memset {
    static constexpr const char *name = "iov_memset";
    static constexpr std::array preconditions{P::iov_memset__offset_inside};
    StreamOffset offset;
    FillByte fillc;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(offset, fillc, bytes);
    bool operator==(const Memset &) const = default;
};

struct Size {
    static constexpr const char *name = "iov_size";
    static constexpr std::array<P, 0> preconditions{};
    IOVCHECK_OP_FIELDS();
    bool operator==(const Size &) const = default;
};

struct Copy {
    static constexpr const char *name = "iov_copy";
    static constexpr std::array preconditions{P::iov_copy__offset_inside, P::iov_copy__dst_cnt_positive};
    DstCount dst_cnt;
    StreamOffset offset;
    StreamLength bytes;
    IOVCHECK_OP_FIELDS(dst_cnt, offset, bytes);
    bool operator==(const Copy &) const = default;
};

struct Hexdump {
    static constexpr const char *name = "iov_hexdump";
    static constexpr std::array<P, 0> preconditions{};
    HexdumpPrefix prefix;
    StreamLength limit;
    IOVCHECK_OP_FIELDS(prefix, limit);
    bool operator==(const Hexdump &) const = default;
    std::string note() const
    {
        return prefix.v < std::size(kHexdumpPrefixes) ? std::string(" [prefix \"") + kHexdumpPrefixes[prefix.v] + "\"]"
                                                       : "";
    }
};

// iov_send_recv over a socketpair whose other end a peer thread serves in
// pieces of peer_chunk bytes, peer_bytes in all.
struct SendRecv {
    static constexpr const char *name = "iov_send_recv";
    static constexpr std::array preconditions{P::iov_send_recv__range_inside, P::iov_send_recv__empty_offset_inside};
    StreamOffset offset;
    StreamLength bytes;
    SendRecvFlagBits flags;
    PeerChunk peer_chunk;
    PeerBytes peer_bytes;
    IOVCHECK_OP_FIELDS(offset, bytes, flags, peer_chunk, peer_bytes);
    bool operator==(const SendRecv &) const = default;

    bool do_send() const { return flags.v & kDoSend; }
    std::string title() const { return do_send() ? "iov_send" : "iov_recv"; }
    std::string note() const
    {
        return std::string(" [") + ((flags.v & kNonBlocking) ? "non-blocking" : "blocking") +
               ((flags.v & kPeerKeepsOpen) ? ", peer keeps the socket open" : "") + "]";
    }
    void adjust(const LayoutFacts &l)
    {
        flags.v &= kDoSend | kNonBlocking | kPeerKeepsOpen;
        if ((flags.v & kDoSend) || !(flags.v & kNonBlocking)) {
            flags.v &= ~uint64_t{kPeerKeepsOpen};
        }
        // A non-blocking receive reads what the peer wrote before the
        // call, which must fit the socket buffer.
        peer_bytes.v = std::min<uint64_t>(peer_bytes.v, (flags.v & kNonBlocking) ? 1 << 14 : 1 << 20);
        // At most kMaxPeerPieces socket calls of the peer: one byte at a
        // time over a megabyte would outlast the call's deadline.
        constexpr uint64_t kMaxPeerPieces = 4096;
        const uint64_t moved = std::max<uint64_t>(std::min<uint64_t>(bytes.v, l.stream_size), peer_bytes.v);
        peer_chunk.v = std::clamp<uint64_t>(
            peer_chunk.v, std::max<uint64_t>(1, (moved + kMaxPeerPieces - 1) / kMaxPeerPieces), 1 << 16);
    }
};

struct DiscardFront {
    static constexpr const char *name = "iov_discard_front";
    static constexpr std::array<P, 0> preconditions{};
    StreamLength bytes;
    Flag with_undo;  // iov_discard_front_undoable
    IOVCHECK_OP_FIELDS(bytes, with_undo);
    bool operator==(const DiscardFront &) const = default;
    std::string title() const { return with_undo.v ? "iov_discard_front_undoable" : name; }
};

struct DiscardBack {
    static constexpr const char *name = "iov_discard_back";
    static constexpr std::array<P, 0> preconditions{};
    StreamLength bytes;
    Flag with_undo;  // iov_discard_back_undoable
    IOVCHECK_OP_FIELDS(bytes, with_undo);
    bool operator==(const DiscardBack &) const = default;
    std::string title() const { return with_undo.v ? "iov_discard_back_undoable" : name; }
};

// Undoes the latest undoable discard, then restores the view it started from.
struct DiscardUndo {
    static constexpr const char *name = "iov_discard_undo";
    static constexpr std::array<P, 0> preconditions{};
    IOVCHECK_OP_FIELDS();
    bool operator==(const DiscardUndo &) const = default;
};

}  // namespace iovcheck::ops
