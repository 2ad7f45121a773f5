// The oracle: runs a Program on an implementation and on the model, call
// by call, and compares everything observable (see oracle.h).
//
// Addresses: every byte the program can reach lives in one "guarded space"
// (segments or the arena, the head/tail side buffer, the clone buffer, each
// followed by canary bytes).  The model works on the same addresses, as
// offsets into that space, so memory, iovec entries and vector entries of
// the implementation and of the model compare as plain numbers.
#include <iovcheck/oracle.h>
#include <iovcheck/model.h>

#include "socket_peer.h"

#include <algorithm>
#include <array>
#include <bit>
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <mutex>
#include <sstream>
#include <type_traits>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOVCHECK_ORACLE_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define IOVCHECK_ORACLE_ASAN 1
#endif
#ifdef IOVCHECK_ORACLE_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace iovcheck {

static_assert(model::kIovMax == IOV_MAX, "model and header disagree on IOV_MAX");

namespace {

using model::Seg;

constexpr size_t kGuard = 16;  // canary bytes after every region (and before the first)
constexpr size_t kMaxStreamBytes = size_t{1} << 20;  // vectors growing past this: skipped
constexpr int kSocketTimeoutSeconds = 2;  // every socket wait of the call
constexpr int kCallDeadlineSeconds = 5;    // one iov_send_recv call, end to end

#ifdef IOVCHECK_ORACLE_ASAN
constexpr bool kPoisonZeroLengthBases = true;
void poison(void *p, size_t n) { ASAN_POISON_MEMORY_REGION(p, n); }
void unpoison(void *p, size_t n) { ASAN_UNPOISON_MEMORY_REGION(p, n); }
#else
constexpr bool kPoisonZeroLengthBases = false;
void poison(void *, size_t) {}
void unpoison(void *, size_t) {}
#endif

// ---- Guarded space --------------------------------------------------------------------

enum class RegionKind {
    Data,
    Canary,          // the canary after a region (or, index -2, before everything)
    ZeroLengthBase,  // where a zero-length segment points (poisoned under ASan)
};

struct Region {
    size_t begin, end;
    const char *name;  // "seg#" + index, or the name itself
    long index;        // -1: none
    RegionKind kind;
};

// Where everything lives; addresses are offsets into the space.
struct Space {
    size_t total = 0;
    // Bytes [0, compared) are compared after every call; the rest are the
    // zero-length segments' bases, poisoned under ASan so that any access
    // through them is reported where it happens.
    size_t compared = 0;
    std::vector<size_t> seg_base;
    size_t side_base = 0;
    size_t spare_base = 0, spare_len = 0;
    std::vector<Region> regions;
    std::vector<uint8_t> initial;  // the bytes before the first call

    std::string where(uintptr_t addr) const
    {
        for (const Region &r : regions) {
            // A zero-length region is named by its start too.
            if ((addr >= r.begin && addr < r.end) || (addr == r.begin && r.begin == r.end)) {
                std::string name = r.name;
                if (r.index >= 0) {
                    name += std::to_string(r.index);
                }
                if (r.kind == RegionKind::Canary) {
                    name = r.index == -2 ? "canary before everything" : "canary after " + name;
                }
                if (r.kind == RegionKind::ZeroLengthBase) {
                    return name + " (zero-length: its base is never to be dereferenced)";
                }
                return name + "[" + std::to_string(addr - r.begin) + "]";
            }
        }
        if (addr == total) {
            return "end of guarded memory";
        }
        std::ostringstream out;
        out << "outside guarded memory (offset " << static_cast<intptr_t>(addr) << ")";
        return out.str();
    }
    std::string seg_text(const Seg &s) const
    {
        return "{" + where(s.base) + ", len " + std::to_string(s.len) + "}";
    }
};

uint8_t canary_byte(size_t addr) { return static_cast<uint8_t>(0x81 | ((addr * 37) & 0x7e)); }

// bytes[a] = canary_byte(a) for a in [begin, end).  canary_byte repeats
// every 128 addresses, so whole runs are copied from one table (a byte at a
// time this was most of make_space's loop over regions).
void fill_canaries(uint8_t *bytes, size_t begin, size_t end)
{
    static const std::array<uint8_t, 256> table = [] {
        std::array<uint8_t, 256> t{};
        for (size_t a = 0; a < t.size(); a++) {
            t[a] = canary_byte(a);
        }
        return t;
    }();
    for (size_t a = begin; a < end;) {
        const size_t n = std::min<size_t>(end - a, 128);
        std::memcpy(bytes + a, table.data() + a % 128, n);
        a += n;
    }
}

uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

// The initial byte of every address of `bytes`, as if all were data: one
// hash gives the 8 bytes of an aligned 8-byte word (hashing every byte was
// most of make_space).  Odd seeds keep only the bytes whose two low bits
// are zero, so about three bytes in four are zero.
void fill_data(std::vector<uint8_t> &bytes, uint32_t seed)
{
    if (seed == 0) {
        std::fill(bytes.begin(), bytes.end(), 0);
        return;
    }
    constexpr uint64_t kLowByteBits = 0x0101010101010101ull;
    for (size_t word_start = 0; word_start < bytes.size(); word_start += 8) {
        uint64_t word = mix((uint64_t{seed} << 32) ^ (word_start / 8));
        if (seed & 1) {
            // 1 in each byte whose two low bits are not both zero ...
            const uint64_t nonzero_low = (word | (word >> 1)) & kLowByteBits;
            word &= ~(nonzero_low * 0xff);  // ... and that byte cleared
        }
        const size_t n = std::min<size_t>(8, bytes.size() - word_start);
        if (std::endian::native == std::endian::little && n == 8) {
            std::memcpy(bytes.data() + word_start, &word, 8);  // the loop below, in one store
        } else {
            for (size_t k = 0; k < n; k++) {
                bytes[word_start + k] = static_cast<uint8_t>(word >> (8 * k));
            }
        }
    }
}

// The bytes a from_buf source buffer holds, and a socket peer sends.
uint8_t pattern_byte(size_t op_index, size_t i) { return static_cast<uint8_t>(i * 131 + op_index * 17 + 1); }

Space make_space(const Layout &l)
{
    Space s;
    size_t pos = kGuard;
    auto add = [&](const char *name, long index, size_t len) {
        s.regions.push_back({pos, pos + len, name, index, RegionKind::Data});
        const size_t base = pos;
        pos += len;
        s.regions.push_back({pos, pos + kGuard, name, index, RegionKind::Canary});
        pos += kGuard;
        return base;
    };
    s.regions.reserve(2 * l.seg_len.size() + 8);
    s.regions.push_back({0, kGuard, "", -2, RegionKind::Canary});
    size_t data_bytes = 0;
    if (l.shared_arena) {
        const size_t arena = add("arena", -1, l.arena_size);
        for (size_t off : l.arena_offset) {
            s.seg_base.push_back(arena + off);
        }
        data_bytes = l.arena_size;
    } else {
        s.seg_base.resize(l.seg_len.size());
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            if (l.seg_len[i] > 0) {
                s.seg_base[i] = add("seg#", static_cast<long>(i), l.seg_len[i]);
                data_bytes += l.seg_len[i];
            }
        }
    }
    s.side_base = add("head/tail buffer", -1, kSideLen);
    s.spare_len = data_bytes + kSideLen;
    s.spare_base = add("clone buffer", -1, s.spare_len);
    s.compared = pos;
    if (!l.shared_arena) {
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            if (l.seg_len[i] == 0) {
                s.regions.push_back({pos, pos + 1, "seg#", static_cast<long>(i), RegionKind::ZeroLengthBase});
                s.seg_base[i] = pos++;
            }
        }
    }
    s.total = pos;
    s.initial.resize(s.total);
    fill_data(s.initial, l.fill_seed);
    for (const Region &r : s.regions) {
        if (r.kind != RegionKind::Data) {
            fill_canaries(s.initial.data(), r.begin, r.end);
        }
    }
    return s;
}

// ---- What one call showed -----------------------------------------------------------

struct Observed {
    bool skipped = false;
    std::string skip_reason;
    bool violation = false;
    std::string violation_text;
    bool has_ret = false;
    long long ret = 0, ret_min = 0;  // the model may allow a range [ret_min, ret]
    bool has_errno = false;
    int err = 0;
    bool has_data = false;
    const char *data_label = "";
    std::vector<uint8_t> data;  // bytes read, received by the peer, or hexdump text
    bool has_entries = false;
    model::Iov entries;  // iov_copy's destination entries
    bool has_undo = false;
    model::Undo undo;
    std::string damage;  // the implementation wrote outside what it was given
};

// Where a vector's `iov` points.
enum class ArrayLocation { Heap, LocalIov, CallerArray, Unexpected };

const char *location_name(ArrayLocation l)
{
    switch (l) {
    case ArrayLocation::Heap: return "its own heap array";
    case ArrayLocation::LocalIov: return "its local_iov";
    case ArrayLocation::CallerArray: return "the caller's array";
    case ArrayLocation::Unexpected: return "an unexpected array";
    }
    return "?";
}

// The state both worlds expose after each call, in model terms (views of
// the world's own data: nothing is copied).
struct State {
    const uint8_t *memory = nullptr;
    const model::View *view = nullptr;
    std::array<const model::Vector *, kSlots> slots{};
    std::array<ArrayLocation, kSlots> locations{};
};

// ---- The model's world ---------------------------------------------------------------

struct SavedView {
    size_t start;
    unsigned cnt;
};

struct ModelWorld {
    const Space &space;
    model::Memory mem;
    model::View view;
    std::vector<std::pair<model::Undo, SavedView>> undo_stack;
    std::array<model::Vector, kSlots> slots{};

    ModelWorld(const Space &s, const Layout &l) : space(s)
    {
        mem.bytes() = s.initial;
        view.array.resize(l.seg_len.size());
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            view.array[i] = {s.seg_base[i], l.seg_len[i]};
        }
        view.cnt = static_cast<unsigned>(view.array.size());
    }

    State state() const
    {
        State st;
        st.memory = mem.bytes().data();
        st.view = &view;
        for (unsigned i = 0; i < kSlots; i++) {
            st.slots[i] = &slots[i];
            st.locations[i] = slots[i].kind == model::Vector::Kind::Owned      ? ArrayLocation::Heap
                              : slots[i].kind == model::Vector::Kind::Embedded ? ArrayLocation::LocalIov
                                                                                : ArrayLocation::CallerArray;
        }
        return st;
    }
};

Seg seg_range(const Space &space, const Layout &l, const Op &op)
{
    if (l.seg_len.empty()) {
        return {space.side_base, 0};
    }
    return {space.seg_base[op.a[1]] + op.a[2], op.a[3]};
}

std::vector<uint8_t> pattern(size_t op_index, size_t n)
{
    std::vector<uint8_t> bytes(n);
    for (size_t i = 0; i < n; i++) {
        bytes[i] = pattern_byte(op_index, i);
    }
    return bytes;
}

// The model's verdict on a call; its reason is moved (the caller is done with it).
template <class Outcome>
void take(Observed &o, Outcome &&r)
{
    o.violation = r.violation;
    o.violation_text = std::move(r.why);
}

bool is_init(OpKind k)
{
    return k == OpKind::QInit || k == OpKind::QInitExternal || k == OpKind::QInitBuf ||
           k == OpKind::QInitBufMacro || k == OpKind::QInitExtended || k == OpKind::QInitSlice;
}

bool grows_vector(OpKind k)
{
    return k == OpKind::QAdd || k == OpKind::QConcatIov || k == OpKind::QConcat || k == OpKind::QClone;
}

// The peer of a SendRecv op, as the model sees it.
model::Peer peer_of(const Op &op, size_t op_index)
{
    model::Peer peer;
    peer.nonblocking = op.a[2] & kNonBlocking;
    peer.shuts_down = !(op.a[2] & kPeerKeepsOpen);
    if (!(op.a[2] & kDoSend)) {
        peer.sends = pattern(op_index, op.a[4]);
    }
    return peer;
}

// Runs one call on the model.  Also the plan of the real run: which calls
// are skipped, and how large the buffers are.
Observed model_step(ModelWorld &w, const Layout &l, const Op &op, size_t op_index)
{
    Observed o;
    const auto &a = op.a;
    model::Memory &mem = w.mem;
    // The caller's current iovec, in place (no call below changes the view's array).
    const model::IovView iov = w.view.span();
    auto set_ret = [&](long long v) {
        o.has_ret = true;
        o.ret = o.ret_min = v;
    };
    auto set_data = [&](const char *label, std::vector<uint8_t> bytes) {
        o.has_data = true;
        o.data_label = label;
        o.data = std::move(bytes);
    };
    model::Vector *q = op.kind >= OpKind::QInit ? &w.slots[a[0]] : nullptr;
    if (q && is_init(op.kind) && q->kind == model::Vector::Kind::Owned) {
        model::qiov_destroy(*q);  // the oracle frees an owned array before re-initialising
    }
    // A growing op only appends entries (or changes nothing), so the slot
    // before it is its first niov entries with its old nalloc and size.
    const size_t niov_before = q ? q->entries.size() : 0;
    const int nalloc_before = q ? q->nalloc : 0;
    const size_t size_before = q ? q->size : 0;

    auto from_buf = [&](model::IovView v, size_t off, size_t bytes) {
        const size_t sz = model::size(v);
        const size_t n = off <= sz ? std::min(bytes, sz - off) : 0;
        const std::vector<uint8_t> src = pattern(op_index, n);
        auto r = model::from_buf(mem, v, off, src.data(), bytes);
        take(o, r);
        set_ret(static_cast<long long>(r.value));
    };
    auto to_buf = [&](model::IovView v, size_t off, size_t bytes) {
        auto r = model::to_buf(mem, v, off, bytes);
        take(o, r);
        set_ret(static_cast<long long>(r.value.size()));
        set_data("bytes read into buf", std::move(r.value));
    };

    switch (op.kind) {
    case OpKind::FromBufFull:
    case OpKind::FromBuf: from_buf(iov, a[0], a[1]); break;
    case OpKind::ToBufFull:
    case OpKind::ToBuf: to_buf(iov, a[0], a[1]); break;
    case OpKind::Memset: {
        auto r = model::memset(mem, iov, a[0], static_cast<int>(a[1]), a[2]);
        take(o, r);
        set_ret(static_cast<long long>(r.value));
        break;
    }
    case OpKind::Size: set_ret(static_cast<long long>(model::size(iov))); break;
    case OpKind::Copy: {
        auto r = model::copy(iov, static_cast<unsigned>(a[0]), a[1], a[2]);
        take(o, r);
        set_ret(static_cast<long long>(r.value.size()));
        o.has_entries = true;
        o.entries = std::move(r.value);
        break;
    }
    case OpKind::Hexdump: {
        const std::string text = model::hexdump(mem, iov, kHexdumpPrefixes[a[0]], a[1]);
        set_data("hexdump text", std::vector<uint8_t>(text.begin(), text.end()));
        break;
    }
    case OpKind::SendRecv: {
        const bool do_send = a[2] & kDoSend;
        auto r = model::send_recv(mem, iov, a[0], a[1], do_send, peer_of(op, op_index));
        take(o, r);
        o.has_ret = true;
        o.ret = r.value.ret;
        o.ret_min = r.value.ret_min;
        o.has_errno = r.value.ret == -1;
        o.err = r.value.err;
        if (do_send && !r.violation) {
            set_data("bytes the peer received", std::move(r.value.to_peer));
        }
        break;
    }
    case OpKind::DiscardFront:
    case OpKind::DiscardBack: {
        const SavedView before{w.view.start, w.view.cnt};
        model::Undo undo;
        model::Undo *record = a[1] ? &undo : nullptr;
        const size_t removed = op.kind == OpKind::DiscardFront
                                   ? model::discard_front(w.view, a[0], record)
                                   : model::discard_back(w.view, a[0], record);
        set_ret(static_cast<long long>(removed));
        if (record) {
            o.has_undo = true;
            o.undo = undo;
            w.undo_stack.push_back({undo, before});
        }
        break;
    }
    case OpKind::DiscardUndo:
        if (w.undo_stack.empty()) {
            o.skipped = true;
            o.skip_reason = "no undoable discard to undo";
            break;
        }
        model::discard_undo(w.view, w.undo_stack.back().first);
        w.view.start = w.undo_stack.back().second.start;
        w.view.cnt = w.undo_stack.back().second.cnt;
        w.undo_stack.pop_back();
        break;
    case OpKind::QInit: take(o, model::qiov_init(*q, static_cast<int>(a[1]))); break;
    case OpKind::QInitExternal:
        take(o, model::qiov_init_external(*q, w.view.array, static_cast<int>(a[1])));
        break;
    case OpKind::QInitBuf:
    case OpKind::QInitBufMacro: model::qiov_init_buf(*q, seg_range(w.space, l, op)); break;
    case OpKind::QBuf: {
        auto r = model::qiov_buf(*q);
        take(o, r);
        set_ret(static_cast<long long>(r.value));
        break;
    }
    case OpKind::QAdd: take(o, model::qiov_add(*q, seg_range(w.space, l, op))); break;
    case OpKind::QConcatIov: {
        auto r = model::qiov_concat_iov(*q, iov, a[1], a[2]);
        take(o, r);
        set_ret(static_cast<long long>(r.value));
        break;
    }
    case OpKind::QConcat: take(o, model::qiov_concat(*q, w.slots[a[1]], a[2], a[3])); break;
    case OpKind::QSubvecNiov: {
        auto r = model::qiov_subvec_niov(*q, a[1], a[2]);
        take(o, r);
        set_ret(r.value);
        break;
    }
    case OpKind::QInitExtended: {
        auto r = model::qiov_init_extended(*q, w.space.side_base, a[1], w.slots[a[2]], a[3], a[4],
                                           w.space.side_base, a[5]);
        take(o, r);
        set_ret(r.value);
        break;
    }
    case OpKind::QInitSlice: take(o, model::qiov_init_slice(*q, w.slots[a[1]], a[2], a[3])); break;
    case OpKind::QIsZero: {
        auto r = model::qiov_is_zero(mem, *q, a[1], a[2]);
        take(o, r);
        set_ret(r.value);
        break;
    }
    case OpKind::QToBuf: to_buf(q->entries, a[1], a[2]); break;
    case OpKind::QFromBuf: from_buf(q->entries, a[1], a[2]); break;
    case OpKind::QMemset: {
        auto r = model::memset(mem, q->entries, a[1], static_cast<int>(a[2]), a[3]);
        take(o, r);
        set_ret(static_cast<long long>(r.value));
        break;
    }
    case OpKind::QCompare: {
        auto r = model::qiov_compare(mem, *q, w.slots[a[1]]);
        take(o, r);
        set_ret(r.value);
        break;
    }
    case OpKind::QClone: {
        const size_t needed = model::clone_union_size(w.slots[a[1]]);
        if (needed > w.space.spare_len) {
            o.skipped = true;
            o.skip_reason = "the clone needs " + std::to_string(needed) + " bytes, the clone buffer has " +
                            std::to_string(w.space.spare_len);
            break;
        }
        take(o, model::qiov_clone(*q, w.slots[a[1]], w.space.spare_base));
        break;
    }
    case OpKind::QReset: take(o, model::qiov_reset(*q)); break;
    case OpKind::QDestroy: model::qiov_destroy(*q); break;
    case OpKind::QDiscardBack: take(o, model::qiov_discard_back(*q, a[1])); break;
    case OpKind::Count: break;
    }
    if (grows_vector(op.kind) && (q->entries.size() > kMaxVectorEntries || q->size > kMaxStreamBytes)) {
        q->entries.resize(niov_before);
        q->nalloc = nalloc_before;
        q->size = size_before;
        o = Observed{};
        o.skipped = true;
        o.skip_reason = "the vector would grow past the oracle's bounds";
    }
    return o;
}

// ---- Contract handlers ----------------------------------------------------------------

struct HandlerLog {
    int calls = 0;
    // "function: message" of the first report, in place: the strict handler
    // runs on most calls of a fuzz input and should not allocate.
    char first[320] = "";
};
thread_local HandlerLog handler_log;

void note_violation(const char *function, const char *message)
{
    if (handler_log.calls++ == 0) {
        snprintf(handler_log.first, sizeof handler_log.first, "%s: %s", function ? function : "?",
                 message ? message : "");
    }
}

// Strict mode leaves the implementation from inside its contract handler
// with longjmp, back to call_unwinding().  A C++ exception did the same at
// about 30,000 instructions per violation (two unwinding passes over every
// frame, a fifth of fuzz_ops' time; fuzz inputs violate contracts on most
// programs); longjmp costs a few dozen and needs no -fexceptions in C
// sources.  It is safe because the frames it skips hold nothing to destroy:
// the oracle's call lambdas only capture references, and an implementation
// reports a violation before it acquires anything (SPEC.md: "before any
// memory is touched"; core/ checks first, C code has no destructors).
thread_local jmp_buf *strict_return_point = nullptr;

extern "C" void iovcheck_strict_handler(const char *function, const char *message)
{
    note_violation(function, message);
    if (strict_return_point) {
        longjmp(*strict_return_point, 1);
    }
    // A strict handler must not return; a violation outside a checked call
    // is the oracle's own mistake.
    std::fprintf(stderr, "iovcheck oracle: contract violation outside a checked call: %s\n", handler_log.first);
    std::abort();
}

// Runs call(context); returns when it returns or when the strict handler
// left it.  Not inlined, and nothing of its own changes after setjmp, so no
// local is left indeterminate by longjmp.
[[gnu::noinline]] void call_unwinding(void (*call)(void *), void *context)
{
    jmp_buf return_point;
    jmp_buf *const outer = strict_return_point;
    strict_return_point = &return_point;
    if (setjmp(return_point) == 0) {
        call(context);
    }
    strict_return_point = outer;
}

extern "C" void iovcheck_lenient_handler(const char *function, const char *message)
{
    note_violation(function, message);
}

// Installs the mode's handler in `impl` for the lifetime of the object.
class HandlerScope {
public:
    HandlerScope(const IovImpl &impl, Mode mode) : impl_(impl)
    {
        previous_ = impl.set_contract_handler(mode == Mode::Strict ? iovcheck_strict_handler
                                                                   : iovcheck_lenient_handler);
    }
    ~HandlerScope() { impl_.set_contract_handler(previous_); }
    HandlerScope(const HandlerScope &) = delete;
    HandlerScope &operator=(const HandlerScope &) = delete;

private:
    const IovImpl &impl_;
    iov_contract_handler previous_;
};

// ---- The implementation's world ------------------------------------------------------

const struct iovec kGuardEntry = {reinterpret_cast<void *>(uintptr_t{0x5eadbeef}), 0xfeedfacecafef00dull};

bool same_entry(const struct iovec &x, const struct iovec &y)
{
    return x.iov_base == y.iov_base && x.iov_len == y.iov_len;
}

struct RealWorld {
    const IovImpl &impl;
    const Space &space;
    const Layout &layout;
    std::vector<uint8_t> host;
    std::vector<struct iovec> array;  // guard entry, the caller's entries, guard entry
    struct iovec *view_iov = nullptr;
    unsigned view_cnt = 0;
    std::vector<std::pair<IOVDiscardUndo, std::pair<struct iovec *, unsigned>>> undo_stack;
    QEMUIOVector slots[kSlots];
    // Kept until the end (moving the outer vector keeps the inner arrays in place).
    std::vector<std::vector<struct iovec>> external_arrays;
    struct iovec *external_of[kSlots] = {};
    model::View seen_view;  // state() buffers
    std::array<model::Vector, kSlots> seen_slots;
    // The raw entries behind seen_view.array and each seen_slots[s].entries,
    // as last translated: most calls change few entries or none, so state()
    // re-translates only entries that differ from these.
    std::vector<struct iovec> translated_view;
    std::array<std::vector<struct iovec>, kSlots> translated_slots;

    RealWorld(const IovImpl &i, const Space &s, const Layout &l)
        : impl(i), space(s), layout(l), host(s.initial)
    {
        array.assign(l.seg_len.size() + 2, kGuardEntry);  // the guards stay at both ends
        for (size_t k = 0; k < l.seg_len.size(); k++) {
            entries()[k] = {at(s.seg_base[k]), l.seg_len[k]};
        }
        view_iov = entries();
        view_cnt = static_cast<unsigned>(l.seg_len.size());
        std::memset(slots, 0, sizeof slots);
        poison(at(s.compared), s.total - s.compared);
    }
    ~RealWorld()
    {
        unpoison(at(space.compared), space.total - space.compared);
        HandlerScope quiet(impl, Mode::Lenient);
        for (QEMUIOVector &q : slots) {
            if (q.nalloc != -1) {
                impl.qemu_iovec_destroy(&q);
            }
        }
    }
    RealWorld(const RealWorld &) = delete;
    RealWorld &operator=(const RealWorld &) = delete;

    struct iovec *entries() { return array.data() + 1; }
    void *at(uintptr_t addr) { return host.data() + addr; }
    uintptr_t addr_of(const void *p) const
    {
        return reinterpret_cast<uintptr_t>(p) - reinterpret_cast<uintptr_t>(host.data());
    }
    Seg seg_of(const struct iovec &e) const { return {addr_of(e.iov_base), e.iov_len}; }
    long index_in_array(const struct iovec *p)
    {
        if (!p) {
            return -1;
        }
        auto diff = static_cast<intptr_t>(reinterpret_cast<uintptr_t>(p) -
                                          reinterpret_cast<uintptr_t>(entries()));
        return static_cast<long>(diff / static_cast<intptr_t>(sizeof(struct iovec)));
    }

    // segs = the model terms of raw[0, n), given that segs already
    // translates `translated` (updated to raw): only the entries that
    // differ are translated again.
    void translate(const struct iovec *raw, size_t n, std::vector<struct iovec> &translated, model::Iov &segs) const
    {
        if (translated.size() != n) {
            // Every translated entry and its Seg correspond, from here on.
            translated.assign(n, kGuardEntry);
            segs.assign(n, seg_of(kGuardEntry));
        }
        if (n == 0 || std::memcmp(translated.data(), raw, n * sizeof(struct iovec)) == 0) {
            return;  // (n == 0: memcmp must not see the empty vector's null data())
        }
        for (size_t k = 0; k < n; k++) {
            if (!same_entry(translated[k], raw[k])) {
                translated[k] = raw[k];
                segs[k] = seg_of(raw[k]);
            }
        }
    }

    // The state in model terms, rebuilt after every call into buffers that
    // keep their capacity (the fuzz targets run this per call).
    State state()
    {
        State st;
        st.memory = host.data();
        translate(entries(), array.size() - 2, translated_view, seen_view.array);
        seen_view.start = static_cast<size_t>(index_in_array(view_iov));
        seen_view.cnt = view_cnt;
        st.view = &seen_view;
        for (unsigned s = 0; s < kSlots; s++) {
            const QEMUIOVector &q = slots[s];
            model::Vector &v = seen_slots[s];
            const bool local = q.iov == &q.local_iov;
            v.kind = q.nalloc != -1 ? model::Vector::Kind::Owned
                                    : (local ? model::Vector::Kind::Embedded : model::Vector::Kind::External);
            v.nalloc = q.nalloc;
            v.size = q.size;
            v.local_base = v.kind == model::Vector::Kind::Embedded ? addr_of(q.local_iov.iov_base) : 0;
            // Entries are only read when the count is plausible and the array exists.
            if (q.niov > 0 && q.iov && static_cast<size_t>(q.niov) <= 4 * kMaxVectorEntries) {
                translate(q.iov, static_cast<size_t>(q.niov), translated_slots[s], v.entries);
            } else {
                translated_slots[s].clear();
                v.entries.clear();
                if (q.niov != 0) {
                    v.entries.assign(1, Seg{~uintptr_t{0}, static_cast<size_t>(q.niov)});  // marks nonsense
                }
            }
            st.slots[s] = &v;
            st.locations[s] = local                                            ? ArrayLocation::LocalIov
                              : q.nalloc != -1                                 ? ArrayLocation::Heap
                              : (q.iov == external_of[s] && external_of[s])    ? ArrayLocation::CallerArray
                                                                               : ArrayLocation::Unexpected;
        }
        return st;
    }

    // Guard entries around the caller's array.
    std::string array_damage() const
    {
        if (!same_entry(array.front(), kGuardEntry)) {
            return "the entry before the caller's iovec array was overwritten";
        }
        if (!same_entry(array.back(), kGuardEntry)) {
            return "the entry after the caller's iovec array was overwritten";
        }
        for (const auto &ext : external_arrays) {
            if (!same_entry(ext.front(), kGuardEntry) || !same_entry(ext.back(), kGuardEntry)) {
                return "an entry around an external vector's array was overwritten";
            }
        }
        return "";
    }

    void destroy_if_owned(QEMUIOVector &q)
    {
        if (q.nalloc != -1) {
            impl.qemu_iovec_destroy(&q);
        }
    }

    Observed step(const Op &op, size_t op_index, const Observed &plan);
    void send_recv(const Op &op, size_t op_index, const Observed &plan, Observed &o);
};

// Runs `call` under the installed handler; true when it reported a violation.
// `call` must hold nothing with a destructor across the implementation's
// call (strict mode may longjmp out of it).
template <class F>
bool run_call(F &&call)
{
    handler_log.calls = 0;
    handler_log.first[0] = '\0';
    call_unwinding([](void *f) { (*static_cast<std::remove_reference_t<F> *>(f))(); }, &call);
    return handler_log.calls > 0;
}

int set_socket_timeouts(int fd)
{
    struct timeval tv = {kSocketTimeoutSeconds, 0};
    return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) |
           setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Whether a blocking send of `bytes` on fd completes with nobody reading:
// the socket buffer must hold it however the implementation splits it into
// sendmsg calls.  Each call queues its bytes plus up to about 1 KiB of
// bookkeeping (278 one-byte sends fill Linux's default 208 KiB), so 2 KiB
// per byte is the worst case.  Root may raise the buffer past wmem_max.
bool send_fits_unread(int fd, size_t bytes)
{
    constexpr int kWantedBuffer = 16 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kWantedBuffer, sizeof kWantedBuffer);  // may fail: not root
    int buffer = 0;
    socklen_t len = sizeof buffer;
    if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, &len) != 0 || buffer <= 0) {
        return false;
    }
    return bytes <= static_cast<size_t>(buffer) / 2048;
}

// One iov_send_recv over a socketpair.  The peer runs on its own thread
// (SocketPeer) only when the call needs it while it runs: a blocking recv
// fed in the program's chunks, which the call sees as partial reads, or a
// blocking send that might not fit in the socket buffer.  Otherwise the peer writes
// everything before the call, or reads everything after it, on this thread:
// the implementation sees the same (a blocking sendmsg returns the full
// count whatever the reader's chunking; a recvmsg of a stream merges what
// was queued) at a fraction of the cost.
void RealWorld::send_recv(const Op &op, size_t op_index, const Observed &plan, Observed &o)
{
    const bool do_send = op.a[2] & kDoSend;
    const bool nonblocking = op.a[2] & kNonBlocking;
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0 || set_socket_timeouts(sv[0]) != 0) {
        o.damage = std::string("the oracle could not set up a socketpair: ") + strerror(errno);
        return;
    }
    if (nonblocking) {
        fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    }
    // The peer only takes part when the model expects the call to move bytes.
    const bool peer_active = !plan.violation && op.a[1] > 0;
    const model::Peer peer = peer_of(op, op_index);
    std::vector<uint8_t> received;
    PeerPart part;
    part.chunk = op.a[3];
    part.sends = &peer.sends;
    part.received = &received;
    bool concurrent = false;
    if (!do_send) {
        part.kind = peer_active ? PeerPart::Kind::Feed : PeerPart::Kind::None;
        part.shut_write_after_feed = !nonblocking || peer.shuts_down;
        concurrent = peer_active && !nonblocking && part.chunk < peer.sends.size();
        if (!concurrent) {
            // In one piece: small pieces would each take a socket buffer
            // slot; one piece fits (normalize bounds it).
            part.chunk = SIZE_MAX;
            play_peer_part(sv[1], part);
        }
    } else {
        // Even a call expected to send nothing is drained: what it sent
        // anyway is reported as bytes the peer received.
        part.kind = PeerPart::Kind::Drain;
        concurrent = !nonblocking && peer_active && !send_fits_unread(sv[0], static_cast<size_t>(plan.ret));
        if (!concurrent) {
            part.chunk = SIZE_MAX;  // after the call the reader's chunking is invisible
        }
    }
    // SPEC.md: the caller's array is never modified, "not even temporarily
    // as seen by another thread": a concurrent peer looks at it after every
    // chunk.  (Before or after the call, the state comparison sees it.)
    std::vector<struct iovec> array_before;
    std::atomic<bool> array_changed{false};
    if (concurrent) {
        array_before = array;
        part.after_chunk = [&] {
            if (std::memcmp(array.data(), array_before.data(), array.size() * sizeof(struct iovec)) != 0) {
                array_changed = true;
            }
        };
        SocketPeer::get().begin(sv[1], part);
    }
    CallWatchdog &watchdog = CallWatchdog::get();
    watchdog.arm(sv[0], kCallDeadlineSeconds);
    ssize_t ret = 0;
    errno = 0;
    o.violation = run_call([&] { ret = impl.iov_send_recv(sv[0], view_iov, view_cnt, op.a[0], op.a[1], do_send); });
    const int err = errno;
    const bool timed_out = watchdog.disarm();
    if (do_send) {
        shutdown(sv[0], SHUT_WR);  // the peer sees the end of the stream
    } else {
        close(sv[0]);  // a peer still writing gets EPIPE and stops
        sv[0] = -1;
    }
    if (concurrent) {
        SocketPeer::get().end();
    } else if (do_send) {
        play_peer_part(sv[1], part);
    }
    if (sv[0] >= 0) {
        close(sv[0]);
    }
    close(sv[1]);
    o.has_ret = true;
    o.ret = o.ret_min = ret;
    o.has_errno = ret == -1;
    o.err = err;
    if (do_send && !plan.violation) {
        o.has_data = true;
        o.data_label = "bytes the peer received";
        o.data = std::move(received);
    }
    if (array_changed) {
        o.damage = "the caller's iovec array was modified during iov_send_recv (seen by the peer thread)";
    }
    if (timed_out) {
        o.damage = "iov_send_recv did not return within " + std::to_string(kCallDeadlineSeconds) +
                   " s; the oracle shut the socket down to end it";
    }
}

Observed RealWorld::step(const Op &op, size_t op_index, const Observed &plan)
{
    Observed o;
    const auto &a = op.a;
    QEMUIOVector *q = op.kind >= OpKind::QInit ? &slots[a[0]] : nullptr;
    auto set_ret = [&](long long v) {
        o.has_ret = true;
        o.ret = o.ret_min = v;
    };
    if (q && is_init(op.kind)) {
        destroy_if_owned(*q);
    }
    // Source buffer of exactly n bytes (reading past it is a heap overflow).
    auto from_buf = [&](auto &&call) {
        const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
        std::vector<uint8_t> src = pattern(op_index, n);
        size_t ret = 0;
        o.violation = run_call([&] { ret = call(src.data()); });
        set_ret(static_cast<long long>(ret));
    };
    // Destination of n bytes followed by canary bytes.
    auto to_buf = [&](auto &&call) {
        const size_t n = plan.violation ? 0 : static_cast<size_t>(plan.ret);
        std::vector<uint8_t> dst(n + kGuard);
        fill_canaries(dst.data(), 0, dst.size());
        size_t ret = 0;
        o.violation = run_call([&] { ret = call(dst.data()); });
        set_ret(static_cast<long long>(ret));
        for (size_t i = n; i < dst.size(); i++) {
            if (dst[i] != canary_byte(i)) {
                o.damage = "wrote buf[" + std::to_string(i) + "], past the " + std::to_string(n) +
                           " bytes it may write";
                break;
            }
        }
        dst.resize(n);
        o.has_data = true;
        o.data_label = "bytes read into buf";
        o.data = std::move(dst);
    };

    switch (op.kind) {
    case OpKind::FromBufFull:
        from_buf([&](const uint8_t *src) { return impl.iov_from_buf_full(view_iov, view_cnt, a[0], src, a[1]); });
        break;
    case OpKind::FromBuf:
        from_buf([&](const uint8_t *src) { return impl.iov_from_buf(view_iov, view_cnt, a[0], src, a[1]); });
        break;
    case OpKind::ToBufFull:
        to_buf([&](uint8_t *dst) { return impl.iov_to_buf_full(view_iov, view_cnt, a[0], dst, a[1]); });
        break;
    case OpKind::ToBuf:
        to_buf([&](uint8_t *dst) { return impl.iov_to_buf(view_iov, view_cnt, a[0], dst, a[1]); });
        break;
    case OpKind::Memset: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.iov_memset(view_iov, view_cnt, a[0], static_cast<int>(a[1]), a[2]); });
        set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::Size: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.iov_size(view_iov, view_cnt); });
        set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::Copy: {
        const auto dst_cnt = static_cast<unsigned>(a[0]);
        // Room for every entry the call may write (at most one per source
        // segment, or the one zero-length entry), with guard entries around.
        const size_t room = std::min<size_t>(dst_cnt, size_t{view_cnt} + 1);
        std::vector<struct iovec> dst(room + 2, kGuardEntry);
        unsigned ret = 0;
        o.violation = run_call([&] { ret = impl.iov_copy(dst.data() + 1, dst_cnt, view_iov, view_cnt, a[1], a[2]); });
        set_ret(ret);
        o.has_entries = true;
        for (size_t k = 0; k < std::min<size_t>(ret, room); k++) {
            o.entries.push_back(seg_of(dst[k + 1]));
        }
        if (ret > room) {
            o.damage = "returned " + std::to_string(ret) + " entries, more than it may write (" +
                       std::to_string(room) + ")";
        }
        for (size_t k = 0; k < dst.size() && o.damage.empty(); k++) {
            const bool written = k >= 1 && k <= std::min<size_t>(ret, room);
            if (!written && !same_entry(dst[k], kGuardEntry)) {
                o.damage = k == 0 ? "wrote dst[-1]" : "wrote dst[" + std::to_string(k - 1) + "], past the " +
                                                          std::to_string(ret) + " entries it returned";
            }
        }
        break;
    }
    case OpKind::Hexdump: {
        char *text = nullptr;
        size_t len = 0;
        FILE *fp = open_memstream(&text, &len);
        o.violation = run_call([&] { impl.iov_hexdump(view_iov, view_cnt, fp, kHexdumpPrefixes[a[0]], a[1]); });
        fclose(fp);
        o.has_data = true;
        o.data_label = "hexdump text";
        o.data.assign(text, text + len);
        free(text);
        break;
    }
    case OpKind::SendRecv: send_recv(op, op_index, plan, o); break;
    case OpKind::DiscardFront:
    case OpKind::DiscardBack: {
        const std::pair<struct iovec *, unsigned> before{view_iov, view_cnt};
        IOVDiscardUndo undo;
        std::memset(&undo, 0xa5, sizeof undo);  // so a record left unwritten shows
        size_t ret = 0;
        o.violation = run_call([&] {
            if (op.kind == OpKind::DiscardFront) {
                ret = a[1] ? impl.iov_discard_front_undoable(&view_iov, &view_cnt, a[0], &undo)
                           : impl.iov_discard_front(&view_iov, &view_cnt, a[0]);
            } else {
                ret = a[1] ? impl.iov_discard_back_undoable(view_iov, &view_cnt, a[0], &undo)
                           : impl.iov_discard_back(view_iov, &view_cnt, a[0]);
            }
        });
        set_ret(static_cast<long long>(ret));
        if (a[1]) {
            o.has_undo = true;
            o.undo.modified = index_in_array(undo.modified_iov);
            // orig only means something when an entry was modified
            o.undo.orig = undo.modified_iov ? seg_of(undo.orig) : Seg{};
            undo_stack.push_back({undo, before});
        }
        break;
    }
    case OpKind::DiscardUndo:
        o.violation = run_call([&] { impl.iov_discard_undo(&undo_stack.back().first); });
        view_iov = undo_stack.back().second.first;
        view_cnt = undo_stack.back().second.second;
        undo_stack.pop_back();
        break;
    case OpKind::QInit:
        o.violation = run_call([&] { impl.qemu_iovec_init(q, static_cast<int>(a[1])); });
        break;
    case OpKind::QInitExternal: {
        std::vector<struct iovec> copy(array);  // guard entries included
        external_arrays.push_back(std::move(copy));
        struct iovec *ext = external_arrays.back().data() + 1;
        o.violation = run_call([&] { impl.qemu_iovec_init_external(q, ext, static_cast<int>(a[1])); });
        if (!o.violation) {
            external_of[a[0]] = ext;
        }
        break;
    }
    case OpKind::QInitBuf:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_init_buf(q, at(s.base), s.len);
        });
        break;
    case OpKind::QInitBufMacro:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_init_buf_macro(q, at(s.base), s.len);
        });
        break;
    case OpKind::QBuf: {
        void *buf = nullptr;
        o.violation = run_call([&] { buf = impl.qemu_iovec_buf(q); });
        set_ret(buf ? static_cast<long long>(addr_of(buf)) : 0);
        break;
    }
    case OpKind::QAdd:
        o.violation = run_call([&] {
            const Seg s = seg_range(space, layout, op);
            impl.qemu_iovec_add(q, at(s.base), s.len);
        });
        break;
    case OpKind::QConcatIov: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_concat_iov(q, view_iov, view_cnt, a[1], a[2]); });
        set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::QConcat:
        o.violation = run_call([&] { impl.qemu_iovec_concat(q, &slots[a[1]], a[2], a[3]); });
        break;
    case OpKind::QSubvecNiov: {
        int ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_subvec_niov(q, a[1], a[2]); });
        set_ret(ret);
        break;
    }
    case OpKind::QInitExtended: {
        int ret = 0;
        void *side = at(space.side_base);
        o.violation = run_call([&] {
            ret = impl.qemu_iovec_init_extended(q, side, a[1], &slots[a[2]], a[3], a[4], side, a[5]);
        });
        set_ret(ret);
        break;
    }
    case OpKind::QInitSlice:
        o.violation = run_call([&] { impl.qemu_iovec_init_slice(q, &slots[a[1]], a[2], a[3]); });
        break;
    case OpKind::QIsZero: {
        bool ret = false;
        o.violation = run_call([&] { ret = impl.qemu_iovec_is_zero(q, a[1], a[2]); });
        set_ret(ret);
        break;
    }
    case OpKind::QToBuf:
        to_buf([&](uint8_t *dst) { return impl.qemu_iovec_to_buf(q, a[1], dst, a[2]); });
        break;
    case OpKind::QFromBuf:
        from_buf([&](const uint8_t *src) { return impl.qemu_iovec_from_buf(q, a[1], src, a[2]); });
        break;
    case OpKind::QMemset: {
        size_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_memset(q, a[1], static_cast<int>(a[2]), a[3]); });
        set_ret(static_cast<long long>(ret));
        break;
    }
    case OpKind::QCompare: {
        ssize_t ret = 0;
        o.violation = run_call([&] { ret = impl.qemu_iovec_compare(q, &slots[a[1]]); });
        set_ret(ret);
        break;
    }
    case OpKind::QClone:
        o.violation = run_call([&] { impl.qemu_iovec_clone(q, &slots[a[1]], at(space.spare_base)); });
        break;
    case OpKind::QReset: o.violation = run_call([&] { impl.qemu_iovec_reset(q); }); break;
    case OpKind::QDestroy: o.violation = run_call([&] { impl.qemu_iovec_destroy(q); }); break;
    case OpKind::QDiscardBack:
        o.violation = run_call([&] { impl.qemu_iovec_discard_back(q, a[1]); });
        break;
    case OpKind::Count: break;
    }
    if (o.violation) {
        o.violation_text = handler_log.first;
    }
    if (o.damage.empty()) {
        o.damage = array_damage();
    }
    return o;
}

// ---- Comparison and explanation -------------------------------------------------------

std::string bytes_text(const std::vector<uint8_t> &v, size_t from, size_t count)
{
    std::string text;
    char hex[4];
    for (size_t i = from; i < v.size() && i < from + count; i++) {
        snprintf(hex, sizeof hex, "%02x", v[i]);
        text += (i > from ? " " : "") + std::string(hex);
    }
    if (from + count < v.size()) {
        text += " ...";
    }
    return text.empty() ? "(none)" : text;
}

bool printable(const std::vector<uint8_t> &v)
{
    return std::all_of(v.begin(), v.end(), [](uint8_t c) { return c == '\n' || (c >= ' ' && c <= '~'); });
}

// A difference: what differs, expected and actual.
struct Difference {
    std::string what, expected, actual;
};

std::string seg_list(const Space &space, const model::Iov &iov)
{
    std::string text;
    for (size_t k = 0; k < iov.size(); k++) {
        text += (k ? ", " : "") + space.seg_text(iov[k]);
    }
    return "[" + text + "]";
}

std::string vector_text(const Space &space, const model::Vector &v, ArrayLocation where)
{
    std::ostringstream out;
    out << model::kind_name(v.kind) << " (iov -> " << location_name(where) << "), niov " << v.niov()
        << ", nalloc " << v.nalloc << ", size " << v.size;
    if (v.kind == model::Vector::Kind::Embedded) {
        out << ", local_iov.iov_base " << space.where(v.local_base);
    }
    out << ", entries " << seg_list(space, v.entries);
    return out.str();
}

std::string undo_text(const Space &space, const model::Undo &u)
{
    if (u.modified == -1) {
        return "modified_iov = NULL";
    }
    return "modified_iov = &array[" + std::to_string(u.modified) + "], orig = " + space.seg_text(u.orig);
}

// Compares one call's observations; `mode` decides what a violation returns.
bool compare_call(const Space &space, const Observed &e, const Observed &r, Mode mode, Difference &d)
{
    if (e.violation != r.violation) {
        d.what = "contract violation";
        d.expected = e.violation ? "reported (" + e.violation_text + ")" : "none";
        d.actual = r.violation ? "reported (" + r.violation_text + ")" : "none reported";
        return false;
    }
    if (!r.damage.empty()) {
        d = {"writes outside what the call was given", "none", r.damage};
        return false;
    }
    if (e.violation && mode == Mode::Strict) {
        return true;  // unwound: no result to compare; the state is compared next
    }
    if (e.has_ret && (r.ret < e.ret_min || r.ret > e.ret)) {
        d.what = "return value";
        d.expected = e.ret_min == e.ret ? std::to_string(e.ret)
                                        : "in [" + std::to_string(e.ret_min) + ", " + std::to_string(e.ret) + "]";
        d.actual = std::to_string(r.ret);
        return false;
    }
    if (e.has_errno && e.ret == -1 && e.err != r.err) {
        d = {"errno", std::string(strerror(e.err)), std::string(strerror(r.err))};
        return false;
    }
    if (e.has_data) {
        // A return in a range (non-blocking send) moves that prefix.
        size_t wanted = e.data.size();
        if (e.ret_min != e.ret && r.ret >= 0 && static_cast<size_t>(r.ret) <= wanted) {
            wanted = static_cast<size_t>(r.ret);
        }
        if (wanted != r.data.size() || !std::equal(r.data.begin(), r.data.end(), e.data.begin())) {
            const std::vector<uint8_t> want(e.data.begin(), e.data.begin() + static_cast<long>(wanted));
            d.what = e.data_label;
            if (printable(want) && printable(r.data)) {
                d.expected = "\"" + std::string(want.begin(), want.end()) + "\"";
                d.actual = "\"" + std::string(r.data.begin(), r.data.end()) + "\"";
            } else {
                size_t i = 0;
                while (i < want.size() && i < r.data.size() && want[i] == r.data[i]) {
                    i++;
                }
                d.what += " (" + std::to_string(want.size()) + " bytes expected, " + std::to_string(r.data.size()) +
                          " got; first difference at byte " + std::to_string(i) + ")";
                const size_t from = i > 4 ? i - 4 : 0;
                d.expected = "from byte " + std::to_string(from) + ": " + bytes_text(want, from, 16);
                d.actual = "from byte " + std::to_string(from) + ": " + bytes_text(r.data, from, 16);
            }
            return false;
        }
    }
    if (e.has_entries && e.entries != r.entries) {
        d = {"entries written to dst", seg_list(space, e.entries), seg_list(space, r.entries)};
        return false;
    }
    if (e.has_undo && !(e.undo == r.undo)) {
        d = {"undo record", undo_text(space, e.undo), undo_text(space, r.undo)};
        return false;
    }
    return true;
}

// ev.array == rv.array, as one memcmp (the per-entry operator== was a
// tenth of fuzz_undo's time).
bool same_segs(const model::Iov &a, const model::Iov &b)
{
    static_assert(std::has_unique_object_representations_v<Seg>, "Seg compares bytewise");
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(Seg)) == 0);
}

// a == b, with the entries compared as one memcmp.
bool same_vector(const model::Vector &a, const model::Vector &b)
{
    static_assert(sizeof(model::Vector) == 56, "a field was added to model::Vector: compare it here");
    return a.kind == b.kind && a.nalloc == b.nalloc && a.size == b.size && a.local_base == b.local_base &&
           same_segs(a.entries, b.entries);
}

bool compare_state(const Space &space, const State &e, const State &r, Difference &d)
{
    if (std::memcmp(e.memory, r.memory, kPoisonZeroLengthBases ? space.compared : space.total) != 0) {
        size_t i = 0;
        while (e.memory[i] == r.memory[i]) {
            i++;
        }
        char exp[8], act[8];
        snprintf(exp, sizeof exp, "0x%02x", e.memory[i]);
        snprintf(act, sizeof act, "0x%02x", r.memory[i]);
        d = {"memory: first differing byte is " + space.where(i), exp, act};
        return false;
    }
    const model::View &ev = *e.view, &rv = *r.view;
    if (!same_segs(ev.array, rv.array)) {
        size_t k = 0;
        while (ev.array[k] == rv.array[k]) {
            k++;
        }
        d = {"the caller's iovec array, entry " + std::to_string(k), space.seg_text(ev.array[k]),
             space.seg_text(rv.array[k])};
        return false;
    }
    if (ev.start != rv.start || ev.cnt != rv.cnt) {
        d = {"the caller's iov/cnt after the call",
             "iov = &array[" + std::to_string(ev.start) + "], cnt = " + std::to_string(ev.cnt),
             "iov = &array[" + std::to_string(static_cast<long>(rv.start)) + "], cnt = " + std::to_string(rv.cnt)};
        return false;
    }
    for (unsigned s = 0; s < kSlots; s++) {
        if (!same_vector(*e.slots[s], *r.slots[s]) || e.locations[s] != r.locations[s]) {
            d = {"vector slot " + std::to_string(s), vector_text(space, *e.slots[s], e.locations[s]),
                 vector_text(space, *r.slots[s], r.locations[s])};
            return false;
        }
    }
    return true;
}

const char *mode_name(Mode mode) { return mode == Mode::Strict ? "strict (handler unwinds)" : "lenient (handler returns)"; }

// The explanation of a divergence at op `index`.  The state before the call
// is the model's, rebuilt by replaying the calls before it (the model is
// deterministic), so that the passing path keeps no snapshots.
std::string explain(const Program &p, const Space &space, size_t index, const std::string &who, Mode mode,
                    const Difference &d)
{
    ModelWorld replay(space, p.layout);
    for (size_t i = 0; i < index; i++) {
        model_step(replay, p.layout, p.ops[i], i);
    }
    const State before = replay.state();
    const Op &op = p.ops[index];
    std::ostringstream out;
    out << "iovcheck oracle: " << who << ", " << mode_name(mode) << " mode: divergence at op#" << index
        << " of " << p.ops.size() << "\n"
        << "call:     " << describe(op) << "\n"
        << "what:     " << d.what << "\n"
        << "expected: " << d.expected << "\n"
        << "actual:   " << d.actual << "\n"
        << "before the call (model): iov = &array[" << before.view->start << "], cnt " << before.view->cnt
        << ", stream " << seg_list(space, before.view->entries()) << "\n";
    if (op.kind >= OpKind::QInit) {
        std::vector<unsigned> named = {static_cast<unsigned>(op.a[0])};
        if (op.kind == OpKind::QConcat || op.kind == OpKind::QInitSlice || op.kind == OpKind::QClone ||
            op.kind == OpKind::QCompare) {
            if (op.a[1] != op.a[0]) {  // QConcat and QCompare may name one slot twice
                named.push_back(static_cast<unsigned>(op.a[1]));
            }
        }
        if (op.kind == OpKind::QInitExtended) {
            named.push_back(static_cast<unsigned>(op.a[2]));
        }
        for (unsigned s : named) {
            out << "  slot " << s << ": " << vector_text(space, *before.slots[s], before.locations[s]) << "\n";
        }
    }
    out << "program (normalized):\n" << describe(p);
    return out.str();
}

void ignore_sigpipe_once()
{
    // A peer that went away must fail the send with EPIPE, not kill the process.
    static std::once_flag once;
    std::call_once(once, [] { signal(SIGPIPE, SIG_IGN); });
}

CheckResult diverged(const Program &p, const Space &space, size_t index, const std::string &who, Mode mode,
                     const Difference &d)
{
    CheckResult result;
    result.ok = false;
    result.op_index = index;
    result.explanation = explain(p, space, index, who, mode, d);
    return result;
}

}  // namespace

CheckResult check(const IovImpl &impl, const Program &program, Mode mode)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const Space space = make_space(p.layout);
    ModelWorld expected(space, p.layout);
    CheckResult result;
    HandlerScope handler(impl, mode);
    RealWorld actual(impl, space, p.layout);
    for (size_t i = 0; i < p.ops.size(); i++) {
        const Observed e = model_step(expected, p.layout, p.ops[i], i);
        if (e.skipped) {
            continue;
        }
        const Observed r = actual.step(p.ops[i], i, e);
        Difference d;
        if (!compare_call(space, e, r, mode, d) || !compare_state(space, expected.state(), actual.state(), d)) {
            return diverged(p, space, i, std::string("implementation \"") + impl.name + "\" against the model",
                            mode, d);
        }
        result.ops_run++;
        result.violations += e.violation;
    }
    result.op_index = p.ops.size();
    return result;
}

CheckResult check_differential(const IovImpl &impl_a, const IovImpl &impl_b, const Program &program, Mode mode)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const Space space = make_space(p.layout);
    ModelWorld planner(space, p.layout);
    RealWorld world_a(impl_a, space, p.layout);
    RealWorld world_b(impl_b, space, p.layout);
    CheckResult result;
    const std::string who = std::string("\"") + impl_a.name + "\" (expected) against \"" + impl_b.name + "\"";
    for (size_t i = 0; i < p.ops.size(); i++) {
        const Observed plan = model_step(planner, p.layout, p.ops[i], i);
        if (plan.skipped) {
            continue;
        }
        Observed oa, ob;
        {
            HandlerScope handler(impl_a, mode);
            oa = world_a.step(p.ops[i], i, plan);
        }
        {
            HandlerScope handler(impl_b, mode);
            ob = world_b.step(p.ops[i], i, plan);
        }
        // A non-blocking send may legitimately move different amounts:
        // each is held to the model's range instead.
        const bool ranged = plan.ret_min != plan.ret;
        Difference d;
        bool same = ranged ? compare_call(space, plan, oa, mode, d) && compare_call(space, plan, ob, mode, d)
                           : compare_call(space, oa, ob, mode, d);
        if (!same || !compare_state(space, world_a.state(), world_b.state(), d)) {
            return diverged(p, space, i, who, mode, d);
        }
        result.ops_run++;
        result.violations += plan.violation;
    }
    result.op_index = p.ops.size();
    return result;
}

}  // namespace iovcheck
