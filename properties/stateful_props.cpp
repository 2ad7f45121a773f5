// Stateful test (rapidcheck/state.h): random sequences of add, concat,
// concat_iov, discard_back, reset, init_slice, init_extended, to/from_buf,
// memset, is_zero, compare, clone and destroy (plus the inits that make a
// slot owned, external or embedded) over the oracle's QEMUIOVector slots.
//
// The state machine's model only steers generation: it tracks each slot's
// kind and size so that most calls stay inside the contract and their
// offsets land on the interesting places.  Every command appends its Op to
// one Program; the oracle then runs the whole sequence once against the
// reference model and explains the first divergence.  RapidCheck shrinks
// the command sequence to the few calls that matter.
//
// Seen to fail on a deliberately broken core/: see properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <rapidcheck/state.h>

#include <algorithm>
#include <array>

#include "property_support.h"

namespace iovcheck::props {
namespace {

namespace gen = rc::gen;

struct SlotGuess {
    enum class Kind { Owned, External, Embedded } kind = Kind::Owned;  // a zeroed slot is owned and empty
    uint64_t size = 0;
    uint64_t niov = 0;
};

struct Machine {
    Layout layout;
    std::array<SlotGuess, kSlots> slots{};
};

struct Calls {
    Program program;
};

using Command = rc::state::Command<Machine, Calls>;

uint64_t any_slot() { return *index_below(kSlots); }

// A slot the guess says is owned, for calls that require one; one call in
// eight takes any slot, so the contract checks stay in the sequences too.
uint64_t owned_slot_mostly(const Machine &m)
{
    const uint64_t slot = any_slot();
    if (*index_below(8) != 0) {
        RC_PRE(m.slots[slot].kind == SlotGuess::Kind::Owned);
    }
    return slot;
}

// An offset into a vector of `size` bytes: mostly inside, sometimes just past.
uint64_t offset_into(uint64_t size)
{
    return *weighted_choice<uint64_t>({
        {6, one_of_values({0, size, size / 2})},
        {6, gen::map(index_below(size + 1), [](size_t p) { return uint64_t{p}; })},
        {1, one_of_values({size + 1, SIZE_MAX})},
    });
}
uint64_t length_into(uint64_t size, uint64_t off)
{
    const uint64_t room = off <= size ? size - off : 0;
    return *weighted_choice<uint64_t>({
        {6, one_of_values({room, 0, 1})},
        {6, gen::map(index_below(room + 1), [](size_t p) { return uint64_t{p}; })},
        {1, one_of_values({room + 1, SIZE_MAX})},
    });
}
uint64_t clamp_len(uint64_t size, uint64_t off, uint64_t len) { return off > size ? 0 : std::min(len, size - off); }

template <typename Record>
Op as_op(const Record &r)
{
    return Op::of(r);
}
Op as_op(const Op &op) { return op; }

// One call: its operation record (an Op when it may be one of several), and
// how it changes the guessed slots.
template <typename Record>
struct Call : Command {
    Record r;
    void run(const Machine &, Calls &calls) const override { calls.program.ops.push_back(as_op(r)); }
    void show(std::ostream &os) const override { os << describe(as_op(r)); }
};

// The record as normalize() maps it into the layout (the clamped range, for the guess).
template <typename Record>
Record normalized(const Layout &layout, const Record &r)
{
    return normalize(program_of(layout, {Op::of(r)})).ops[0].template as<kind_of<Record>>();
}

struct InitOwned : Call<ops::QInit> {
    explicit InitOwned(const Machine &) { r = {{any_slot()}, {*one_of_values({0, 1, 2, 5})}}; }
    void apply(Machine &m) const override { m.slots[r.slot.v] = {}; }
};

struct InitExternal : Call<ops::QInitExternal> {
    explicit InitExternal(const Machine &m) { r = {{any_slot()}, {*index_below(m.layout.seg_len.size() + 1)}}; }
    void apply(Machine &m) const override
    {
        SlotGuess &s = m.slots[r.slot.v];
        s = {SlotGuess::Kind::External, 0, r.niov.v};
        for (uint64_t i = 0; i < r.niov.v; i++) {
            s.size += m.layout.seg_len[i];
        }
    }
};

struct InitBuf : Call<ops::QInitBuf> {
    explicit InitBuf(const Machine &m)
    {
        RC_PRE(!m.layout.seg_len.empty());
        const uint64_t seg = *index_below(m.layout.seg_len.size());
        r = normalized(m.layout, ops::QInitBuf{{any_slot()}, {seg}, {*one_of_values({0, 1})},
                                               {*one_of_values({SIZE_MAX, 0, 1})}});
    }
    void apply(Machine &m) const override { m.slots[r.slot.v] = {SlotGuess::Kind::Embedded, r.len.v, 1}; }
};

struct Add : Call<ops::QAdd> {
    explicit Add(const Machine &m)
    {
        RC_PRE(!m.layout.seg_len.empty());
        const uint64_t seg = *index_below(m.layout.seg_len.size());
        const uint64_t slot = owned_slot_mostly(m);
        r = normalized(m.layout, ops::QAdd{{slot}, {seg}, {*one_of_values({0, 1})}, {*one_of_values({SIZE_MAX, 0, 1, 2})}});
    }
    void apply(Machine &m) const override
    {
        SlotGuess &s = m.slots[r.slot.v];
        if (s.kind == SlotGuess::Kind::Owned) {
            s.size += r.len.v;
            s.niov++;
        }
    }
};

struct Concat : Call<ops::QConcat> {
    explicit Concat(const Machine &m)
    {
        const uint64_t dst = owned_slot_mostly(m), other = any_slot();  // other == dst: concat with itself
        const uint64_t off = offset_into(m.slots[other].size);
        r = {{dst}, {other}, {off}, {length_into(m.slots[other].size, off)}};
    }
    void apply(Machine &m) const override
    {
        SlotGuess &d = m.slots[r.dst.v];
        const SlotGuess &s = m.slots[r.src.v];
        if (d.kind == SlotGuess::Kind::Owned && r.soffset.v <= s.size) {
            d.size += clamp_len(s.size, r.soffset.v, r.sbytes.v);
            d.niov += s.niov;  // at most: a guess
        }
    }
};

struct ConcatIov : Call<ops::QConcatIov> {
    explicit ConcatIov(const Machine &m)
    {
        const uint64_t size = stream_size(m.layout);
        const uint64_t off = offset_into(size);
        const uint64_t len = length_into(size, off);
        r = {{owned_slot_mostly(m)}, {off}, {len}};
    }
    void apply(Machine &m) const override
    {
        SlotGuess &d = m.slots[r.dst.v];
        const uint64_t size = stream_size(m.layout);
        if (d.kind == SlotGuess::Kind::Owned && r.soffset.v <= size) {
            d.size += clamp_len(size, r.soffset.v, r.sbytes.v);
            d.niov += m.layout.seg_len.size();
        }
    }
};

struct DiscardBack : Call<ops::QDiscardBack> {
    explicit DiscardBack(const Machine &m)
    {
        const uint64_t slot = any_slot();
        r = {{slot}, {length_into(m.slots[slot].size, 0)}};
    }
    void apply(Machine &m) const override
    {
        SlotGuess &s = m.slots[r.slot.v];
        if (r.bytes.v <= s.size) {
            s.size -= r.bytes.v;
        }
    }
};

struct Reset : Call<ops::QReset> {
    explicit Reset(const Machine &m) { r = {{owned_slot_mostly(m)}}; }
    void apply(Machine &m) const override
    {
        SlotGuess &s = m.slots[r.slot.v];
        if (s.kind == SlotGuess::Kind::Owned) {
            s.size = s.niov = 0;
        }
    }
};

struct InitSlice : Call<ops::QInitSlice> {
    explicit InitSlice(const Machine &m)
    {
        const uint64_t dst = any_slot(), src = (dst + 1 + *index_below(kSlots - 1)) % kSlots;
        const uint64_t off = offset_into(m.slots[src].size);
        r = {{dst}, {src}, {off}, {length_into(m.slots[src].size, off)}};
    }
    void apply(Machine &m) const override
    {
        const SlotGuess &s = m.slots[r.src.v];
        if (r.len.v <= s.size && r.offset.v <= s.size - r.len.v) {
            m.slots[r.slot.v] = {SlotGuess::Kind::Owned, r.len.v, s.niov};
        }
    }
};

struct InitExtended : Call<ops::QInitExtended> {
    explicit InitExtended(const Machine &m)
    {
        const uint64_t dst = any_slot(), mid = (dst + 1 + *index_below(kSlots - 1)) % kSlots;
        const uint64_t off = offset_into(m.slots[mid].size);
        const uint64_t head = *one_of_values({0, 1, kSideLen});
        const uint64_t len = length_into(m.slots[mid].size, off);
        r = {{dst}, {head}, {mid}, {off}, {len}, {*one_of_values({0, 1, kSideLen})}};
    }
    void apply(Machine &m) const override
    {
        const SlotGuess &mid = m.slots[r.mid.v];
        if (r.mid_len.v == 0 || (r.mid_len.v <= mid.size && r.mid_offset.v <= mid.size - r.mid_len.v)) {
            m.slots[r.slot.v] = {SlotGuess::Kind::Owned, r.head_len.v + r.mid_len.v + r.tail_len.v, mid.niov + 2};
        }
    }
};

// Calls that read or write bytes but leave the vectors alone.
struct DataCall : Call<Op> {
    explicit DataCall(const Machine &m)
    {
        const uint64_t slot = any_slot();
        const uint64_t size = m.slots[slot].size;
        const uint64_t off = offset_into(size), len = length_into(size, off);
        switch (*index_below(5)) {
        case 0: r = Op::qiov_to_buf(slot, off, len); break;
        case 1: r = Op::qiov_from_buf(slot, off, len); break;
        case 2: r = Op::qiov_memset(slot, off, *one_of_values({0, 0xa5}), len); break;
        case 3: r = Op::qiov_is_zero(slot, off, len); break;
        default: r = Op::qiov_subvec_niov(slot, off, len); break;
        }
    }
    void apply(Machine &) const override {}
};

struct Compare : Call<ops::QCompare> {
    explicit Compare(const Machine &)
    {
        const uint64_t a = any_slot();
        r = {{a}, {any_slot()}};
    }
    void apply(Machine &) const override {}
};

struct Clone : Call<ops::QClone> {
    explicit Clone(const Machine &m)
    {
        const uint64_t dst = owned_slot_mostly(m);
        r = {{dst}, {(dst + 1 + *index_below(kSlots - 1)) % kSlots}};
    }
    void apply(Machine &m) const override
    {
        SlotGuess &d = m.slots[r.dst.v];
        const SlotGuess &s = m.slots[r.src.v];
        if (d.kind == SlotGuess::Kind::Owned) {
            d.size += s.size;
            d.niov += s.niov;
        }
    }
};

struct Destroy : Call<ops::QDestroy> {
    explicit Destroy(const Machine &) { r = {{any_slot()}}; }
    void apply(Machine &m) const override { m.slots[r.slot.v] = {}; }
};

void random_call_sequence_matches_the_model(Mode mode)
{
    Machine initial;
    initial.layout = *any_layout();
    Calls calls;
    calls.program.layout = initial.layout;
    rc::state::check(initial, calls,
                     rc::state::gen::execOneOfWithArgs<InitOwned, InitExternal, InitBuf, Add, Add, Concat, ConcatIov,
                                                       DiscardBack, Reset, InitSlice, InitExtended, DataCall, DataCall,
                                                       Compare, Clone, Destroy>());
    const CheckResult r = conforms(calls.program, mode);
    // The share of calls the contract handler rejected: most should be inside.
    const size_t percent_out = r.ops_run ? 100 * r.violations / r.ops_run : 0;
    RC_TAG(percent_out < 10 ? "< 10% of calls out of contract" : percent_out < 25 ? "10-25% out" : ">= 25% out",
           r.ops_run >= 20 ? ">= 20 calls" : "< 20 calls");
}

RC_GTEST_PROP(QemuIovecStateful, RandomCallSequencesMatchTheModel, ()) { random_call_sequence_matches_the_model(Mode::Strict); }

RC_GTEST_PROP(QemuIovecStateful, RandomCallSequencesInLenientMode, ()) { random_call_sequence_matches_the_model(Mode::Lenient); }

}  // namespace
}  // namespace iovcheck::props
