// The oracle's own tests: hand-made programs pass on core/, and the oracle
// catches deliberately wrong implementations (a copy of core_impl() with one
// entry replaced), explaining the divergence.
#include <gtest/gtest.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstring>

#include <iovcheck/impl.h>
#include <iovcheck/model.h>
#include <iovcheck/oracle.h>

#include "random_programs.h"

namespace iovcheck {
namespace {

Program program(std::vector<size_t> lens, std::vector<Op> ops, uint32_t seed = 6)
{
    Program p;
    p.layout.seg_len = std::move(lens);
    p.layout.fill_seed = seed;
    p.ops = std::move(ops);
    return p;
}

Program aliased(std::vector<size_t> lens, std::vector<size_t> offsets, size_t arena, std::vector<Op> ops)
{
    Program p = program(std::move(lens), std::move(ops), 8);
    p.layout.shared_arena = true;
    p.layout.arena_size = arena;
    p.layout.arena_offset = std::move(offsets);
    return p;
}

void expect_passes(const Program &p)
{
    for (Mode mode : {Mode::Strict, Mode::Lenient}) {
        CheckResult r = check(core_impl(), p, mode);
        EXPECT_TRUE(r.ok) << r.explanation;
        EXPECT_EQ(r.op_index, p.ops.size());
    }
}

// ---- The model on its own -------------------------------------------------------------

TEST(Model, HexdumpMatchesTheExampleOfSpec)
{
    model::Memory mem(16);
    const uint8_t bytes[] = {0x41, 0x42, 0x43, 0x00, 0x01, 0xff, 0x7a};
    for (size_t i = 0; i < sizeof bytes; i++) {
        mem.write(i, bytes[i]);
    }
    // Split in two segments: the dump follows the stream, not the segments.
    const model::Iov iov = {{0, 3}, {3, 4}};
    EXPECT_EQ(model::hexdump(mem, iov, "p", SIZE_MAX),
              "p: 0000:  41 42 43 00  01 ff 7a                              ABC...z\n");
    EXPECT_EQ(model::hexdump(mem, iov, "p", 0), "");
}

TEST(Model, SliceRuleKeepsInnerZeroLengthEntriesAndOneEmptyEntryInside)
{
    const model::Iov iov = {{100, 4}, {200, 0}, {300, 4}};
    EXPECT_EQ(model::slice(iov, 2, 4), (model::Iov{{102, 2}, {200, 0}, {300, 2}}));
    EXPECT_EQ(model::slice(iov, 1, 0), (model::Iov{{101, 0}}));
    EXPECT_EQ(model::slice(iov, 4, 0), model::Iov{});
}

TEST(Model, CloneKeepsAliasing)
{
    model::Vector src, dst;
    model::qiov_init(src, 0);
    model::qiov_add(src, {10, 4});
    model::qiov_add(src, {12, 4});  // overlaps the first: U = [10, 16)
    model::qiov_add(src, {40, 2});
    EXPECT_EQ(model::clone_union_size(src), 8u);
    EXPECT_FALSE(model::qiov_clone(dst, src, 1000).violation);
    EXPECT_EQ(dst.entries, (model::Iov{{1000, 4}, {1002, 4}, {1006, 2}}));
}

TEST(Model, PreconditionsAreViolationsWithNeutralResults)
{
    model::Memory mem(64);
    const model::Iov iov = {{0, 4}};
    auto r = model::to_buf(mem, iov, 5, 1);
    EXPECT_TRUE(r.violation);
    EXPECT_TRUE(r.value.empty());
    auto s = model::send_recv(mem, iov, 4, 1, true, {});
    EXPECT_TRUE(s.violation);
    EXPECT_EQ(s.value.ret, -1);
    EXPECT_EQ(s.value.err, EINVAL);
    model::Vector q;
    EXPECT_EQ(model::qiov_init_extended(q, 0, SIZE_MAX, q, 0, 0, 0, 1).value, -EINVAL);
}

// ---- Programs that core/ must pass -------------------------------------------------------

TEST(OracleOnCore, ByteMoversOnSeparateSegments)
{
    expect_passes(program({3, 0, 5, 1}, {
        Op::to_buf_full(2, SIZE_MAX), Op::to_buf(0, 2), Op::to_buf(1, 5), Op::from_buf_full(1, 6),
        Op::from_buf(0, 3), Op::memset(2, 0xab, 4), Op::memset(9, 0, 0), Op::size(),
        Op::to_buf_full(9, 1), Op::to_buf_full(10, 0), Op::memset(SIZE_MAX, 1, 1), Op::from_buf(SIZE_MAX - 1, 2),
    }));
}

TEST(OracleOnCore, AliasingSegmentsInOneArena)
{
    expect_passes(aliased({4, 4, 2}, {0, 2, 3}, 8, {
        Op::from_buf_full(0, 10), Op::to_buf_full(0, 10), Op::memset(3, 0x11, 5), Op::hexdump(0, 64),
        Op::copy(2, 1, 6), Op::copy(8, 5, 0),
    }));
}

TEST(OracleOnCore, CopyAndHexdump)
{
    expect_passes(program({0, 20, 0, 3}, {
        Op::copy(0, 0, 5), Op::copy(1, 2, 100), Op::copy(3, 0, SIZE_MAX), Op::copy(3, 4, 0),
        Op::copy(0, 1, 1), Op::hexdump(0, SIZE_MAX), Op::hexdump(3, 17), Op::hexdump(1, 0),
    }));
}

TEST(OracleOnCore, DiscardsAndUndo)
{
    expect_passes(program({0, 3, 0, 4, 2, 0}, {
        Op::discard_front(0, true), Op::discard_undo(), Op::discard_front(4, true), Op::discard_back(3, true),
        Op::to_buf_full(0, SIZE_MAX), Op::discard_undo(), Op::discard_undo(), Op::discard_front(SIZE_MAX, false),
        Op::discard_back(1, true), Op::size(),
    }));
}

TEST(OracleOnCore, VectorSequences)
{
    expect_passes(program({5, 0, 7, 3}, {
        Op::qiov_init(0, 1), Op::qiov_add(0, 0, 1, 3), Op::qiov_add(0, 1, 0, 0), Op::qiov_add(0, 2, 0, 7),
        Op::qiov_concat_iov(0, 2, SIZE_MAX), Op::qiov_init_external(1, 3), Op::qiov_concat(2, 1, 4, 6),
        Op::qiov_subvec_niov(0, 2, 5), Op::qiov_init_extended(3, 4, 0, 3, 9, 2), Op::qiov_to_buf(3, 0, SIZE_MAX),
        Op::qiov_memset(3, 1, 0, 4), Op::qiov_is_zero(3, 1, 4), Op::qiov_is_zero(3, 0, 6),
        Op::qiov_init_slice(1, 0, 1, 0), Op::qiov_buf(1), Op::qiov_discard_back(1, 0),
        Op::qiov_init_buf(2, 2, 1, 4), Op::qiov_init_buf_macro(1, 2, 1, 4), Op::qiov_compare(1, 2),
        Op::qiov_from_buf(2, 1, 2), Op::qiov_compare(2, 1), Op::qiov_discard_back(2, 4), Op::qiov_buf(2),
        Op::qiov_clone(0, 3), Op::qiov_reset(0), Op::qiov_destroy(3), Op::qiov_add(3, 0, 0, 5),
        Op::qiov_discard_back(0, 0), Op::qiov_discard_back(3, 2),
    }));
}

TEST(OracleOnCore, ContractViolationsAreExpectedResults)
{
    const Program p = program({4, 4}, {
        Op::to_buf_full(9, 1), Op::from_buf(SIZE_MAX, 2), Op::memset(9, 0, SIZE_MAX), Op::copy(0, 1, 1),
        Op::send_recv(8, 1, kDoSend, 1, 0), Op::qiov_init(0, static_cast<uint64_t>(-1)),
        Op::qiov_init_external(0, static_cast<uint64_t>(-3)), Op::qiov_init_external(1, 2), Op::qiov_add(1, 0, 0, 1),
        Op::qiov_buf(1), Op::qiov_reset(1), Op::qiov_subvec_niov(1, 1, 8), Op::qiov_subvec_niov(1, SIZE_MAX, 2),
        Op::qiov_init_extended(2, 1, 1, 0, 9, 1), Op::qiov_init_extended(2, SIZE_MAX, 1, 0, 1, 1),
        Op::qiov_init_slice(2, 1, 3, 6), Op::qiov_is_zero(1, 7, 2), Op::qiov_init(3, 0),
        Op::qiov_compare(1, 3), Op::qiov_clone(1, 3), Op::qiov_concat_iov(1, 0, 1), Op::qiov_concat_iov(1, 0, 0),
        Op::qiov_discard_back(1, 9), Op::qiov_to_buf(1, 9, 0),
    });
    for (Mode mode : {Mode::Strict, Mode::Lenient}) {
        CheckResult r = check(core_impl(), p, mode);
        EXPECT_TRUE(r.ok) << r.explanation;
        EXPECT_GE(r.violations, 19u);
    }
}

TEST(OracleOnCore, SendAndReceiveBlockingAndNonBlocking)
{
    expect_passes(program({3, 0, 5000, 7}, {
        Op::send_recv(1, 5005, kDoSend, 3, 0), Op::send_recv(0, 5010, 0, 100, 6000),
        Op::send_recv(2, 100, 0, 7, 40), Op::send_recv(0, 0, 0, 1, 10),
        Op::send_recv(4, 200, kDoSend | kNonBlocking, 1, 0), Op::send_recv(0, 300, kNonBlocking, 1, 100),
        Op::send_recv(0, 300, kNonBlocking | kPeerKeepsOpen, 1, 100),
        Op::send_recv(0, 300, kNonBlocking | kPeerKeepsOpen, 1, 0), Op::send_recv(0, 300, kNonBlocking, 1, 0),
        Op::to_buf_full(0, SIZE_MAX),
    }));
}

TEST(OracleOnCore, WeirdArgumentsNeverCrashTheOracle)
{
    Program p = program({1, 2}, {});
    for (unsigned k = 0; k < kOpKinds; k++) {
        for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{INT_MAX} + 1, SIZE_MAX - 1, SIZE_MAX}) {
            // Every argument v; send/recv's flags v ^ 1, so that each v is
            // tried as a send and as a receive.
            Op op = Op::of_kind(static_cast<OpKind>(k));
            visit(op, [&](auto &r) { std::apply([&](auto &...field) { ((field.v = v), ...); }, r.fields()); });
            visit(op, Overloaded{[&](ops::SendRecv &r) { r.flags.v = v ^ 1; }, [](auto &) {}});
            p.ops.push_back(op);
        }
    }
    expect_passes(p);
}

TEST(OracleOnCore, RandomProgramsAgreeWithTheModel)
{
    size_t ops = 0, violations = 0;
    for (const Program &p : random_programs(1500, false)) {
        for (Mode mode : {Mode::Strict, Mode::Lenient}) {
            CheckResult r = check(core_impl(), p, mode);
            ASSERT_TRUE(r.ok) << r.explanation;
            ops += r.ops_run;
            violations += r.violations;
        }
    }
    // The programs reach both sides of the contract.
    EXPECT_GT(ops, 10000u);
    EXPECT_GT(violations, 1000u);
}

TEST(OracleOnCore, RandomProgramsWithSocketsAgreeWithTheModel)
{
    for (const Program &p : random_programs(60, true)) {
        CheckResult r = check(core_impl(), p, Mode::Strict);
        ASSERT_TRUE(r.ok) << r.explanation;
    }
}

TEST(OracleOnCore, DifferentialOfCoreWithItselfAgrees)
{
    const Program p = program({2, 9}, {Op::memset(1, 3, 5), Op::qiov_init_external(0, 2), Op::qiov_to_buf(0, 3, 4)});
    CheckResult r = check_differential(core_impl(), core_impl(), p);
    EXPECT_TRUE(r.ok) << r.explanation;
}

// ---- Programs are data ---------------------------------------------------------------------

TEST(Program, NormalizeIsIdempotentAndKeepsContractArguments)
{
    Program p = aliased({5, 1 << 20}, {100, 3}, 50, {
        Op::qiov_add(9, 7, 100, 100), Op::qiov_concat(2, 2, SIZE_MAX, 1), Op::to_buf_full(SIZE_MAX, SIZE_MAX - 1),
        Op::qiov_init_extended(1, 1000, 1, 0, 5, 1000), Op::qiov_init_extended(1, SIZE_MAX, 1, 0, 5, 1000),
        Op::qiov_clone(2, 6),
    });
    const Program n = normalize(p);
    EXPECT_EQ(normalize(n).ops, n.ops);
    EXPECT_EQ(n.layout.seg_len[1], kMaxSegmentLen);
    EXPECT_EQ(n.layout.arena_size, kMaxSegmentLen);
    EXPECT_EQ(n.ops[0], Op::qiov_add(1, 1, 100, 100));
    EXPECT_EQ(n.ops[1], Op::qiov_concat(2, 2, SIZE_MAX, 1));  // a vector concatenated with itself
    EXPECT_EQ(n.ops[5], Op::qiov_clone(2, 3));                 // a clone's source is another slot
    EXPECT_EQ(n.ops[2], p.ops[2]);  // contract arguments are never changed
    EXPECT_EQ(n.ops[3].as<OpKind::QInitExtended>().head_len.v, 1000 % (kSideLen + 1));
    EXPECT_EQ(n.ops[4].as<OpKind::QInitExtended>().head_len.v, SIZE_MAX);  // kept: it makes the total overflow
}

TEST(Program, DescribeAndGtestNameTheCalls)
{
    const Program p = aliased({4, 4}, {0, 2}, 6, {Op::to_buf_full(3, SIZE_MAX - 2), Op::discard_back(1, true)});
    const std::string text = describe(p);
    EXPECT_NE(text.find("seg#0: len 4 at arena[0..4), overlaps seg#1"), std::string::npos) << text;
    EXPECT_NE(text.find("iov_to_buf_full(offset=3, bytes=SIZE_MAX-2)"), std::string::npos) << text;
    EXPECT_NE(text.find("iov_discard_back_undoable(bytes=1, with_undo=1)"), std::string::npos) << text;
    const std::string test = to_gtest(p, "Example");
    EXPECT_NE(test.find("TEST(OracleRegression, Example)"), std::string::npos) << test;
    EXPECT_NE(test.find("Op::of(iovcheck::ops::ToBufFull{.offset = {3u}, .bytes = {18446744073709551613u}})"),
              std::string::npos)
        << test;
    EXPECT_NE(test.find("p.layout.arena_offset = {0u, 2u};"), std::string::npos) << test;
}

// ---- The oracle catches wrong implementations ------------------------------------------------

// Runs `p` on core with one entry replaced; the check must fail at op
// `at_op`, and its explanation must contain each of `words`.
void expect_caught(void (*break_it)(IovImpl &), const Program &p, size_t at_op,
                   std::vector<std::string> words, Mode mode = Mode::Strict, bool also_differential = true)
{
    IovImpl faulty = core_impl();
    faulty.name = "faulty";
    break_it(faulty);
    CheckResult r = check(faulty, p, mode, Guards::Canaries);
    ASSERT_FALSE(r.ok) << "not caught:\n" << describe(p);
    EXPECT_EQ(r.op_index, at_op) << r.explanation;
    for (const std::string &w : words) {
        EXPECT_NE(r.explanation.find(w), std::string::npos) << "missing \"" << w << "\" in\n" << r.explanation;
    }
    if (also_differential) {
        CheckResult d = check_differential(core_impl(), faulty, p, mode, Guards::Canaries);
        EXPECT_FALSE(d.ok) << "differential did not catch it";
    }
}

TEST(OracleCatches, ToBufReturningOneLess)
{
    expect_caught([](IovImpl &t) {
        t.iov_to_buf_full = [](const struct iovec *iov, unsigned cnt, size_t off, void *buf, size_t bytes) {
            size_t n = iov_to_buf_full(iov, cnt, off, buf, bytes);
            return n > 0 ? n - 1 : n;
        };
    }, program({3, 4}, {Op::to_buf_full(0, 2), Op::to_buf_full(1, 5)}), 0,
       {"return value", "expected: 2", "actual:   1", "iov_to_buf_full(offset=0, bytes=2)", "seg#1: len 4"});
}

// A caller never passes NULL as a buffer, not even for 0 bytes (an
// implementation's memcpy(dst, buf, 0) with buf == NULL is undefined
// behaviour that would be the harness's, not the implementation's).
TEST(OracleCalls, FromBufGetsABufferEvenForNoBytes)
{
    static int null_buffers = 0;
    static int calls = 0;
    IovImpl recording = core_impl();
    recording.name = "recording";
    recording.iov_from_buf_full = [](const struct iovec *iov, unsigned cnt, size_t off, const void *buf,
                                     size_t bytes) {
        ++calls;
        null_buffers += buf == nullptr;
        return iov_from_buf_full(iov, cnt, off, buf, bytes);
    };
    const Program p = program({3, 0, 2}, {Op::from_buf_full(0, 0), Op::from_buf_full(5, 9), Op::from_buf_full(1, 2)});
    CheckResult r = check(recording, p, Mode::Strict, Guards::Canaries);
    ASSERT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(calls, 3);
    EXPECT_EQ(null_buffers, 0);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOVCHECK_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define IOVCHECK_TEST_ASAN 1
#endif

void memset_one_byte_past(IovImpl &t)
{
    t.iov_memset = [](const struct iovec *iov, unsigned cnt, size_t off, int c, size_t bytes) {
        size_t n = iov_memset(iov, cnt, off, c, bytes);
        if (n > 0 && cnt > 0) {
            static_cast<char *>(iov[cnt - 1].iov_base)[iov[cnt - 1].iov_len] = static_cast<char>(c);
        }
        return n;
    };
}

TEST(OracleCatches, MemsetWritingOneBytePast)
{
    const Program p = program({2, 3}, {Op::size(), Op::memset(0, 0x5a, SIZE_MAX)});
    IovImpl faulty = core_impl();
    faulty.name = "faulty";
    memset_one_byte_past(faulty);
#ifdef IOVCHECK_TEST_ASAN
    // The canary is poisoned: the write is reported where it happens.
    EXPECT_DEATH(check(faulty, p, Mode::Strict, Guards::Canaries), "use-after-poison");
#else
    expect_caught(memset_one_byte_past, p, 1,
                  {"memory: first differing byte is canary after seg#1[0]", "actual:   0x5a"});
#endif
    // With guard pages the write faults, in any build, and the report names the page.
    EXPECT_DEATH(check(faulty, p, Mode::Strict, Guards::GuardPages),
                 "implementation \"faulty\" against the model: the call touched guard page after seg#1\\[0\\]");
}

TEST(OracleCatches, ReadPastASegmentThatChangesNothing)
{
    // Loads the word that holds the byte just past seg#0 and keeps only the
    // segment's bytes: every result is right.
    IovImpl faulty = core_impl();
    faulty.name = "faulty";
    faulty.iov_size = [](const struct iovec *iov, unsigned cnt) {
        if (cnt > 0 && iov[0].iov_len > 0) {
            volatile const char *past = static_cast<const char *>(iov[0].iov_base) + iov[0].iov_len;
            (void)*past;
        }
        return iov_size(iov, cnt);
    };
    const Program p = program({5, 3}, {Op::size()});
    EXPECT_TRUE(check(core_impl(), p, Mode::Strict, Guards::GuardPages).ok);
#ifdef IOVCHECK_TEST_ASAN
    EXPECT_DEATH(check(faulty, p, Mode::Strict, Guards::Canaries), "use-after-poison");
#else
    EXPECT_TRUE(check(faulty, p, Mode::Strict, Guards::Canaries).ok) << "the canaries cannot see a read";
#endif
    EXPECT_DEATH(check(faulty, p, Mode::Strict, Guards::GuardPages), "touched guard page after seg#0\\[0\\]");
}

TEST(OracleCatches, ToBufWritingPastTheBuffer)
{
    expect_caught([](IovImpl &t) {
        t.iov_to_buf = [](const struct iovec *iov, unsigned cnt, size_t off, void *buf, size_t bytes) {
            size_t n = iov_to_buf(iov, cnt, off, buf, bytes);
            static_cast<char *>(buf)[n] = 0;
            return n;
        };
    }, program({2, 3}, {Op::to_buf(1, 3)}), 0, {"wrote buf[3], past the 3 bytes"});
}

TEST(OracleCatches, FromBufFastPathIgnoringZeroLengthFirstSegment)
{
    // A wrong inline form: "fast path" into segment 0 without checking its length.
    expect_caught([](IovImpl &t) {
        t.iov_from_buf = [](const struct iovec *iov, unsigned cnt, size_t off, const void *buf, size_t bytes) {
            if (cnt > 1 && iov[0].iov_len == 0) {
                return iov_from_buf_full(iov + 1, cnt - 1, off, buf, bytes > 0 ? bytes - 1 : 0);
            }
            return iov_from_buf_full(iov, cnt, off, buf, bytes);
        };
    }, program({0, 4}, {Op::from_buf(1, 2)}), 0, {"return value"});
}

TEST(OracleCatches, MissingContractCheck)
{
    expect_caught([](IovImpl &t) {
        t.iov_to_buf_full = [](const struct iovec *iov, unsigned cnt, size_t off, void *buf, size_t bytes) {
            size_t total = iov_size(iov, cnt);
            return off > total ? size_t{0} : iov_to_buf_full(iov, cnt, off, buf, bytes);
        };
    }, program({3}, {Op::to_buf_full(1, 1), Op::to_buf_full(4, 1)}), 1,
       {"contract violation", "offset=4 > size=3", "none reported"});
}

TEST(OracleCatches, ContractViolationReportedAfterTouchingMemory)
{
    // Strict mode: the violation unwinds, but memory was already written.
    expect_caught([](IovImpl &t) {
        t.iov_memset = [](const struct iovec *iov, unsigned cnt, size_t off, int c, size_t bytes) {
            if (cnt > 0 && iov[0].iov_len > 0) {
                static_cast<char *>(iov[0].iov_base)[0] = static_cast<char>(c);
            }
            return iov_memset(iov, cnt, off, c, bytes);
        };
    }, program({3, 1}, {Op::memset(5, 0x77, 1)}), 0, {"memory: first differing byte is seg#0[0]"});
}

TEST(OracleCatches, LenientModeWrongNeutralResult)
{
    expect_caught([](IovImpl &t) {
        t.qemu_iovec_compare = [](QEMUIOVector *a, QEMUIOVector *b) -> ssize_t {
            return a->niov != b->niov ? -1 : qemu_iovec_compare(a, b);
        };
    }, program({3, 1}, {Op::qiov_init_external(0, 2), Op::qiov_init_external(1, 1), Op::qiov_compare(0, 1)}), 2,
       {"contract violation"}, Mode::Lenient);
}

TEST(OracleCatches, CopyForgettingTheZeroLengthEdge)
{
    expect_caught([](IovImpl &t) {
        t.iov_copy = [](struct iovec *dst, unsigned dst_cnt, const struct iovec *iov, unsigned cnt, size_t off,
                        size_t bytes) -> unsigned {
            return bytes == 0 ? 0 : iov_copy(dst, dst_cnt, iov, cnt, off, bytes);
        };
    }, program({4}, {Op::copy(2, 0, 0), Op::copy(2, 2, 0)}), 1, {"return value", "expected: 1"});
}

TEST(OracleCatches, UndoRecordNotWritten)
{
    expect_caught([](IovImpl &t) {
        t.iov_discard_front_undoable = [](struct iovec **iov, unsigned *cnt, size_t bytes, IOVDiscardUndo *undo) {
            return iov_discard_front_undoable(iov, cnt, bytes, nullptr) + (undo ? 0 : 0);
        };
    }, program({3, 3}, {Op::discard_front(4, true)}), 0, {"undo record", "modified_iov = &array[1]"});
}

TEST(OracleCatches, DiscardBackModifyingTheEntryBeforeTheArray)
{
    expect_caught([](IovImpl &t) {
        t.iov_discard_back = [](struct iovec *iov, unsigned *cnt, size_t bytes) {
            iov[-1].iov_len = 0;
            return iov_discard_back(iov, cnt, bytes);
        };
    }, program({3, 3}, {Op::discard_back(1, false)}), 0, {"entry before the caller's iovec array"});
}

TEST(OracleCatches, AddGrowingDifferently)
{
    expect_caught([](IovImpl &t) {
        t.qemu_iovec_add = [](QEMUIOVector *q, void *base, size_t len) {
            qemu_iovec_add(q, base, len);
            if (q->nalloc > 0) {
                struct iovec *bigger = static_cast<struct iovec *>(realloc(q->iov, sizeof(struct iovec) * (q->nalloc + 8)));
                q->iov = bigger;
                q->nalloc += 8;
            }
        };
    }, program({3, 3}, {Op::qiov_init(0, 0), Op::qiov_add(0, 0, 0, 3)}), 1, {"vector slot 0", "nalloc 1", "nalloc 9"});
}

TEST(OracleCatches, WrongHexdumpText)
{
    expect_caught([](IovImpl &t) {
        t.iov_hexdump = [](const struct iovec *iov, unsigned cnt, FILE *fp, const char *prefix, size_t limit) {
            iov_hexdump(iov, cnt, fp, prefix, limit > 0 ? limit - 1 : 0);
        };
    }, program({20}, {Op::hexdump(0, 5)}), 0, {"hexdump text", "p: 0000:"});
}

TEST(OracleCatches, SendThatLosesTheLastByte)
{
    expect_caught([](IovImpl &t) {
        t.iov_send_recv = [](int fd, const struct iovec *iov, unsigned cnt, size_t off, size_t bytes, bool send) {
            if (send && bytes > 1) {
                ssize_t r = iov_send_recv(fd, iov, cnt, off, bytes - 1, send);
                return r < 0 ? r : r + 1;
            }
            return iov_send_recv(fd, iov, cnt, off, bytes, send);
        };
    }, program({3, 6}, {Op::send_recv(1, 7, kDoSend, 2, 0)}), 0, {"bytes the peer received", "7 bytes expected, 6 got"});
}

TEST(OracleCatches, ReceiveRetryingEagainForeverIsEndedByTheWatchdog)
{
    expect_caught([](IovImpl &t) {
        t.iov_send_recv = [](int fd, const struct iovec *iov, unsigned cnt, size_t off, size_t bytes, bool send) {
            for (;;) {
                ssize_t r = iov_send_recv(fd, iov, cnt, off, bytes, send);
                if (r >= 0 || errno != EAGAIN) {
                    return r;
                }
            }
        };
    }, program({3, 6}, {Op::send_recv(0, 4, kNonBlocking | kPeerKeepsOpen, 1, 0)}), 0,
       {"did not return within 5 s"}, Mode::Strict, /*also_differential=*/false);
}

}  // namespace
}  // namespace iovcheck
