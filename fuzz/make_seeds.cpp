// Writes the hand-made seeds of every target, from readable Programs, as
// corpus/<target>/<name>, and each target's dictionary corpus/<target>.dict.
// Run once after changing a seed (the files are committed):
//
//   build/fz-dev/fuzz/fuzz_make_seeds corpus
//
// Every seed is encoded, decoded back and compared with the Program it came
// from, and checked on core/ through the oracle; a seed that does not
// round-trip or does not pass is reported and the tool exits 1.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include <iovcheck/impl.h>
#include <iovcheck/oracle.h>

#include "decoder.h"
#include "target.h"

namespace {

namespace fs = std::filesystem;
using iovcheck::Layout;
using iovcheck::Op;
using iovcheck::OpKind;
using iovcheck::Program;
using iovcheck::fuzz::Flavour;

constexpr uint64_t kMax = SIZE_MAX;
constexpr uint64_t kMinusOne = 0xffffffffu;  // an int argument of -1
constexpr uint64_t kSend = iovcheck::kDoSend;
constexpr uint64_t kNonBlockingKeepOpen = iovcheck::kNonBlocking | iovcheck::kPeerKeepsOpen;

struct Seed {
    std::string name;
    Program program;
    bool lenient = false;  // out-of-domain: also check in Mode::Lenient
};

// Each segment in its own guarded region.  fill 2: pseudo-random bytes;
// 1: mostly zero bytes; 0: all zero.
Layout plain(std::vector<size_t> lengths, uint32_t fill = 2)
{
    Layout l;
    l.seg_len = std::move(lengths);
    l.fill_seed = fill;
    return l;
}

// Segments as windows {offset, length} of one arena, so they may alias.
Layout arena(size_t arena_size, std::vector<std::pair<size_t, size_t>> windows, uint32_t fill = 2)
{
    Layout l;
    l.shared_arena = true;
    l.arena_size = arena_size;
    for (auto [offset, length] : windows) {
        l.arena_offset.push_back(offset);
        l.seg_len.push_back(length);
    }
    l.fill_seed = fill;
    return l;
}

Seed seed(std::string name, Layout l, std::vector<Op> ops, bool lenient = false)
{
    return {std::move(name), Program{std::move(l), std::move(ops)}, lenient};
}

const Layout kThree = plain({3, 0, 5});  // stream of 8 bytes, a zero-length entry inside
const Layout kOne = plain({8});
const Layout kEmpty = plain({});
const Layout kMostlyZero = plain({0, 4, 0, 4}, 1);
const Layout kAllZero = plain({0, 4, 0, 4}, 0);
// seg#0 [0,4), seg#1 [2,6) overlaps it, seg#2 [0,4) aliases seg#0, seg#3 empty.
const Layout kAliasing = arena(16, {{0, 4}, {2, 4}, {0, 4}, {10, 0}});

Layout many(size_t n) { return plain(std::vector<size_t>(n, 1)); }

std::vector<Seed> byte_mover_seeds()
{
    std::vector<Seed> s;
    for (auto [name, make] : {std::pair{"from_buf_full", &Op::from_buf_full}, {"to_buf_full", &Op::to_buf_full},
                              {"from_buf", &Op::from_buf}, {"to_buf", &Op::to_buf}}) {
        Op (*const op)(uint64_t offset, uint64_t bytes) = make;
        const std::string n = name;
        s.push_back(seed(n + "-whole", kThree, {op(0, 8)}));
        s.push_back(seed(n + "-across-zero-length", kThree, {op(2, 3)}));
        s.push_back(seed(n + "-clamped-at-end", kThree, {op(6, 100)}));
        s.push_back(seed(n + "-offset-at-size", kThree, {op(8, 4)}));
        s.push_back(seed(n + "-inside-segment-0", kOne, {op(2, 4)}));
        s.push_back(seed(n + "-ends-one-past-segment-0", kThree, {op(1, 3)}));
        s.push_back(seed(n + "-offset-past-size", kThree, {op(9, 1)}, true));
    }
    s.push_back(seed("memset-wide-fillc", kThree, {Op::memset(1, 0x1ab, 6)}));
    s.push_back(seed("memset-clamped", kThree, {Op::memset(4, 0, 100)}));
    s.push_back(seed("memset-offset-past-size", kThree, {Op::memset(9, 0, 1)}, true));
    s.push_back(seed("size-empty", kEmpty, {Op::size()}));
    s.push_back(seed("size-zero-length-entries", kThree, {Op::size()}));
    s.push_back(seed("hexdump-7-bytes", plain({3, 4}), {Op::hexdump(0, 100)}));
    s.push_back(seed("hexdump-two-lines", plain({20, 5}), {Op::hexdump(2, 100)}));
    s.push_back(seed("hexdump-limit", plain({20}), {Op::hexdump(3, 17)}));
    s.push_back(seed("hexdump-limit-0", kThree, {Op::hexdump(1, 0)}));
    s.push_back(seed("hexdump-empty", kEmpty, {Op::hexdump(0, 16)}));
    return s;
}

std::vector<Seed> copy_seeds()
{
    return {
        seed("copy-range", kThree, {Op::copy(4, 1, 6)}),
        seed("copy-dst-full", kThree, {Op::copy(1, 1, 6)}),
        seed("copy-bytes-0-inside-segment", kThree, {Op::copy(2, 4, 0)}),
        seed("copy-bytes-0-at-boundary", kThree, {Op::copy(2, 3, 0)}),
        seed("copy-dst-0-offset-0", kThree, {Op::copy(0, 0, 8)}),
        seed("copy-dst-0-offset-positive", kThree, {Op::copy(0, 1, 2)}, true),
        seed("copy-offset-past-size", kThree, {Op::copy(2, 9, 1)}, true),
    };
}

std::vector<Seed> send_recv_seeds()
{
    return {
        seed("send-all", kThree, {Op::send_recv(0, 8, kSend, 3, 0)}),
        seed("send-chunk-1", plain({1, 2, 0, 7}), {Op::send_recv(1, 9, kSend, 1, 0)}),
        seed("send-nonblocking", kThree, {Op::send_recv(2, 5, kSend | iovcheck::kNonBlocking, 4, 0)}),
        seed("recv-all", kThree, {Op::send_recv(0, 8, 0, 2, 8)}),
        seed("recv-peer-shuts-down-early", kThree, {Op::send_recv(1, 7, 0, 4, 3)}),
        seed("recv-nonblocking-eagain", kThree, {Op::send_recv(0, 8, kNonBlockingKeepOpen, 1, 0)}),
        seed("recv-nonblocking-partial", kThree, {Op::send_recv(0, 8, kNonBlockingKeepOpen, 1, 5)}),
        seed("recv-nonblocking-shutdown", kThree, {Op::send_recv(0, 8, iovcheck::kNonBlocking, 3, 2)}),
        seed("send-bytes-0", kThree, {Op::send_recv(3, 0, kSend, 1, 0)}),
        seed("send-past-size", kThree, {Op::send_recv(2, 7, kSend, 1, 0)}, true),
        seed("recv-offset-past-size", kThree, {Op::send_recv(9, 0, 0, 1, 0)}, true),
        seed("recv-after-discard", plain({4, 4, 4}),
             {Op::discard_front(5, true), Op::send_recv(1, 6, 0, 2, 6), Op::discard_undo(),
              Op::send_recv(0, 12, kSend, 5, 0)}),
    };
}

std::vector<Seed> discard_seeds()
{
    return {
        seed("discard_front-undo", kThree, {Op::discard_front(4, true), Op::size(), Op::discard_undo()}),
        seed("discard_front-inside-first", kThree, {Op::discard_front(1, true), Op::discard_undo()}),
        seed("discard_front-exact-segment", kThree, {Op::discard_front(3, true), Op::discard_undo()}),
        seed("discard_front-leading-zero-length-bytes-0", plain({0, 0, 4}),
             {Op::discard_front(0, true), Op::size(), Op::discard_undo()}),
        seed("discard_front-all", kThree, {Op::discard_front(100, false), Op::size()}),
        seed("discard_back-undo", kThree, {Op::discard_back(6, true), Op::to_buf_full(0, 8), Op::discard_undo()}),
        seed("discard_back-exact-segment", kThree, {Op::discard_back(5, true), Op::discard_undo()}),
        seed("discard_back-trailing-zero-length", plain({4, 0, 0}), {Op::discard_back(0, true), Op::discard_undo()}),
        seed("discard_back-empty", kEmpty, {Op::discard_back(3, true), Op::discard_undo()}),
        seed("discard-nested-undo", plain({2, 3, 4, 5}),
             {Op::discard_front(3, true), Op::discard_back(6, true), Op::discard_front(1, true),
              Op::discard_undo(), Op::discard_undo(), Op::copy(8, 0, 14), Op::discard_undo()}),
        seed("discard-undo-without-record", kThree, {Op::discard_front(2, false), Op::discard_undo()}),
        seed("discard-then-vector", kThree,
             {Op::discard_front(4, true), Op::qiov_init_external(0, 2), Op::qiov_discard_back(0, 3),
              Op::discard_undo(), Op::to_buf_full(0, 8)}),
    };
}

std::vector<Op> long_is_zero_ops()
{
    std::vector<Op> ops = {Op::qiov_init_external(0, 1), Op::qiov_is_zero(0, 0, 300), Op::memset(290, 1, 1)};
    for (uint64_t end = 291; end <= 299; end++) {
        ops.push_back(Op::qiov_is_zero(0, 0, end));
    }
    ops.push_back(Op::qiov_is_zero(0, 200, 80));
    ops.push_back(Op::memset(100, 1, 1));  // inside a 64-byte block now
    ops.push_back(Op::qiov_is_zero(0, 0, 300));
    return ops;
}

// Ranges that start with a non-zero byte, at eight consecutive offsets: at
// least seven of them start off a word boundary whatever the segment's
// alignment, so is_zero decides them on the bytes before its first word.
std::vector<Op> unaligned_is_zero_ops()
{
    std::vector<Op> ops = {Op::qiov_init_external(0, 1), Op::memset(0, 1, 16)};
    for (uint64_t offset = 1; offset <= 8; offset++) {
        ops.push_back(Op::qiov_is_zero(0, offset, 8));
    }
    return ops;
}

std::vector<Seed> vector_seeds()
{
    return {
        seed("qiov-init-add", kThree,
             {Op::qiov_init(0, 0), Op::qiov_add(0, 0, 1, 2), Op::qiov_add(0, 1, 0, 0), Op::qiov_to_buf(0, 0, 4)}),
        seed("qiov-init-negative-hint", kThree, {Op::qiov_init(0, kMinusOne)}, true),
        seed("qiov-add-grows", kThree,
             {Op::qiov_init(0, 1), Op::qiov_add(0, 0, 0, 3), Op::qiov_add(0, 2, 0, 5), Op::qiov_add(0, 2, 1, 1),
              Op::qiov_add(0, 0, 2, 1)}),
        seed("qiov-add-to-external", kThree, {Op::qiov_init_external(0, 3), Op::qiov_add(0, 0, 0, 1)}, true),
        seed("qiov-init-external", kThree, {Op::qiov_init_external(1, 3), Op::qiov_to_buf(1, 0, 8)}),
        seed("qiov-init-external-negative", kThree, {Op::qiov_init_external(0, kMinusOne)}, true),
        seed("qiov-init-buf", kThree, {Op::qiov_init_buf(0, 2, 1, 3), Op::qiov_buf(0)}),
        seed("qiov-init-buf-macro", kThree, {Op::qiov_init_buf_macro(0, 2, 0, 5), Op::qiov_memset(0, 0, 0x55, 5)}),
        seed("qiov-buf-on-owned", kThree, {Op::qiov_init(0, 2), Op::qiov_buf(0)}, true),
        seed("qiov-concat-iov", kThree, {Op::qiov_init(0, 0), Op::qiov_concat_iov(0, 1, 6)}),
        seed("qiov-concat-iov-sbytes-0", kThree, {Op::qiov_init_external(0, 3), Op::qiov_concat_iov(0, 100, 0)}),
        seed("qiov-concat-iov-to-end", kThree, {Op::qiov_init(0, 0), Op::qiov_concat_iov(0, 2, kMax)}),
        seed("qiov-concat-iov-external-dst", kThree, {Op::qiov_init_external(0, 3), Op::qiov_concat_iov(0, 0, 1)},
             true),
        seed("qiov-concat-iov-offset-past-size", kThree, {Op::qiov_init(0, 0), Op::qiov_concat_iov(0, 9, 1)}, true),
        seed("qiov-concat", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init(0, 0), Op::qiov_concat(0, 1, 2, 4)}),
        // Two owned vectors with room to spare, concatenated each into the
        // other: the source array lies below the destination's in one call
        // and above it in the other (neither is the destination's own).
        seed("qiov-concat-between-owned-vectors", kThree,
             {Op::qiov_init(0, 8), Op::qiov_init(1, 8), Op::qiov_add(0, 0, 0, 3), Op::qiov_add(1, 2, 1, 4),
              Op::qiov_concat(0, 1, 1, 2), Op::qiov_concat(1, 0, 0, 3), Op::qiov_to_buf(0, 0, kMax),
              Op::qiov_to_buf(1, 0, kMax)}),
        // A vector concatenated with itself: the appends outgrow the array
        // (nalloc 3), so its source entries move while they are appended.
        seed("qiov-concat-self", kThree,
             {Op::qiov_init(0, 1), Op::qiov_add(0, 0, 0, 3), Op::qiov_add(0, 2, 1, 4), Op::qiov_concat(0, 0, 1, kMax),
              Op::qiov_concat(0, 0, 2, 9), Op::qiov_to_buf(0, 0, kMax)}),
        seed("qiov-subvec-niov", kThree,
             {Op::qiov_init_external(0, 3), Op::qiov_subvec_niov(0, 1, 5), Op::qiov_subvec_niov(0, 4, 0),
              Op::qiov_subvec_niov(0, 3, 0), Op::qiov_subvec_niov(0, 8, 0)}),
        seed("qiov-subvec-niov-outside", kThree, {Op::qiov_init_external(0, 3), Op::qiov_subvec_niov(0, 5, 4)}, true),
        seed("qiov-init-extended", kThree, {Op::qiov_init_external(1, 3), Op::qiov_init_extended(0, 4, 1, 1, 5, 3)}),
        seed("qiov-init-extended-one-entry", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init_extended(0, 0, 1, 4, 2, 0)}),
        seed("qiov-init-extended-no-entry", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init_extended(0, 0, 1, 0, 0, 0)}),
        seed("qiov-init-extended-length-overflow", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init_extended(0, kMax, 1, 0, 1, 1)}),
        seed("qiov-init-extended-over-iov-max-entries", many(1024),
             {Op::qiov_init_external(1, 1024), Op::qiov_init_extended(0, 1, 1, 0, 1024, 1)}),
        seed("qiov-init-extended-mid-over-iov-max", many(1025),
             {Op::qiov_init_external(1, 1025), Op::qiov_init_extended(0, 0, 1, 0, 1, 0)}, true),
        seed("qiov-init-extended-range-outside", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init_extended(0, 0, 1, 5, 4, 0)}, true),
        seed("qiov-init-slice", kThree, {Op::qiov_init_external(1, 3), Op::qiov_init_slice(0, 1, 2, 5)}),
        seed("qiov-init-slice-len-0-inside", kThree, {Op::qiov_init_external(1, 3), Op::qiov_init_slice(0, 1, 4, 0)}),
        seed("qiov-init-slice-outside", kThree, {Op::qiov_init_external(1, 3), Op::qiov_init_slice(0, 1, 7, 2)}, true),
        seed("qiov-is-zero", kMostlyZero,
             {Op::qiov_init_external(0, 4), Op::qiov_is_zero(0, 0, 8), Op::qiov_is_zero(0, 1, 0),
              Op::qiov_is_zero(0, 5, 3)}),
        seed("qiov-is-zero-all-zero", kAllZero, {Op::qiov_init_external(0, 4), Op::qiov_is_zero(0, 0, 8)}),
        // Long ranges: the word-at-a-time paths; the one non-zero byte lands in
        // a block, a word or the tail depending on the range's alignment.
        seed("qiov-is-zero-long", plain({300}, 0), long_is_zero_ops()),
        seed("qiov-is-zero-unaligned-non-zero", plain({24}, 0), unaligned_is_zero_ops()),
        seed("qiov-is-zero-outside", kThree, {Op::qiov_init_external(0, 3), Op::qiov_is_zero(0, 6, 3)}, true),
        seed("qiov-byte-movers", kThree,
             {Op::qiov_init_external(0, 3), Op::qiov_from_buf(0, 1, 6), Op::qiov_to_buf(0, 0, 8),
              Op::qiov_memset(0, 2, 0x7f, 100)}),
        seed("qiov-byte-movers-past-size", kThree,
             {Op::qiov_init_external(0, 3), Op::qiov_from_buf(0, 9, 1), Op::qiov_to_buf(0, 9, 1),
              Op::qiov_memset(0, 9, 0, 1)},
             true),
        seed("qiov-compare-same-memory", kThree,
             {Op::qiov_init_external(0, 3), Op::qiov_init_external(1, 3), Op::qiov_compare(0, 1)}),
        seed("qiov-compare-differ", plain({4, 4}),
             {Op::qiov_init_buf(0, 0, 0, 4), Op::qiov_init_buf(1, 1, 0, 4), Op::qiov_compare(0, 1)}),
        seed("qiov-compare-differ-in-second-entry", plain({4, 4, 4}),
             {Op::qiov_add(0, 0, 0, 4), Op::qiov_add(0, 1, 0, 4), Op::qiov_add(1, 0, 0, 4), Op::qiov_add(1, 2, 0, 4),
              Op::qiov_compare(0, 1)}),
        seed("qiov-compare-differ-far", plain({600, 600}, 0),
             {Op::memset(900, 1, 1), Op::qiov_init_buf(0, 0, 0, 600), Op::qiov_init_buf(1, 1, 0, 600),
              Op::qiov_compare(0, 1), Op::qiov_compare(1, 0)}),
        seed("qiov-compare-unequal-lengths", kThree,
             {Op::qiov_init_buf(0, 0, 0, 3), Op::qiov_init_buf(1, 2, 0, 5), Op::qiov_compare(0, 1)}, true),
        seed("qiov-compare-unequal-niov", kThree,
             {Op::qiov_init_external(0, 3), Op::qiov_init_external(1, 2), Op::qiov_compare(0, 1)}, true),
        seed("qiov-clone", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init(0, 0), Op::qiov_clone(0, 1), Op::qiov_to_buf(0, 0, 8)}),
        seed("qiov-clone-into-external", kThree,
             {Op::qiov_init_external(1, 3), Op::qiov_init_external(0, 1), Op::qiov_clone(0, 1)}, true),
        seed("qiov-reset", kThree,
             {Op::qiov_init(0, 2), Op::qiov_add(0, 0, 0, 3), Op::qiov_reset(0), Op::qiov_add(0, 2, 1, 2)}),
        seed("qiov-reset-external", kThree, {Op::qiov_init_external(0, 3), Op::qiov_reset(0)}, true),
        seed("qiov-destroy", kThree,
             {Op::qiov_init(0, 2), Op::qiov_add(0, 0, 0, 3), Op::qiov_destroy(0), Op::qiov_init_external(1, 3),
              Op::qiov_destroy(1)}),
        seed("qiov-discard-back", kThree, {Op::qiov_init_external(0, 3), Op::qiov_discard_back(0, 6)}),
        seed("qiov-discard-back-embedded", kThree,
             {Op::qiov_init_buf(0, 2, 0, 5), Op::qiov_discard_back(0, 2), Op::qiov_to_buf(0, 0, 5)}),
        seed("qiov-discard-back-too-many", kThree, {Op::qiov_init_external(0, 3), Op::qiov_discard_back(0, 9)}, true),
    };
}

// Offsets and lengths near SIZE_MAX and ranges whose end wraps around.
std::vector<Seed> range_seeds()
{
    const std::vector<Op> external = {Op::qiov_init_external(1, 3)};
    auto with_external = [&](std::vector<Op> ops) {
        ops.insert(ops.begin(), external.begin(), external.end());
        return ops;
    };
    std::vector<Seed> seeds = {
        seed("ranges-copy", kThree, {Op::copy(4, kMax, 1), Op::copy(4, 2, kMax), Op::copy(4, kMax - 6, 8)}),
        seed("ranges-byte-movers", kThree,
             {Op::to_buf_full(kMax, 1), Op::from_buf_full(2, kMax), Op::memset(kMax - 6, 0, 8),
              Op::to_buf(kMax - 7, 8), Op::from_buf(1, kMax)}),
        seed("ranges-concat-iov", kThree,
             {Op::qiov_init(0, 0), Op::qiov_concat_iov(0, kMax, 1), Op::qiov_concat_iov(0, 1, kMax),
              Op::qiov_concat_iov(0, kMax - 6, 8)}),
        seed("ranges-concat", kThree, with_external({Op::qiov_init(0, 0), Op::qiov_concat(0, 1, kMax - 1, 2)})),
        seed("ranges-subvec-niov", kThree,
             with_external({Op::qiov_subvec_niov(1, kMax, 1), Op::qiov_subvec_niov(1, 1, kMax),
                            Op::qiov_subvec_niov(1, kMax - 6, 8)})),
        seed("ranges-init-extended", kThree,
             with_external({Op::qiov_init_extended(0, kMax, 1, 0, 1, 0), Op::qiov_init_extended(0, 1, 1, kMax, 2, 0),
                            Op::qiov_init_extended(0, 0, 1, kMax - 6, 8, 0),
                            Op::qiov_init_extended(0, 1, 1, 0, 8, kMax)})),
        seed("ranges-init-slice", kThree,
             with_external({Op::qiov_init_slice(0, 1, kMax, 1), Op::qiov_init_slice(0, 1, 1, kMax),
                            Op::qiov_init_slice(0, 1, kMax - 6, 8)})),
        seed("ranges-discards", kThree,
             {Op::discard_front(kMax, true), Op::discard_undo(), Op::discard_back(kMax, true), Op::discard_undo(),
              Op::qiov_init_external(0, 3), Op::qiov_discard_back(0, kMax)}),
        seed("ranges-is-zero", kMostlyZero,
             {Op::qiov_init_external(0, 4), Op::qiov_is_zero(0, kMax - 6, 8), Op::qiov_is_zero(0, 1, kMax)}),
        seed("ranges-send-recv", kThree, {Op::send_recv(kMax - 6, 8, kSend, 1, 0), Op::send_recv(1, kMax, 0, 1, 0)}),
        seed("ranges-hexdump", kThree, {Op::hexdump(0, kMax)}),
        seed("ranges-qiov-byte-movers", kThree,
             with_external({Op::qiov_to_buf(1, kMax, 1), Op::qiov_from_buf(1, 1, kMax),
                            Op::qiov_memset(1, kMax - 6, 1, 8)})),
    };
    for (Seed &s : seeds) {
        s.lenient = true;  // out of domain: both modes (fuzz_ranges checks both anyway)
    }
    return seeds;
}

std::vector<Seed> clone_seeds()
{
    const Layout scattered = arena(32, {{20, 4}, {0, 4}, {10, 4}, {22, 6}});
    return {
        seed("clone-aliasing", kAliasing,
             {Op::qiov_init_external(1, 4), Op::qiov_init(0, 0), Op::qiov_clone(0, 1), Op::qiov_compare(0, 1)}),
        seed("clone-scattered", scattered,
             {Op::qiov_init_external(1, 4), Op::qiov_init(0, 0), Op::qiov_clone(0, 1), Op::qiov_from_buf(0, 0, 18),
              Op::qiov_compare(0, 1)}),
        seed("clone-nested", arena(16, {{0, 8}, {2, 2}, {10, 3}, {3, 4}}),
             {Op::qiov_init_external(1, 4), Op::qiov_init(0, 0), Op::qiov_clone(0, 1), Op::qiov_to_buf(0, 0, 17)}),
        seed("clone-reversed-order", kAliasing,
             {Op::qiov_init(1, 0), Op::qiov_add(1, 1, 0, 4), Op::qiov_add(1, 0, 0, 4), Op::qiov_init(0, 0),
              Op::qiov_clone(0, 1)}),
        // Zero-length entries based below every byte src covers, and a src
        // that covers no byte at all: such entries map to buf itself.
        seed("clone-empty-entries-below-every-range", arena(16, {{0, 0}, {6, 4}, {3, 0}, {8, 5}}),
             {Op::qiov_init_external(1, 4), Op::qiov_init(0, 0), Op::qiov_clone(0, 1), Op::qiov_compare(0, 1)}),
        seed("clone-no-byte-covered", arena(8, {{5, 0}, {2, 0}}),
             {Op::qiov_init_external(1, 2), Op::qiov_init(0, 0), Op::qiov_clone(0, 1)}),
        seed("clone-appends", kAliasing,
             {Op::qiov_init_external(1, 4), Op::qiov_init(0, 0), Op::qiov_add(0, 3, 0, 0), Op::qiov_clone(0, 1)}),
        seed("clone-into-external", kAliasing,
             {Op::qiov_init_external(1, 4), Op::qiov_init_external(0, 2), Op::qiov_clone(0, 1)}, true),
        seed("compare-aliased", kAliasing,
             {Op::qiov_init_buf(0, 0, 0, 4), Op::qiov_init_buf(1, 2, 0, 4), Op::qiov_compare(0, 1)}),
        seed("compare-overlapping", kAliasing,
             {Op::qiov_init_buf(0, 0, 0, 4), Op::qiov_init_buf(1, 1, 0, 4), Op::qiov_compare(0, 1)}),
        seed("compare-zero-fill", arena(8, {{0, 4}, {4, 4}}, 0),
             {Op::qiov_init_buf(0, 0, 0, 4), Op::qiov_init_buf(1, 1, 0, 4), Op::qiov_compare(0, 1)}),
        seed("copy-aliasing", kAliasing, {Op::copy(4, 1, 10), Op::copy(2, 4, 0)}),
        seed("byte-movers-aliasing", kAliasing,
             {Op::from_buf_full(0, 12), Op::to_buf_full(0, 12), Op::memset(3, 0x11, 6), Op::to_buf_full(0, 12)}),
        seed("slice-and-concat-aliasing", kAliasing,
             {Op::qiov_init_external(1, 4), Op::qiov_init_slice(2, 1, 3, 6), Op::qiov_init(0, 0),
              Op::qiov_concat(0, 2, 1, 4), Op::qiov_clone(3, 0)}),
    };
}

struct TargetSeeds {
    const char *target;
    Flavour flavour;
    std::vector<Seed> seeds;
};

std::vector<Seed> concat(std::initializer_list<std::vector<Seed>> groups)
{
    std::vector<Seed> all;
    for (const auto &g : groups) {
        all.insert(all.end(), g.begin(), g.end());
    }
    return all;
}

// libFuzzer dictionary: each op of the flavour's table with all-zero and
// all-SIZE_MAX arguments, and the multi-byte number forms.
std::string dictionary(Flavour flavour, const std::vector<Seed> &seeds)
{
    std::string text = "# Generated by fuzz/make_seeds.cpp: ops of this target's table with\n"
                       "# zero and SIZE_MAX arguments (see fuzz/FORMAT.md).\n";
    auto escaped = [](const std::vector<uint8_t> &bytes) {
        std::string s;
        char hex[8];
        for (uint8_t b : bytes) {
            std::snprintf(hex, sizeof hex, "\\x%02x", b);
            s += hex;
        }
        return s;
    };
    std::set<OpKind> kinds;
    for (const Seed &s : seeds) {
        for (const Op &op : s.program.ops) {
            kinds.insert(op.kind());
        }
    }
    const size_t header = iovcheck::fuzz::encode(flavour, Program{kThree, {}}, false)->size();
    for (OpKind kind : kinds) {
        for (uint64_t arg : {uint64_t{0}, kMax}) {
            Op op = Op::of_kind(kind);
            visit(op, [&](auto &r) { std::apply([&](auto &...field) { ((field.v = arg), ...); }, r.fields()); });
            Program p{kThree, {op}};
            auto bytes = iovcheck::fuzz::encode(flavour, p, false);
            if (!bytes) {
                continue;
            }
            bytes->erase(bytes->begin(), bytes->begin() + static_cast<long>(header));
            text += std::string(iovcheck::op_name(kind)) + (arg ? "_max" : "_zero") + "=\"" + escaped(*bytes) +
                    "\"\n";
        }
    }
    text += "number_u64_2_63=\"\\xf3\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x80\"\n";
    text += "number_u32_max=\"\\xf2\\xff\\xff\\xff\\xff\"\n";
    text += "count_iov_max=\"\\xfc\\x00\\x04\"\n";
    return text;
}

}  // namespace

int main(int argc, char **argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
        return 2;
    }
    const fs::path corpus = argv[1];
    const std::vector<TargetSeeds> targets = {
        {"fuzz_ops", Flavour::Ops,
         concat({byte_mover_seeds(), copy_seeds(), send_recv_seeds(), discard_seeds(), vector_seeds(), range_seeds(),
                 clone_seeds()})},
        {"fuzz_ranges", Flavour::Ranges, range_seeds()},
        {"fuzz_undo", Flavour::Undo, discard_seeds()},
        {"fuzz_clone", Flavour::Clone, clone_seeds()},
        {"fuzz_sendrecv", Flavour::SendRecv, send_recv_seeds()},
    };
    int failures = 0;
    for (const TargetSeeds &t : targets) {
        const iovcheck::fuzz::TargetSpec spec{t.target, t.flavour, iovcheck::fuzz::check_impl_under_test};
        fs::create_directories(corpus / t.target);
        for (const Seed &s : t.seeds) {
            const auto bytes = iovcheck::fuzz::encode(t.flavour, s.program, s.lenient);
            if (!bytes) {
                std::fprintf(stderr, "%s/%s: cannot be written in the byte format\n", t.target, s.name.c_str());
                failures++;
                continue;
            }
            const iovcheck::fuzz::Outcome out = iovcheck::fuzz::run_input(spec, bytes->data(), bytes->size());
            const Program expected = iovcheck::normalize(s.program);
            if (iovcheck::to_gtest(iovcheck::normalize(out.decoded.program), "x") != iovcheck::to_gtest(expected, "x") ||
                out.decoded.also_lenient != s.lenient) {
                std::fprintf(stderr, "%s/%s: decodes to another program:\n%s", t.target, s.name.c_str(),
                             iovcheck::describe(out.decoded.program).c_str());
                failures++;
            } else if (!out.result.ok) {
                std::fprintf(stderr, "%s/%s: FAILS on core (%s mode):\n%s\n", t.target, s.name.c_str(),
                             iovcheck::fuzz::mode_name(out.mode), out.result.explanation.c_str());
                failures++;
            }
            std::ofstream(corpus / t.target / s.name, std::ios::binary)
                .write(reinterpret_cast<const char *>(bytes->data()), static_cast<std::streamsize>(bytes->size()));
        }
        std::ofstream(corpus / (std::string(t.target) + ".dict")) << dictionary(t.flavour, t.seeds);
        std::printf("%s: %zu seeds\n", t.target, t.seeds.size());
    }
    return failures ? 1 : 0;
}
