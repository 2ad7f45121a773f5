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
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <array_ops.h>
#include <vector_ops.h>

namespace iovcheck {

// Bounds normalize() applies so that memory stays small (the fuzz target).
constexpr size_t kMaxSegments = 2048;
constexpr size_t kMaxSegmentLen = 1 << 16;
constexpr size_t kMaxLayoutBytes = 1 << 20;
constexpr size_t kMaxVectorEntries = 1 << 14;  // ops growing a vector past this are skipped

struct Layout {
    std::vector<size_t> seg_len;  // one iovec entry per segment, in order
    // false: every segment lives in its own region with canaries before
    // and after.  true: segments are windows of one arena (canaries around
    // it) at arena_offset[i], so they may alias and overlap.
    bool shared_arena = false;
    size_t arena_size = 0;
    std::vector<size_t> arena_offset;
    // Initial bytes, made from fill_seed the way `fill` says.  A stored
    // program keeps its meaning: a new kind of fill goes last.
    enum class Fill : uint8_t {
        // 0 means all zero; otherwise pseudo-random (odd seeds: three bytes
        // in four are zero, for is_zero; even seeds: dense, so that
        // misplaced bytes show).
        Seeded,
        // Zero but for one byte in 2^(3 + seed % 8) 8-byte words, at any
        // offset: long zero runs with lone non-zero bytes, which a reader
        // of data (is_zero above all) finds only by looking at every byte.
        Sparse,
    };
    Fill fill = Fill::Seeded;
    uint32_t fill_seed = 2;
};

// The operations: one record each in oracle/ops/ (struct ops::<Name>: what
// its arguments mean, its preconditions, how it prints), listed here in the
// order that makes their OpKind.  The fuzz format's opcode tables name the
// kinds, so the order is frozen: a new operation goes last.
#define IOVCHECK_OPERATIONS(X)                                                                        \
    X(FromBufFull) X(ToBufFull) X(FromBuf) X(ToBuf) X(Memset) X(Size) X(Copy) X(Hexdump) X(SendRecv) \
    X(DiscardFront) X(DiscardBack) X(DiscardUndo)                                                     \
    X(QInit) X(QInitExternal) X(QInitBuf) X(QInitBufMacro) X(QBuf) X(QAdd) X(QConcatIov) X(QConcat)  \
    X(QSubvecNiov) X(QInitExtended) X(QInitSlice) X(QIsZero) X(QToBuf) X(QFromBuf) X(QMemset)         \
    X(QCompare) X(QClone) X(QReset) X(QDestroy) X(QDiscardBack)                                      \
    X(QSlice)

enum class OpKind : uint8_t {
#define IOVCHECK_OP_ENUMERATOR(name) name,
    IOVCHECK_OPERATIONS(IOVCHECK_OP_ENUMERATOR)
#undef IOVCHECK_OP_ENUMERATOR
    Count
};
constexpr unsigned kOpKinds = static_cast<unsigned>(OpKind::Count);

// The records, in OpKind order.
#define IOVCHECK_OP_RECORD_TUPLE(name) std::tuple<ops::name>{},
using OpRecords = decltype(std::tuple_cat(IOVCHECK_OPERATIONS(IOVCHECK_OP_RECORD_TUPLE) std::tuple<>{}));
#undef IOVCHECK_OP_RECORD_TUPLE

// "QAdd" for OpKind::QAdd (and ops::QAdd).
inline constexpr const char *kOpKindNames[] = {
#define IOVCHECK_OP_KIND_NAME(name) #name,
    IOVCHECK_OPERATIONS(IOVCHECK_OP_KIND_NAME)
#undef IOVCHECK_OP_KIND_NAME
};

namespace detail {
template <typename Record, size_t I = 0>
constexpr OpKind kind_of()
{
    static_assert(I < kOpKinds, "not an operation record of OpRecords");
    if constexpr (std::is_same_v<Record, std::tuple_element_t<I, OpRecords>>) {
        return static_cast<OpKind>(I);
    } else {
        return kind_of<Record, I + 1>();
    }
}
}  // namespace detail

// The OpKind of an operation record.
template <typename Record>
inline constexpr OpKind kind_of = detail::kind_of<Record>();

template <OpKind K>
using RecordOf = std::tuple_element_t<static_cast<size_t>(K), OpRecords>;

namespace detail {
template <typename Tuple>
struct VariantOf;
template <typename... Records>
struct VariantOf<std::tuple<Records...>> {
    using type = std::variant<Records...>;
    template <typename R>
    static constexpr bool is_record = (std::is_same_v<R, Records> || ...);
};
}  // namespace detail

// One operation of a program: exactly one record, read by name.  It is a
// std::variant of the records, so visit() with a set of cases that lacks
// one record does not compile.
struct Op {
    using Variant = detail::VariantOf<OpRecords>::type;
    Variant record = ops::Size{};

    Op() = default;
    // The op of a record, e.g. Op(ops::QAdd{.slot = {1}, .len = {4}}) or
    // Op::of(...), or a record where an Op is expected.
    template <typename R>
        requires detail::VariantOf<OpRecords>::is_record<std::remove_cvref_t<R>>
    Op(R &&r) : record(std::forward<R>(r))
    {
    }
    template <typename R>
    static Op of(R &&r)
    {
        return Op(std::forward<R>(r));
    }
    // The op of `kind` with every argument 0, for a driver that fills the
    // record of a kind it chose (a kind out of range counts as the first).
    static Op of_kind(OpKind kind);

    OpKind kind() const { return static_cast<OpKind>(record.index()); }

    // This op's record (its kind must be K, else std::bad_variant_access).
    template <OpKind K>
    const RecordOf<K> &as() const &
    {
        return std::get<static_cast<size_t>(K)>(record);
    }
    template <OpKind K>
    RecordOf<K> as() &&
    {
        return std::get<static_cast<size_t>(K)>(std::move(record));
    }

    static Op from_buf_full(uint64_t offset, uint64_t bytes) { return of(ops::FromBufFull{{offset}, {bytes}}); }
    static Op to_buf_full(uint64_t offset, uint64_t bytes) { return of(ops::ToBufFull{{offset}, {bytes}}); }
    static Op from_buf(uint64_t offset, uint64_t bytes) { return of(ops::FromBuf{{offset}, {bytes}}); }
    static Op to_buf(uint64_t offset, uint64_t bytes) { return of(ops::ToBuf{{offset}, {bytes}}); }
    static Op memset(uint64_t offset, uint64_t fillc, uint64_t bytes) { return of(ops::Memset{{offset}, {fillc}, {bytes}}); }
    static Op size() { return of(ops::Size{}); }
    static Op copy(uint64_t dst_cnt, uint64_t offset, uint64_t bytes) { return of(ops::Copy{{dst_cnt}, {offset}, {bytes}}); }
    static Op hexdump(uint64_t prefix, uint64_t limit) { return of(ops::Hexdump{{prefix}, {limit}}); }
    static Op send_recv(uint64_t offset, uint64_t bytes, uint64_t flags, uint64_t chunk, uint64_t peer_bytes)
    {
        ops::SendRecv r{};
        r.offset.v = offset;
        r.bytes.v = bytes;
        r.flags.v = flags;
        r.peer_chunk.v = chunk;
        r.peer_bytes.v = peer_bytes;
        return of(r);
    }
    static Op discard_front(uint64_t bytes, bool undo) { return of(ops::DiscardFront{{bytes}, {undo}}); }
    static Op discard_back(uint64_t bytes, bool undo) { return of(ops::DiscardBack{{bytes}, {undo}}); }
    static Op discard_undo() { return of(ops::DiscardUndo{}); }
    static Op qiov_init(uint64_t slot, uint64_t hint) { return of(ops::QInit{{slot}, {hint}}); }
    static Op qiov_init_external(uint64_t slot, uint64_t niov) { return of(ops::QInitExternal{{slot}, {niov}}); }
    static Op qiov_init_buf(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len)
    {
        return of(ops::QInitBuf{{slot}, {seg}, {off}, {len}});
    }
    static Op qiov_init_buf_macro(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len)
    {
        return of(ops::QInitBufMacro{{slot}, {seg}, {off}, {len}});
    }
    static Op qiov_buf(uint64_t slot) { return of(ops::QBuf{{slot}}); }
    static Op qiov_add(uint64_t slot, uint64_t seg, uint64_t off, uint64_t len)
    {
        return of(ops::QAdd{{slot}, {seg}, {off}, {len}});
    }
    static Op qiov_concat_iov(uint64_t dst, uint64_t soff, uint64_t sbytes)
    {
        return of(ops::QConcatIov{{dst}, {soff}, {sbytes}});
    }
    static Op qiov_concat(uint64_t dst, uint64_t src, uint64_t soff, uint64_t sbytes)
    {
        return of(ops::QConcat{{dst}, {src}, {soff}, {sbytes}});
    }
    static Op qiov_subvec_niov(uint64_t slot, uint64_t off, uint64_t len) { return of(ops::QSubvecNiov{{slot}, {off}, {len}}); }
    static Op qiov_init_extended(uint64_t slot, uint64_t hlen, uint64_t mid, uint64_t moff, uint64_t mlen, uint64_t tlen)
    {
        return of(ops::QInitExtended{{slot}, {hlen}, {mid}, {moff}, {mlen}, {tlen}});
    }
    static Op qiov_init_slice(uint64_t slot, uint64_t src, uint64_t off, uint64_t len)
    {
        return of(ops::QInitSlice{{slot}, {src}, {off}, {len}});
    }
    static Op qiov_is_zero(uint64_t slot, uint64_t off, uint64_t bytes) { return of(ops::QIsZero{{slot}, {off}, {bytes}}); }
    static Op qiov_to_buf(uint64_t slot, uint64_t off, uint64_t bytes) { return of(ops::QToBuf{{slot}, {off}, {bytes}}); }
    static Op qiov_from_buf(uint64_t slot, uint64_t off, uint64_t bytes) { return of(ops::QFromBuf{{slot}, {off}, {bytes}}); }
    static Op qiov_memset(uint64_t slot, uint64_t off, uint64_t fillc, uint64_t bytes)
    {
        return of(ops::QMemset{{slot}, {off}, {fillc}, {bytes}});
    }
    static Op qiov_compare(uint64_t a, uint64_t b) { return of(ops::QCompare{{a}, {b}}); }
    static Op qiov_clone(uint64_t dst, uint64_t src) { return of(ops::QClone{{dst}, {src}}); }
    static Op qiov_reset(uint64_t slot) { return of(ops::QReset{{slot}}); }
    static Op qiov_destroy(uint64_t slot) { return of(ops::QDestroy{{slot}}); }
    static Op qiov_discard_back(uint64_t slot, uint64_t bytes) { return of(ops::QDiscardBack{{slot}, {bytes}}); }

    bool operator==(const Op &) const = default;
};

// The OpKind of an op (the fuzz format's opcode tables, conformance's rows).
inline OpKind kind(const Op &op) { return op.kind(); }

// Calls f with the op's record.  `f` is an overload set with one case per
// record and no catch-all (or a generic lambda), so that a driver lacking a
// new operation does not compile.
template <typename F>
decltype(auto) visit(const Op &op, F &&f)
{
    return std::visit(std::forward<F>(f), op.record);
}
template <typename F>
decltype(auto) visit(Op &op, F &&f)
{
    return std::visit(std::forward<F>(f), op.record);
}

inline Op Op::of_kind(OpKind kind)
{
    return [&]<size_t... I>(std::index_sequence<I...>) {
        static constexpr Op (*make[])() = {[] { return Op(std::tuple_element_t<I, OpRecords>{}); }...};
        return make[static_cast<size_t>(kind) < kOpKinds ? static_cast<size_t>(kind) : 0]();
    }(std::make_index_sequence<kOpKinds>{});
}

// An overload set of lambdas, for visit().
template <typename... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

struct Program {
    Layout layout;
    std::vector<Op> ops;
};

// The op's API name ("iov_from_buf_full", "qemu_iovec_add", ...) and the
// number of arguments its record has.
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
