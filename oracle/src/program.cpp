// Program: names of the ops, normalization, readable and GoogleTest forms.
#include <iovcheck/program.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <sstream>
#include <string_view>
#include <type_traits>

namespace iovcheck {

namespace {

// Integer arguments the API takes as int: kept as the int the call sees.
uint64_t as_int_arg(uint64_t raw, int64_t max)
{
    int64_t v = static_cast<int32_t>(static_cast<uint32_t>(raw));
    return static_cast<uint64_t>(std::min<int64_t>(v, max));
}

// What normalize() maps into range for every argument of a domain.
template <Domain D>
void normalize_arg(Arg<D> &arg, const LayoutFacts &l)
{
    if constexpr (D == Domain::Slot) {
        arg.v %= kSlots;
    } else if constexpr (D == Domain::FillByte) {
        arg.v = as_int_arg(arg.v, INT_MAX);
    } else if constexpr (D == Domain::DstCount) {
        arg.v = static_cast<uint32_t>(arg.v);
    } else if constexpr (D == Domain::ArrayCount) {
        arg.v = as_int_arg(arg.v, static_cast<int64_t>(l.segments));
    } else if constexpr (D == Domain::AllocHint) {
        arg.v = as_int_arg(arg.v, 4096);
    } else if constexpr (D == Domain::Flag) {
        arg.v &= 1;
    } else if constexpr (D == Domain::HexdumpPrefix) {
        arg.v %= std::size(kHexdumpPrefixes);
    }
}

// The record's arguments mapped per domain, then by its own adjust().
template <typename Record>
void normalize_record(Record &r, const LayoutFacts &l)
{
    std::apply([&](auto &...field) { (normalize_arg(field, l), ...); }, r.fields());
    if constexpr (requires { r.adjust(l); }) {
        r.adjust(l);
    }
}

template <typename Record>
std::string title_of(const Record &r)
{
    if constexpr (requires { r.title(); }) {
        return r.title();
    } else {
        return Record::name;
    }
}

template <typename Record>
std::string note_of(const Record &r)
{
    if constexpr (requires { r.note(); }) {
        return r.note();
    } else {
        return "";
    }
}

std::string number(uint64_t v)
{
    if (v >= SIZE_MAX - 4096) {
        return v == SIZE_MAX ? "SIZE_MAX" : "SIZE_MAX-" + std::to_string(SIZE_MAX - v);
    }
    return std::to_string(v);
}

}  // namespace

const char *op_name(OpKind kind)
{
    return visit(Op::of_kind(kind), [](const auto &r) { return std::remove_cvref_t<decltype(r)>::name; });
}

unsigned op_arity(OpKind kind)
{
    return visit(Op::of_kind(kind), [](const auto &r) {
        return static_cast<unsigned>(field_count<std::remove_cvref_t<decltype(r)>>());
    });
}

Program normalize(const Program &in)
{
    Program p = in;
    Layout &l = p.layout;
    if (l.seg_len.size() > kMaxSegments) {
        l.seg_len.resize(kMaxSegments);
    }
    size_t budget = kMaxLayoutBytes;
    for (size_t &len : l.seg_len) {
        len = std::min({len, kMaxSegmentLen, budget});
        budget -= len;
    }
    if (l.shared_arena) {
        size_t longest = 0;
        for (size_t len : l.seg_len) {
            longest = std::max(longest, len);
        }
        l.arena_size = std::max(std::min(l.arena_size, kMaxLayoutBytes), longest);
        l.arena_offset.resize(l.seg_len.size(), 0);
        for (size_t i = 0; i < l.seg_len.size(); i++) {
            l.arena_offset[i] = std::min(l.arena_offset[i], l.arena_size - l.seg_len[i]);
        }
    } else {
        l.arena_size = 0;
        l.arena_offset.clear();
    }
    LayoutFacts facts{l.seg_len.size(), l.seg_len.data(), 0};
    for (size_t len : l.seg_len) {
        facts.stream_size += len;
    }
    for (Op &op : p.ops) {
        visit(op, [&](auto &r) { normalize_record(r, facts); });
    }
    return p;
}

std::string describe(const Layout &l)
{
    std::ostringstream out;
    size_t total = 0;
    for (size_t len : l.seg_len) {
        total += len;
    }
    out << "layout: " << l.seg_len.size() << " segment(s), stream size " << total << ", "
        << (l.shared_arena ? "windows of one shared arena of " + std::to_string(l.arena_size) + " bytes"
                           : std::string("each in its own guarded region"))
        << (l.fill == Layout::Fill::Sparse ? ", sparse fill seed " : ", fill seed ") << l.fill_seed << "\n";
    for (size_t i = 0; i < l.seg_len.size(); i++) {
        out << "  seg#" << i << ": len " << l.seg_len[i];
        if (l.shared_arena && i < l.arena_offset.size()) {
            const size_t a0 = l.arena_offset[i], a1 = a0 + l.seg_len[i];
            out << " at arena[" << a0 << ".." << a1 << ")";
            std::string aliases;
            for (size_t j = 0; j < l.seg_len.size() && j < l.arena_offset.size(); j++) {
                const size_t b0 = l.arena_offset[j], b1 = b0 + l.seg_len[j];
                if (j != i && a0 < b1 && b0 < a1) {
                    aliases += (aliases.empty() ? "" : ", ") + ("seg#" + std::to_string(j));
                }
            }
            if (!aliases.empty()) {
                out << ", overlaps " << aliases;
            }
        }
        out << "\n";
    }
    return out.str();
}

std::string describe(const Op &op)
{
    return visit(op, [](const auto &r) {
        using Record = std::remove_cvref_t<decltype(r)>;
        std::string text = title_of(r) + "(";
        size_t i = 0;
        std::apply(
            [&](const auto &...field) {
                ((text += (i ? ", " : "") + std::string(field_name<Record>(i)) + "=" + number(field.v), i++), ...);
            },
            r.fields());
        return text + ")" + note_of(r);
    });
}

std::string describe(const Program &p)
{
    std::string text = describe(p.layout);
    for (size_t i = 0; i < p.ops.size(); i++) {
        text += "  op#" + std::to_string(i) + " " + describe(p.ops[i]) + "\n";
    }
    return text;
}

std::string to_gtest(const Program &p, const std::string &name)
{
    std::ostringstream out;
    out << "// Regression test printed by iovcheck::to_gtest.\n"
        << "#include <gtest/gtest.h>\n#include <iovcheck/impl.h>\n#include <iovcheck/oracle.h>\n\n"
        << "TEST(OracleRegression, " << name << ")\n{\n"
        << "    using iovcheck::Op;\n"
        << "    iovcheck::Program p;\n";
    out << "    p.layout.seg_len = {";
    for (size_t i = 0; i < p.layout.seg_len.size(); i++) {
        out << (i ? ", " : "") << p.layout.seg_len[i] << "u";
    }
    out << "};\n";
    if (p.layout.shared_arena) {
        out << "    p.layout.shared_arena = true;\n    p.layout.arena_size = " << p.layout.arena_size
            << "u;\n    p.layout.arena_offset = {";
        for (size_t i = 0; i < p.layout.arena_offset.size(); i++) {
            out << (i ? ", " : "") << p.layout.arena_offset[i] << "u";
        }
        out << "};\n";
    }
    if (p.layout.fill == Layout::Fill::Sparse) {
        out << "    p.layout.fill = iovcheck::Layout::Fill::Sparse;\n";
    }
    out << "    p.layout.fill_seed = " << p.layout.fill_seed << "u;\n    p.ops = {\n";
    for (const Op &op : p.ops) {
        out << "        Op::of(iovcheck::ops::" << kOpKindNames[static_cast<size_t>(op.kind())] << "{"
            << visit(op, [](const auto &r) {
                   using Record = std::remove_cvref_t<decltype(r)>;
                   std::string fields;
                   size_t i = 0;
                   std::apply(
                       [&](const auto &...field) {
                           ((fields += (i ? ", ." : ".") + std::string(field_name<Record>(i)) + " = {" +
                                       std::to_string(field.v) + "u}",
                             i++),
                            ...);
                       },
                       r.fields());
                   return fields;
               })
            << "}),  // " << describe(op) << "\n";
    }
    out << "    };\n"
        << "    for (iovcheck::Mode mode : {iovcheck::Mode::Strict, iovcheck::Mode::Lenient}) {\n"
        << "        iovcheck::CheckResult r = iovcheck::check(iovcheck::core_impl(), p, mode);\n"
        << "        EXPECT_TRUE(r.ok) << r.explanation;\n    }\n}\n";
    return out.str();
}

}  // namespace iovcheck
