// The byte format of FORMAT.md, pinned: each case is a byte string and the
// program the format's rules give for it, worked out by hand from those
// rules.  A failure here means corpus files changed meaning.
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "decoder.h"

namespace {

using iovcheck::Op;
using iovcheck::OpKind;
using iovcheck::Program;
using iovcheck::fuzz::decode;
using iovcheck::fuzz::Decoded;
using iovcheck::fuzz::encode;
using iovcheck::fuzz::Flavour;

constexpr uint64_t kMax = UINT64_MAX;

Decoded decode_bytes(Flavour f, const std::vector<uint8_t> &bytes) { return decode(f, bytes.data(), bytes.size()); }

void expect_layout(const Program &p, std::vector<size_t> seg_len, uint32_t fill)
{
    EXPECT_EQ(p.layout.seg_len, seg_len);
    EXPECT_EQ(p.layout.fill_seed, fill);
}

TEST(FuzzFormat, EmptyInputIsAnEmptyProgram)
{
    const Decoded d = decode(Flavour::Ops, nullptr, 0);
    EXPECT_FALSE(d.also_lenient);
    EXPECT_FALSE(d.program.layout.shared_arena);
    expect_layout(d.program, {}, 0);
    EXPECT_TRUE(d.program.ops.empty());
}

TEST(FuzzFormat, HeaderLayoutAndOneOp)
{
    // flags 1 (lenient), 2 segments, fill 2, lengths 3 and 5, op 1 = iov_to_buf_full(0, 8)
    const Decoded d = decode_bytes(Flavour::Ops, {0x01, 0x02, 0x02, 0x03, 0x05, 0x01, 0x00, 0x08});
    EXPECT_TRUE(d.also_lenient);
    expect_layout(d.program, {3, 5}, 2);
    EXPECT_EQ(d.program.ops, (std::vector<Op>{Op::to_buf_full(0, 8)}));
}

TEST(FuzzFormat, SizeRelativeNumbersAndReservedOpcodes)
{
    // size 8 (3 + 0 + 5); starts s0 = 0, s1 = 3, s2 = 3, s3 = 8.
    const Decoded d = decode_bytes(Flavour::Ops, {0x00, 0x03, 0x02, 0x03, 0x00, 0x05,
                                                  0x00, 0x41, 0x61,  // from_buf_full(size - 1, size + 1 + 1)
                                                  0x05,              // iov_size
                                                  0x39,              // entry 57: reserved, no op
                                                  0x40, 0x90, 0xa3,  // opcode 64 % 64 = 0: (s0 + 0, s3 + 1)
                                                  0x00, 0xe0, 0xef}); // (8, 2^63)
    EXPECT_EQ(d.program.ops, (std::vector<Op>{Op::from_buf_full(7, 10), Op::size(), Op::from_buf_full(0, 9),
                                              Op::from_buf_full(8, uint64_t{1} << 63)}));
}

TEST(FuzzFormat, LiteralNumbersAndMissingBytes)
{
    const Decoded d = decode_bytes(Flavour::Ops, {0x00, 0x01, 0x00, 0x04,
                                                  0x06, 0xf1, 0x34, 0x12, 0xf3, 1, 0, 0, 0, 0, 0, 0, 0x80, 0x00,
                                                  0x06, 0x03});  // iov_copy(3, <missing: 0>, <missing: 0>)
    expect_layout(d.program, {4}, 0);
    EXPECT_EQ(d.program.ops, (std::vector<Op>{Op::copy(0x1234, 0x8000000000000001ull, 0), Op::copy(3, 0, 0)}));
}

TEST(FuzzFormat, RangesReadsTags40To7fNearSizeMax)
{
    // size 8: 0x40 -> SIZE_MAX, 0x70 -> SIZE_MAX - 8, 0x71 -> SIZE_MAX - 7 (+ 8 wraps to 0), 0xc1 -> SIZE_MAX - 1
    const Decoded d = decode_bytes(Flavour::Ranges, {0x00, 0x01, 0x00, 0x08, 0x06, 0x40, 0x70, 0x71, 0x06, 0xc1, 0x00, 0x00});
    EXPECT_EQ(d.program.ops, (std::vector<Op>{Op::copy(kMax, kMax - 8, kMax - 7), Op::copy(kMax - 1, 0, 0)}));
}

TEST(FuzzFormat, CountAndLengthForms)
{
    // count 0x21 -> 33 & 15 = 1 segment; length 0xf1 0x02 -> 64 + (1 << 8 | 2) = 322
    expect_layout(decode_bytes(Flavour::Ops, {0x00, 0x21, 0x07, 0xf1, 0x02}).program, {322}, 7);
    // count 2; lengths 0xc0 -> 16 and 0x9f -> 0x9f & 15 = 15
    expect_layout(decode_bytes(Flavour::Ops, {0x00, 0x02, 0x00, 0xc0, 0x9f}).program, {16, 15}, 0);
    // count 0xf6 -> 1018 + 6 = 1024 segments, the 32 lengths read repeat
    std::vector<uint8_t> bytes = {0x00, 0xf6, 0x00};
    for (uint8_t i = 0; i < 32; i++) {
        bytes.push_back(i % 3);
    }
    const Program p = decode_bytes(Flavour::Ops, bytes).program;
    ASSERT_EQ(p.layout.seg_len.size(), 1024u);
    EXPECT_EQ(p.layout.seg_len[1023], 1023u % 32 % 3);
}

TEST(FuzzFormat, CloneAlwaysUsesASharedArena)
{
    // flags 0 still gives an arena for fuzz_clone: 2 segments of 4 at offsets 0 and 2 of 8 bytes
    const Program p = decode_bytes(Flavour::Clone, {0x00, 0x02, 0x00, 0x04, 0x04, 0x08, 0x00, 0x02}).program;
    EXPECT_TRUE(p.layout.shared_arena);
    EXPECT_EQ(p.layout.arena_size, 8u);
    EXPECT_EQ(p.layout.arena_offset, (std::vector<size_t>{0, 2}));
    // fuzz_ops takes the arena from flags bit 1 only
    EXPECT_FALSE(decode_bytes(Flavour::Ops, {0x00, 0x02, 0x00, 0x04, 0x04}).program.layout.shared_arena);
}

TEST(FuzzFormat, PeerNumbersAreCutModulo4097)
{
    // iov_send_recv(offset 0, bytes 8, flags 1, chunk u16 8192, peer bytes SIZE_MAX)
    const Decoded d = decode_bytes(Flavour::Ops, {0x00, 0x01, 0x00, 0x08, 0x08, 0x00, 0x08, 0x01, 0xf1, 0x00, 0x20, 0xc0});
    EXPECT_EQ(d.program.ops, (std::vector<Op>{Op::send_recv(0, 8, 1, 8192 % 4097, kMax % 4097)}));
}

TEST(FuzzFormat, EncodeRoundTripsAndRefusesWhatItCannotWrite)
{
    Program p;
    p.layout.seg_len = {3, 0, 300};
    p.layout.fill_seed = 9;
    p.ops = {Op::copy(2, kMax, 5), Op::qiov_init_extended(1, kMax, 2, 3, 4, 5), Op::hexdump(3, 1000)};
    const auto bytes = encode(Flavour::Ops, p, true);
    ASSERT_TRUE(bytes);
    const Decoded d = decode(Flavour::Ops, bytes->data(), bytes->size());
    EXPECT_TRUE(d.also_lenient);
    EXPECT_EQ(iovcheck::normalize(d.program).ops, iovcheck::normalize(p).ops);
    EXPECT_EQ(d.program.layout.seg_len, p.layout.seg_len);

    EXPECT_FALSE(encode(Flavour::Clone, p, false)) << "fuzz_clone has shared-arena layouts only";
    EXPECT_FALSE(encode(Flavour::Undo, Program{p.layout, {Op::hexdump(0, 1)}}, false)) << "not in fuzz_undo's table";
    Program too_big = p;
    too_big.layout.seg_len = {2049};
    EXPECT_FALSE(encode(Flavour::Ops, too_big, false)) << "over the 2 KiB layout budget";
}

}  // namespace
