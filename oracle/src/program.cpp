// Program: names of the ops, normalization, readable and GoogleTest forms.
#include <iovcheck/program.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <sstream>

namespace iovcheck {

namespace {

struct OpInfo {
    const char *name;       // the API name
    const char *enumerator; // OpKind::<enumerator>, for to_gtest
    std::vector<const char *> args;
};

const OpInfo &info(OpKind kind)
{
    static const OpInfo table[kOpKinds] = {
        {"iov_from_buf_full", "FromBufFull", {"offset", "bytes"}},
        {"iov_to_buf_full", "ToBufFull", {"offset", "bytes"}},
        {"iov_from_buf", "FromBuf", {"offset", "bytes"}},
        {"iov_to_buf", "ToBuf", {"offset", "bytes"}},
        {"iov_memset", "Memset", {"offset", "fillc", "bytes"}},
        {"iov_size", "Size", {}},
        {"iov_copy", "Copy", {"dst_cnt", "offset", "bytes"}},
        {"iov_hexdump", "Hexdump", {"prefix", "limit"}},
        {"iov_send_recv", "SendRecv", {"offset", "bytes", "flags", "peer_chunk", "peer_bytes"}},
        {"iov_discard_front", "DiscardFront", {"bytes", "with_undo"}},
        {"iov_discard_back", "DiscardBack", {"bytes", "with_undo"}},
        {"iov_discard_undo", "DiscardUndo", {}},
        {"qemu_iovec_init", "QInit", {"slot", "alloc_hint"}},
        {"qemu_iovec_init_external", "QInitExternal", {"slot", "niov"}},
        {"qemu_iovec_init_buf", "QInitBuf", {"slot", "seg", "off", "len"}},
        {"QEMU_IOVEC_INIT_BUF", "QInitBufMacro", {"slot", "seg", "off", "len"}},
        {"qemu_iovec_buf", "QBuf", {"slot"}},
        {"qemu_iovec_add", "QAdd", {"slot", "seg", "off", "len"}},
        {"qemu_iovec_concat_iov", "QConcatIov", {"dst", "soffset", "sbytes"}},
        {"qemu_iovec_concat", "QConcat", {"dst", "src", "soffset", "sbytes"}},
        {"qemu_iovec_subvec_niov", "QSubvecNiov", {"slot", "offset", "len"}},
        {"qemu_iovec_init_extended", "QInitExtended",
         {"slot", "head_len", "mid", "mid_offset", "mid_len", "tail_len"}},
        {"qemu_iovec_init_slice", "QInitSlice", {"slot", "src", "offset", "len"}},
        {"qemu_iovec_is_zero", "QIsZero", {"slot", "offset", "bytes"}},
        {"qemu_iovec_to_buf", "QToBuf", {"slot", "offset", "bytes"}},
        {"qemu_iovec_from_buf", "QFromBuf", {"slot", "offset", "bytes"}},
        {"qemu_iovec_memset", "QMemset", {"slot", "offset", "fillc", "bytes"}},
        {"qemu_iovec_compare", "QCompare", {"a", "b"}},
        {"qemu_iovec_clone", "QClone", {"dst", "src"}},
        {"qemu_iovec_reset", "QReset", {"slot"}},
        {"qemu_iovec_destroy", "QDestroy", {"slot"}},
        {"qemu_iovec_discard_back", "QDiscardBack", {"slot", "bytes"}},
    };
    unsigned k = static_cast<unsigned>(kind);
    return table[k < kOpKinds ? k : static_cast<unsigned>(OpKind::Size)];
}

// Integer arguments the API takes as int: kept as the int the call sees.
uint64_t as_int_arg(uint64_t raw, int64_t max)
{
    int64_t v = static_cast<int32_t>(static_cast<uint32_t>(raw));
    return static_cast<uint64_t>(std::min<int64_t>(v, max));
}

uint64_t other_slot(uint64_t slot, uint64_t other)
{
    other %= kSlots;
    return other == slot ? (slot + 1) % kSlots : other;
}

// A huge head/tail length is only kept when it makes the total overflow
// (the -EINVAL path); otherwise it must fit the side buffer it points into.
uint64_t side_len(uint64_t len, uint64_t total_of_others_overflows_with_it)
{
    return total_of_others_overflows_with_it ? len : len % (kSideLen + 1);
}

bool sum_overflows(uint64_t a, uint64_t b, uint64_t c) { return a > SIZE_MAX - b || a + b > SIZE_MAX - c; }

std::string number(uint64_t v)
{
    if (v >= SIZE_MAX - 4096) {
        return v == SIZE_MAX ? "SIZE_MAX" : "SIZE_MAX-" + std::to_string(SIZE_MAX - v);
    }
    return std::to_string(v);
}

}  // namespace

const char *op_name(OpKind kind) { return info(kind).name; }
unsigned op_arity(OpKind kind) { return static_cast<unsigned>(info(kind).args.size()); }

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
    const size_t nseg = l.seg_len.size();
    size_t stream_size = 0;
    for (size_t len : l.seg_len) {
        stream_size += len;
    }
    constexpr uint64_t kMaxPeerPieces = 4096;

    for (Op &op : p.ops) {
        if (static_cast<unsigned>(op.kind) >= kOpKinds) {
            op.kind = OpKind::Size;
        }
        for (unsigned i = op_arity(op.kind); i < op.a.size(); i++) {
            op.a[i] = 0;
        }
        auto &a = op.a;
        // Pointer ranges inside a segment: (seg, off, len) at a[1..3].
        auto clamp_seg_range = [&] {
            if (nseg == 0) {
                a[1] = a[2] = a[3] = 0;
                return;
            }
            a[1] %= nseg;
            a[2] = std::min<uint64_t>(a[2], l.seg_len[a[1]]);
            a[3] = std::min<uint64_t>(a[3], l.seg_len[a[1]] - a[2]);
        };
        switch (op.kind) {
        case OpKind::Memset: a[1] = as_int_arg(a[1], INT_MAX); break;
        case OpKind::Copy: a[0] = static_cast<uint32_t>(a[0]); break;
        case OpKind::Hexdump: a[0] %= std::size(kHexdumpPrefixes); break;
        case OpKind::SendRecv: {
            a[2] &= kDoSend | kNonBlocking | kPeerKeepsOpen;
            if ((a[2] & kDoSend) || !(a[2] & kNonBlocking)) {
                a[2] &= ~uint64_t{kPeerKeepsOpen};
            }
            // A non-blocking receive reads what the peer wrote before the
            // call, which must fit the socket buffer.
            a[4] = std::min<uint64_t>(a[4], (a[2] & kNonBlocking) ? 1 << 14 : kMaxLayoutBytes);
            // At most kMaxPeerPieces socket calls of the peer: one byte at
            // a time over a megabyte would outlast the call's deadline.
            const uint64_t moved = std::max<uint64_t>(std::min<uint64_t>(a[1], stream_size), a[4]);
            a[3] = std::clamp<uint64_t>(a[3], std::max<uint64_t>(1, (moved + kMaxPeerPieces - 1) / kMaxPeerPieces),
                                        1 << 16);
            break;
        }
        case OpKind::DiscardFront:
        case OpKind::DiscardBack: a[1] &= 1; break;
        case OpKind::QInit: a[0] %= kSlots; a[1] = as_int_arg(a[1], 4096); break;
        case OpKind::QInitExternal:
            a[0] %= kSlots;
            a[1] = as_int_arg(a[1], static_cast<int64_t>(nseg));
            break;
        case OpKind::QInitBuf:
        case OpKind::QInitBufMacro:
        case OpKind::QAdd: a[0] %= kSlots; clamp_seg_range(); break;
        // Concat of a vector with itself is allowed (core must read the
        // source entries before growing the array moves them); an init or
        // a clone into its own source is not.
        case OpKind::QConcat: a[0] %= kSlots; a[1] %= kSlots; break;
        case OpKind::QInitSlice:
        case OpKind::QClone: a[0] %= kSlots; a[1] = other_slot(a[0], a[1]); break;
        case OpKind::QInitExtended: {
            a[0] %= kSlots;
            a[2] = other_slot(a[0], a[2]);
            const bool overflows = sum_overflows(a[1], a[4], a[5]);
            a[1] = side_len(a[1], overflows);
            a[5] = side_len(a[5], overflows);
            break;
        }
        case OpKind::QCompare: a[0] %= kSlots; a[1] %= kSlots; break;
        case OpKind::QConcatIov:
        case OpKind::QBuf:
        case OpKind::QSubvecNiov:
        case OpKind::QIsZero:
        case OpKind::QToBuf:
        case OpKind::QFromBuf:
        case OpKind::QReset:
        case OpKind::QDestroy:
        case OpKind::QDiscardBack: a[0] %= kSlots; break;
        case OpKind::QMemset: a[0] %= kSlots; a[2] = as_int_arg(a[2], INT_MAX); break;
        default: break;
        }
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
        << ", fill seed " << l.fill_seed << "\n";
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
    const OpInfo &oi = info(op.kind);
    std::string name = oi.name;
    if ((op.kind == OpKind::DiscardFront || op.kind == OpKind::DiscardBack) && op.a[1]) {
        name += "_undoable";
    }
    if (op.kind == OpKind::SendRecv) {
        name = (op.a[2] & kDoSend) ? "iov_send" : "iov_recv";
    }
    std::string text = name + "(";
    for (size_t i = 0; i < oi.args.size(); i++) {
        text += (i ? ", " : "") + std::string(oi.args[i]) + "=" + number(op.a[i]);
    }
    text += ")";
    if (op.kind == OpKind::SendRecv) {
        text += std::string(" [") + ((op.a[2] & kNonBlocking) ? "non-blocking" : "blocking") +
                ((op.a[2] & kPeerKeepsOpen) ? ", peer keeps the socket open" : "") + "]";
    }
    if (op.kind == OpKind::Hexdump && op.a[0] < std::size(kHexdumpPrefixes)) {
        text += std::string(" [prefix \"") + kHexdumpPrefixes[op.a[0]] + "\"]";
    }
    return text;
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
        << "    using iovcheck::Op;\n    using iovcheck::OpKind;\n"
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
    out << "    p.layout.fill_seed = " << p.layout.fill_seed << "u;\n    p.ops = {\n";
    for (const Op &op : p.ops) {
        out << "        Op{OpKind::" << info(op.kind).enumerator << ", {";
        for (size_t i = 0; i < op.a.size(); i++) {
            out << (i ? ", " : "") << op.a[i] << "u";
        }
        out << "}},  // " << describe(op) << "\n";
    }
    out << "    };\n"
        << "    for (iovcheck::Mode mode : {iovcheck::Mode::Strict, iovcheck::Mode::Lenient}) {\n"
        << "        iovcheck::CheckResult r = iovcheck::check(iovcheck::core_impl(), p, mode);\n"
        << "        EXPECT_TRUE(r.ok) << r.explanation;\n    }\n}\n";
    return out.str();
}

}  // namespace iovcheck
