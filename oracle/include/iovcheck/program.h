// A program for the oracle: a memory layout and a sequence of API calls.
// It is the one input format of every driver (RapidCheck generators, the
// libFuzzer byte decoder, the reproducer): they only differ in how they
// build a Program.
//
// Every argument is a plain integer and may be anything (offsets and
// lengths near SIZE_MAX included): `normalize()` (which check() applies
// first) maps only what would be undefined behaviour *outside* the contract
// (slot and segment indices, pointer ranges, allocation sizes) into range,
// and never touches an offset or length the contract itself checks.
// `describe()` prints the normalized program.
//
// Usage:
//   Program p;
//   p.layout.seg_len = {3, 0, 5};          // three separate guarded segments
//   p.ops = {Op::to_buf_full(2, SIZE_MAX), Op::memset(0, 0xab, 4),
//            Op::qiov_init_external(0, 3), Op::qiov_discard_back(0, 6)};
//   CheckResult r = check(core_impl(), p, Mode::Strict);   // oracle.h
//   if (!r) puts(r.explanation.c_str());
//
// Aliasing: set layout.shared_arena, layout.arena_size and one arena offset
// per segment; segments then live in one guarded arena and may overlap.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace iovcheck {

// Vector slots a program's QEMUIOVector ops act on.  A slot starts zeroed,
// which is a valid owned empty vector (nalloc == 0).
constexpr unsigned kSlots = 4;

// Bounds normalize() applies so that memory stays small (the fuzz target).
constexpr size_t kMaxSegments = 2048;
constexpr size_t kMaxSegmentLen = 1 << 16;
constexpr size_t kMaxLayoutBytes = 1 << 20;
constexpr size_t kSideLen = 64;  // the head/tail buffer of init_extended
constexpr size_t kMaxVectorEntries = 1 << 14;  // ops growing a vector past this are skipped

struct Layout {
    std::vector<size_t> seg_len;  // one iovec entry per segment, in order
    // false: every segment lives in its own region with canaries before
    // and after.  true: segments are windows of one arena (canaries around
    // it) at arena_offset[i], so they may alias and overlap.
    bool shared_arena = false;
    size_t arena_size = 0;
    std::vector<size_t> arena_offset;
    // Initial bytes: 0 means all zero; otherwise a pseudo-random fill
    // derived from the seed (odd seeds: three bytes in four are zero, for
    // is_zero; even seeds: dense, so that misplaced bytes show).
    uint32_t fill_seed = 2;
};

enum class OpKind : uint8_t {
    // On the caller's iovec array (its current view: discards move it).
    FromBufFull,   // offset, bytes
    ToBufFull,     // offset, bytes
    FromBuf,       // offset, bytes (header inline)
    ToBuf,         // offset, bytes (header inline)
    Memset,        // offset, fillc, bytes
    Size,          //
    Copy,          // dst_cnt, offset, bytes
    Hexdump,       // prefix index (kHexdumpPrefixes), limit
    SendRecv,      // offset, bytes, flags (SendRecvFlags), peer chunk, peer bytes
    DiscardFront,  // bytes, with_undo
    DiscardBack,   // bytes, with_undo
    DiscardUndo,   // (undoes the latest undoable discard, then restores the view)
    // On QEMUIOVector slots.  "seg, off, len" name a pointer range inside
    // the layout's segment `seg` (clamped into it).  Before an init op on a
    // slot holding an owned vector, the oracle destroys it (no leak), so an
    // init that fails leaves a zeroed slot.  Slots named twice in one op
    // are made distinct by normalize() (dst != src), except for QConcat,
    // where dst == src concatenates a vector with itself.
    QInit,          // slot, hint
    QInitExternal,  // slot, niov (wraps a copy of the layout's array)
    QInitBuf,       // slot, seg, off, len
    QInitBufMacro,  // slot, seg, off, len (QEMU_IOVEC_INIT_BUF, header macro)
    QBuf,           // slot
    QAdd,           // slot, seg, off, len
    QConcatIov,     // dst, soff, sbytes (source: the caller's current view)
    QConcat,        // dst, src, soff, sbytes
    QSubvecNiov,    // slot, off, len
    QInitExtended,  // slot, hlen, mid, moff, mlen, tlen
    QInitSlice,     // slot, src, off, len
    QIsZero,        // slot, off, bytes
    QToBuf,         // slot, off, bytes
    QFromBuf,       // slot, off, bytes
    QMemset,        // slot, off, fillc, bytes
    QCompare,       // a, b
    QClone,         // dst, src (buf: the spare region)
    QReset,         // slot
    QDestroy,       // slot
    QDiscardBack,   // slot, bytes
    Count
};
constexpr unsigned kOpKinds = static_cast<unsigned>(OpKind::Count);

enum SendRecvFlags : uint64_t {
    kDoSend = 1,          // send (else recv)
    kNonBlocking = 2,     // the socket under test is O_NONBLOCK
    kPeerKeepsOpen = 4,   // non-blocking recv only: the peer does not shut down
};

inline constexpr const char *kHexdumpPrefixes[] = {"p", "", "iov", "a longer prefix"};

struct Op {
    OpKind kind = OpKind::Size;
    std::array<uint64_t, 6> a{};  // arguments in the order listed in OpKind

    static Op from_buf_full(uint64_t offset, uint64_t bytes) { return {OpKind::FromBufFull, {offset, bytes}}; }
    static Op to_buf_full(uint64_t offset, uint64_t bytes) { return {OpKind::ToBufFull, {offset, bytes}}; }
    static Op from_buf(uint64_t offset, uint64_t bytes) { return {OpKind::FromBuf, {offset, bytes}}; }
    static Op to_buf(uint64_t offset, uint64_t bytes) { return {OpKind::ToBuf, {offset, bytes}}; }
    static Op memset(uint64_t offset, uint64_t fillc, uint64_t bytes) { return {OpKind::Memset, {offset, fillc, bytes}}; }
    static Op size() { return {OpKind::Size, {}}; }
    static Op copy(uint64_t dst_cnt, uint64_t offset, uint64_t bytes) { return {OpKind::Copy, {dst_cnt, offset, bytes}}; }
    static Op hexdump(uint64_t prefix, uint64_t limit) { return {OpKind::Hexdump, {prefix, limit}}; }
    static Op send_recv(uint64_t offset, uint64_t bytes, uint64_t flags, uint64_t chunk, uint64_t peer_bytes) {
        return {OpKind::SendRecv, {offset, bytes, flags, chunk, peer_bytes}};
    }
    static Op discard_front(uint64_t bytes, bool undo) { return {OpKind::DiscardFront, {bytes, undo}}; }
    static Op discard_back(uint64_t bytes, bool undo) { return {OpKind::DiscardBack, {bytes, undo}}; }
    static Op discard_undo() { return {OpKind::DiscardUndo, {}}; }
    static Op qiov_init(uint64_t slot, uint64_t hint) { return {OpKind::QInit, {slot, hint}}; }
    static Op qiov_init_external(uint64_t slot, uint64_t niov) { return {OpKind::QInitExternal, {slot, niov}}; }
    static Op qiov_init_buf(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len) { return {OpKind::QInitBuf, {slot, seg, off, len}}; }
    static Op qiov_init_buf_macro(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len) { return {OpKind::QInitBufMacro, {slot, seg, off, len}}; }
    static Op qiov_buf(uint64_t slot) { return {OpKind::QBuf, {slot}}; }
    static Op qiov_add(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len) { return {OpKind::QAdd, {slot, seg, off, len}}; }
    static Op qiov_concat_iov(uint64_t dst, uint64_t soff, uint64_t sbytes) { return {OpKind::QConcatIov, {dst, soff, sbytes}}; }
    static Op qiov_concat(uint64_t dst, uint64_t src, uint64_t soff, uint64_t sbytes) { return {OpKind::QConcat, {dst, src, soff, sbytes}}; }
    static Op qiov_subvec_niov(uint64_t slot, uint64_t off, uint64_t len) { return {OpKind::QSubvecNiov, {slot, off, len}}; }
    static Op qiov_init_extended(uint64_t slot, uint64_t hlen, uint64_t mid, uint64_t moff, uint64_t mlen, uint64_t tlen) {
        return {OpKind::QInitExtended, {slot, hlen, mid, moff, mlen, tlen}};
    }
    static Op qiov_init_slice(uint64_t slot, uint64_t src, uint64_t off, uint64_t len) { return {OpKind::QInitSlice, {slot, src, off, len}}; }
    static Op qiov_is_zero(uint64_t slot, uint64_t off, uint64_t bytes) { return {OpKind::QIsZero, {slot, off, bytes}}; }
    static Op qiov_to_buf(uint64_t slot, uint64_t off, uint64_t bytes) { return {OpKind::QToBuf, {slot, off, bytes}}; }
    static Op qiov_from_buf(uint64_t slot, uint64_t off, uint64_t bytes) { return {OpKind::QFromBuf, {slot, off, bytes}}; }
    static Op qiov_memset(uint64_t slot, uint64_t off, uint64_t fillc, uint64_t bytes) { return {OpKind::QMemset, {slot, off, fillc, bytes}}; }
    static Op qiov_compare(uint64_t a, uint64_t b) { return {OpKind::QCompare, {a, b}}; }
    static Op qiov_clone(uint64_t dst, uint64_t src) { return {OpKind::QClone, {dst, src}}; }
    static Op qiov_reset(uint64_t slot) { return {OpKind::QReset, {slot}}; }
    static Op qiov_destroy(uint64_t slot) { return {OpKind::QDestroy, {slot}}; }
    static Op qiov_discard_back(uint64_t slot, uint64_t bytes) { return {OpKind::QDiscardBack, {slot, bytes}}; }

    bool operator==(const Op &) const = default;
};

struct Program {
    Layout layout;
    std::vector<Op> ops;
};

// The op's API name ("iov_from_buf_full", "qemu_iovec_add", ...) and the
// number of arguments it uses in Op::a.
const char *op_name(OpKind kind);
unsigned op_arity(OpKind kind);

// Maps what would be undefined behaviour outside the contract into range
// (see the top comment).  Idempotent.  check() calls it; drivers need not.
Program normalize(const Program &p);

// Readable text: the layout (lengths, arena offsets, which segments alias)
// and one numbered line per call with its arguments.
std::string describe(const Program &p);
std::string describe(const Layout &layout);
std::string describe(const Op &op);

// A self-contained GoogleTest test (TEST(OracleRegression, <name>)) that
// rebuilds `p` and asserts check(core_impl(), p, Mode::Strict) passes.
std::string to_gtest(const Program &p, const std::string &name);

}  // namespace iovcheck
