// The structure-aware mutator (mutator.h): encode(decode(x)) is a fixed
// point on the committed corpus, every mutation leaves a program that
// encodes and decodes back to itself, each mutation does what its name says,
// and part of the calls still reach the byte-level mutator.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "mutator.h"

namespace {

namespace fs = std::filesystem;
using iovcheck::Op;
using iovcheck::Program;
using iovcheck::fuzz::decode;
using iovcheck::fuzz::Decoded;
using iovcheck::fuzz::encode;
using iovcheck::fuzz::Flavour;
using iovcheck::fuzz::Mutation;
using iovcheck::fuzz::Rng;

// The corpus folders of the program targets and the flavour they decode with.
const std::pair<const char *, Flavour> kProgramCorpora[] = {
    {"fuzz_ops", Flavour::Ops},     {"fuzz_ranges", Flavour::Ranges},       {"fuzz_undo", Flavour::Undo},
    {"fuzz_clone", Flavour::Clone}, {"fuzz_sendrecv", Flavour::SendRecv},
};

struct CorpusInput {
    std::string path;
    Flavour flavour;
    std::vector<uint8_t> bytes;
};

std::vector<CorpusInput> corpus_inputs()
{
    std::vector<CorpusInput> inputs;
    for (const auto &[name, flavour] : kProgramCorpora) {
        for (const fs::path &dir : {fs::path(IOVCHECK_CORPUS_DIR) / name,
                                    fs::path(IOVCHECK_CORPUS_DIR) / "regressions" / name}) {
            for (const auto &entry : fs::recursive_directory_iterator(dir)) {
                if (entry.is_regular_file()) {
                    std::ifstream in(entry.path(), std::ios::binary);
                    inputs.push_back({entry.path().string(), flavour,
                                      {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()}});
                }
            }
        }
    }
    return inputs;
}

// d as bytes, which must exist and decode back to d (normalized).
std::vector<uint8_t> expect_round_trip(Flavour f, const Decoded &d, const std::string &what)
{
    const std::optional<std::vector<uint8_t>> bytes = encode(f, d.program, d.also_lenient);
    if (!bytes) {
        ADD_FAILURE() << what << ": no encoding";
        return {};
    }
    const Decoded back = decode(f, bytes->data(), bytes->size());
    const Program expected = iovcheck::normalize(d.program);
    EXPECT_EQ(back.program.layout.seg_len, expected.layout.seg_len) << what;
    EXPECT_EQ(back.program.layout.arena_offset, expected.layout.arena_offset) << what;
    EXPECT_EQ(back.program.ops, expected.ops) << what;
    EXPECT_EQ(back.also_lenient, d.also_lenient) << what;
    return *bytes;
}

TEST(FuzzMutator, EncodeOfDecodeIsAFixedPointOnTheCorpus)
{
    const std::vector<CorpusInput> inputs = corpus_inputs();
    ASSERT_GT(inputs.size(), 100u);
    size_t encoded = 0;
    for (const CorpusInput &in : inputs) {
        const Decoded d = decode(in.flavour, in.bytes.data(), in.bytes.size());
        if (!encode(in.flavour, d.program, d.also_lenient)) {
            continue;  // e.g. a layout past 32 distinct lengths: left to the byte mutator
        }
        encoded++;
        const std::vector<uint8_t> once = expect_round_trip(in.flavour, d, in.path);
        const Decoded again = decode(in.flavour, once.data(), once.size());
        EXPECT_EQ(encode(in.flavour, again.program, again.also_lenient), once) << in.path;
    }
    // Most of the corpus is in reach of the structure-aware mutator.
    EXPECT_GT(encoded * 10, inputs.size() * 9) << encoded << " of " << inputs.size();
}

TEST(FuzzMutator, EveryMutationKeepsTheProgramEncodable)
{
    const std::vector<CorpusInput> inputs = corpus_inputs();
    Rng rng(1);
    for (unsigned m = 0; m < iovcheck::fuzz::kMutations; m++) {
        size_t applied = 0;
        for (const CorpusInput &in : inputs) {
            const Decoded d = decode(in.flavour, in.bytes.data(), in.bytes.size());
            if (!encode(in.flavour, d.program, d.also_lenient)) {
                continue;
            }
            for (int round = 0; round < 4; round++) {
                const std::optional<Decoded> next = mutate(in.flavour, d, static_cast<Mutation>(m), rng);
                if (next && encode(in.flavour, next->program, next->also_lenient)) {
                    applied++;
                    expect_round_trip(in.flavour, *next, in.path + " mutation " + std::to_string(m));
                }
            }
        }
        EXPECT_GT(applied, inputs.size()) << "mutation " << m << " rarely gives an encodable program";
    }
}

Decoded sample_program()
{
    Decoded d;
    d.program.layout.seg_len = {3, 0, 5};
    d.program.ops = {Op::to_buf_full(0, 8), Op::size(), Op::qiov_add(1, 2, 0, 5), Op::copy(3, 1, 7)};
    return d;
}

TEST(FuzzMutator, OperationMutationsChangeTheOperations)
{
    const Decoded d = sample_program();
    for (uint64_t seed = 1; seed <= 50; seed++) {
        Rng rng(seed);
        const auto inserted = mutate(Flavour::Ops, d, Mutation::InsertOp, rng);
        ASSERT_TRUE(inserted);
        EXPECT_EQ(inserted->program.ops.size(), 5u);
        const auto deleted = mutate(Flavour::Ops, d, Mutation::DeleteOp, rng);
        ASSERT_TRUE(deleted);
        EXPECT_EQ(deleted->program.ops.size(), 3u);
        const auto duplicated = mutate(Flavour::Ops, d, Mutation::DuplicateOp, rng);
        ASSERT_TRUE(duplicated);
        EXPECT_EQ(duplicated->program.ops.size(), 5u);
        const auto swapped = mutate(Flavour::Ops, d, Mutation::SwapOps, rng);
        ASSERT_TRUE(swapped);
        EXPECT_TRUE(std::is_permutation(swapped->program.ops.begin(), swapped->program.ops.end(), d.program.ops.begin()));
        const auto nudged = mutate(Flavour::Ops, d, Mutation::NudgeArgument, rng);
        ASSERT_TRUE(nudged);
        size_t changed = 0;
        for (size_t i = 0; i < d.program.ops.size(); i++) {
            changed += nudged->program.ops[i] == d.program.ops[i] ? 0 : 1;
        }
        EXPECT_LE(changed, 1u);
    }
    Rng rng(7);
    EXPECT_FALSE(mutate(Flavour::Ops, Decoded{}, Mutation::DeleteOp, rng));
    EXPECT_FALSE(mutate(Flavour::Ops, Decoded{}, Mutation::NudgeArgument, rng));
}

TEST(FuzzMutator, NudgedArgumentsReachTheBoundariesOfTheirDomain)
{
    Decoded d;
    d.program.layout.seg_len = {3, 0, 5};  // size 8
    d.program.ops = {Op::to_buf_full(4, 4)};
    std::vector<uint64_t> seen;
    Rng rng(3);
    for (int i = 0; i < 2000; i++) {
        const auto nudged = mutate(Flavour::Ops, d, Mutation::NudgeArgument, rng);
        visit(nudged->program.ops[0], [&](const auto &r) {
            std::apply([&](const auto &...field) { (seen.push_back(field.v), ...); }, r.fields());
        });
    }
    for (uint64_t boundary : {uint64_t{0}, uint64_t{1}, uint64_t{7}, uint64_t{8}, uint64_t{9}, UINT64_MAX,
                              UINT64_MAX - 7, uint64_t{3}, uint64_t{2}}) {
        EXPECT_NE(std::find(seen.begin(), seen.end(), boundary), seen.end()) << boundary;
    }
}

TEST(FuzzMutator, LayoutMutationsChangeTheLayout)
{
    const Decoded d = sample_program();
    for (uint64_t seed = 1; seed <= 50; seed++) {
        Rng rng(seed);
        const auto added = mutate(Flavour::Ops, d, Mutation::AddEmptySegment, rng);
        ASSERT_TRUE(added);
        const std::vector<size_t> &lens = added->program.layout.seg_len;
        EXPECT_EQ(lens.size(), 4u);
        EXPECT_EQ(std::count(lens.begin(), lens.end(), 0u), 2);
        const auto removed = mutate(Flavour::Ops, d, Mutation::RemoveSegment, rng);
        ASSERT_TRUE(removed);
        EXPECT_EQ(removed->program.layout.seg_len.size(), 2u);
        const auto aliased = mutate(Flavour::Ops, d, Mutation::Alias, rng);
        ASSERT_TRUE(aliased);
        EXPECT_TRUE(aliased->program.layout.shared_arena);
        const auto lenient = mutate(Flavour::Ops, d, Mutation::ToggleLenient, rng);
        ASSERT_TRUE(lenient);
        EXPECT_TRUE(lenient->also_lenient);
    }
}

TEST(FuzzMutator, CrossOverSplicesOperationsOfBoth)
{
    Decoded a = sample_program();
    Decoded b;
    b.program.layout.seg_len = {1};
    b.program.ops = {Op::discard_undo(), Op::qiov_reset(2)};
    bool took_from_b = false;
    for (uint64_t seed = 1; seed <= 50; seed++) {
        Rng rng(seed);
        const Decoded c = cross_over(Flavour::Ops, a, b, rng);
        for (const Op &op : c.program.ops) {
            const bool from_a = std::find(a.program.ops.begin(), a.program.ops.end(), op) != a.program.ops.end();
            const bool from_b = std::find(b.program.ops.begin(), b.program.ops.end(), op) != b.program.ops.end();
            EXPECT_TRUE(from_a || from_b);
        }
        const bool has_b_op = std::any_of(c.program.ops.begin(), c.program.ops.end(),
                                          [&](const Op &op) { return op == b.program.ops[0] || op == b.program.ops[1]; });
        took_from_b |= has_b_op && c.program.layout.seg_len == a.program.layout.seg_len;
    }
    EXPECT_TRUE(took_from_b);
}

size_t byte_mutator_calls = 0;
size_t count_byte_mutation(uint8_t *, size_t size, size_t) { return byte_mutator_calls++, size; }

TEST(FuzzMutator, PartOfTheCallsGoToTheByteMutator)
{
    const Decoded d = sample_program();
    const std::vector<uint8_t> input = *encode(Flavour::Ops, d.program, false);
    byte_mutator_calls = 0;
    size_t structured = 0;
    for (unsigned seed = 1; seed <= 400; seed++) {
        std::vector<uint8_t> buf = input;
        buf.resize(1024);
        const size_t n = iovcheck::fuzz::mutate_input(Flavour::Ops, buf.data(), input.size(), buf.size(), seed,
                                                      count_byte_mutation);
        buf.resize(n);
        if (buf != input) {
            structured++;
            const Decoded back = decode(Flavour::Ops, buf.data(), buf.size());
            EXPECT_EQ(encode(Flavour::Ops, back.program, back.also_lenient), buf) << "seed " << seed;
        }
    }
    EXPECT_GT(byte_mutator_calls, 60u);  // about 100 unconditionally, and the fallbacks
    EXPECT_GT(structured, 200u);
}

}  // namespace

namespace {

TEST(FuzzMutator, EncodeWritesNumbersInTheirOneByteForm)
{
    Program p;
    p.layout.seg_len = {100, 0, 50};  // size 150, starts 0 100 100 150
    p.ops = {Op::to_buf_full(149, 152), Op::to_buf_full(101, uint64_t{1} << 63), Op::to_buf_full(66, UINT64_MAX - 2)};
    const std::vector<uint8_t> header = *encode(Flavour::Ops, Program{p.layout, {}}, false);
    std::vector<uint8_t> ops = *encode(Flavour::Ops, p, false);
    ops.erase(ops.begin(), ops.begin() + static_cast<long>(header.size()));
    // size - 1, size + 1 + 1; s_1 + 1, 2^63; 64 + 2, SIZE_MAX - 2
    EXPECT_EQ(ops, (std::vector<uint8_t>{0x01, 0x41, 0x61, 0x01, 0xa1, 0xef, 0x01, 0xf6, 0xc2}));
    // fuzz_ranges: SIZE_MAX - size + 3 in the wrapping form
    p.ops = {Op::to_buf_full(UINT64_MAX - 150 + 3, 0)};
    ops = *encode(Flavour::Ranges, p, false);
    EXPECT_EQ(std::vector<uint8_t>(ops.end() - 3, ops.end()), (std::vector<uint8_t>{0x01, 0x73, 0x00}));
}

}  // namespace
