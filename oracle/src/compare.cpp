// Comparison and explanation (see compare.h).
#include "compare.h"

#include "model_world.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <type_traits>

namespace iovcheck::oracle_internal {

using model::Seg;

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

namespace {

std::string bytes_text(const std::vector<uint8_t> &v, size_t from, size_t count)
{
    std::string text;
    char hex[4];
    for (size_t i = from; i < v.size() && i < from + count; i++) {
        snprintf(hex, sizeof hex, "%02x", v[i]);
        // Appended piece by piece: `" " + std::string(hex)` trips g++ 12's
        // -Wrestrict false positive in Release builds.
        if (i > from) {
            text += ' ';
        }
        text += hex;
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

// Printable bytes in double quotes.  Appended piece by piece: `"\"" +
// std::string(...)` trips g++ 12's -Wrestrict false positive at -O3.
std::string quoted(const std::vector<uint8_t> &bytes)
{
    std::string text;
    text.reserve(bytes.size() + 2);
    text += '"';
    text.append(bytes.begin(), bytes.end());
    text += '"';
    return text;
}

// The first difference of two byte strings (expected `want`, actual `got`), for a person.
void describe_bytes(const std::vector<uint8_t> &want, const std::vector<uint8_t> &got, Difference &d)
{
    if (printable(want) && printable(got)) {
        d.expected = quoted(want);
        d.actual = quoted(got);
        return;
    }
    size_t i = 0;
    while (i < want.size() && i < got.size() && want[i] == got[i]) {
        i++;
    }
    d.what += " (" + std::to_string(want.size()) + " bytes expected, " + std::to_string(got.size()) +
              " got; first difference at byte " + std::to_string(i) + ")";
    const size_t from = i > 4 ? i - 4 : 0;
    d.expected = "from byte " + std::to_string(from) + ": " + bytes_text(want, from, 16);
    d.actual = "from byte " + std::to_string(from) + ": " + bytes_text(got, from, 16);
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

const char *mode_name(Mode mode)
{
    return mode == Mode::Strict ? "strict (handler unwinds)" : "lenient (handler returns)";
}

}  // namespace

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
            describe_bytes(want, r.data, d);
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

bool compare_state(const Space &space, const State &e, const State &r, Difference &d)
{
    for (const Space::Span &span : space.compared_spans) {
        const size_t n = span.end - span.begin;
        if (std::memcmp(e.memory + span.begin, r.memory + span.begin, n) != 0) {
            size_t i = span.begin;
            while (e.memory[i] == r.memory[i]) {
                i++;
            }
            char exp[8], act[8];
            snprintf(exp, sizeof exp, "0x%02x", e.memory[i]);
            snprintf(act, sizeof act, "0x%02x", r.memory[i]);
            d = {"memory: first differing byte is " + space.where(i), exp, act};
            return false;
        }
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

// The explanation of a divergence at op `index`.  The state before the call
// is the model's, rebuilt by replaying the calls before it (the model is
// deterministic), so that the passing path keeps no snapshots.
namespace {

// Adds a slot argument to `named` once.
template <typename Field>
void name_slot(const Field &field, std::vector<uint64_t> &named)
{
    if constexpr (std::is_same_v<Field, Slot>) {
        if (std::find(named.begin(), named.end(), field.v) == named.end()) {
            named.push_back(field.v);
        }
    }
}

}  // namespace

std::string explain(const Program &p, const Space &space, size_t index, const std::string &who, Mode mode,
                    const Difference &d, const std::string &rule)
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
        << (rule.empty() ? "" : "rule:     " + rule + "\n")
        << "before the call (model): iov = &array[" << before.view->start << "], cnt " << before.view->cnt
        << ", stream " << seg_list(space, before.view->entries()) << "\n";
    // The slots the call names, each once (concat and compare may name one twice).
    std::vector<uint64_t> named;
    visit(op, [&](const auto &r) {
        std::apply([&](const auto &...field) { (name_slot(field, named), ...); }, r.fields());
    });
    for (uint64_t s : named) {
        out << "  slot " << s << ": " << vector_text(space, *before.slots[s], before.locations[s]) << "\n";
    }
    out << "program (normalized):\n" << describe(p);
    return out.str();
}

}  // namespace iovcheck::oracle_internal
