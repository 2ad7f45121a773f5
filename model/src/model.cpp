// The reference model: each operation of SPEC.md restated on the flat view
// of the stream (see model.h).  Written for obviousness, not speed.
#include <iovcheck/model.h>

#include <algorithm>
#include <cerrno>

namespace iovcheck::model {

namespace {

template <class T>
Outcome<T> violation(std::string why, T neutral = T{})
{
    Outcome<T> out;
    out.value = neutral;
    out.violation = true;
    out.why = std::move(why);
    return out;
}

template <class T>
Outcome<T> result(T value)
{
    Outcome<T> out;
    out.value = std::move(value);
    return out;
}

std::string num(size_t v) { return std::to_string(v); }

// "offset <= size", the precondition of every byte mover.
bool offset_in_stream(size_t offset, size_t size) { return offset <= size; }

// "len <= size && off <= size - len": the range [off, off+len) is inside.
bool range_in_stream(size_t off, size_t len, size_t size) { return len <= size && off <= size - len; }

// Start of every entry in the stream (s_k of SPEC.md).
std::vector<size_t> starts(IovView iov)
{
    std::vector<size_t> s;
    s.reserve(iov.size());
    size_t pos = 0;
    for (const Seg &seg : iov) {
        s.push_back(pos);
        pos += seg.len;
    }
    return s;
}

// Calls visit(i, addr) for i in [0, n), addr being the address of stream
// position offset + i: the same pairs as stream(iov)[offset + i], walked in
// place (building the whole address list on every call was most of the
// model's cost in the fuzz targets).  The caller guarantees
// offset + n <= size(iov).
template <class Visit>
void for_each_address(IovView iov, size_t offset, size_t n, Visit visit)
{
    size_t pos = 0;   // stream position of the byte at seg.base + k
    size_t done = 0;  // positions visited so far
    for (const Seg &seg : iov) {
        for (size_t k = 0; k < seg.len && done < n; k++, pos++) {
            if (pos >= offset) {
                visit(done, seg.base + k);
                done++;
            }
        }
        if (done == n) {
            return;
        }
    }
}

// The entries of `iov` that stream [off, off+n) meets (zero-length entries
// never), each cut to the range: the rule of iov_copy and concat_iov.
Iov entries_met(IovView iov, size_t off, size_t n)
{
    Iov out;
    const std::vector<size_t> s = starts(iov);
    for (size_t k = 0; k < iov.size(); k++) {
        size_t begin = std::max(s[k], off);
        size_t end = std::min(s[k] + iov[k].len, off + n);
        if (iov[k].len > 0 && begin < end) {
            out.push_back({iov[k].base + (begin - s[k]), end - begin});
        }
    }
    return out;
}

void append_entry(Vector &q, Seg seg)
{
    if (q.niov() == q.nalloc) {
        q.nalloc = 2 * q.nalloc + 1;
    }
    q.entries.push_back(seg);
    q.size += seg.len;
}

}  // namespace

const char *kind_name(Vector::Kind kind)
{
    switch (kind) {
    case Vector::Kind::Owned: return "owned";
    case Vector::Kind::External: return "external";
    case Vector::Kind::Embedded: return "embedded";
    }
    return "?";
}

size_t size(IovView iov)
{
    size_t total = 0;
    for (const Seg &seg : iov) {
        total += seg.len;  // modulo 2^64, as SPEC.md says
    }
    return total;
}

std::vector<uintptr_t> stream(IovView iov)
{
    std::vector<uintptr_t> addrs;
    addrs.reserve(size(iov));
    for (const Seg &seg : iov) {
        for (size_t i = 0; i < seg.len; i++) {
            addrs.push_back(seg.base + i);
        }
    }
    return addrs;
}

// ---- Byte movers -------------------------------------------------------------

Outcome<size_t> from_buf(Memory &mem, IovView iov, size_t offset, const uint8_t *buf,
                         size_t bytes)
{
    const size_t total = size(iov);
    if (!offset_in_stream(offset, total)) {
        return violation<size_t>("offset=" + num(offset) + " > size=" + num(total));
    }
    const size_t n = std::min(bytes, total - offset);
    for_each_address(iov, offset, n, [&](size_t i, uintptr_t addr) { mem.write(addr, buf[i]); });
    return result(n);
}

Outcome<std::vector<uint8_t>> to_buf(const Memory &mem, IovView iov, size_t offset,
                                     size_t bytes)
{
    const size_t total = size(iov);
    if (!offset_in_stream(offset, total)) {
        return violation<std::vector<uint8_t>>("offset=" + num(offset) + " > size=" + num(total));
    }
    const size_t n = std::min(bytes, total - offset);
    std::vector<uint8_t> out(n);
    for_each_address(iov, offset, n, [&](size_t i, uintptr_t addr) { out[i] = mem.read(addr); });
    return result(std::move(out));
}

Outcome<size_t> memset(Memory &mem, IovView iov, size_t offset, int fillc, size_t bytes)
{
    const size_t total = size(iov);
    if (!offset_in_stream(offset, total)) {
        return violation<size_t>("offset=" + num(offset) + " > size=" + num(total));
    }
    const size_t n = std::min(bytes, total - offset);
    const auto value = static_cast<uint8_t>(static_cast<unsigned char>(fillc));
    for_each_address(iov, offset, n, [&](size_t, uintptr_t addr) { mem.write(addr, value); });
    return result(n);
}

namespace {
const char kHexDigits[] = "0123456789abcdef";

// `value` in lower-case hex, zero-padded to at least `min_digits` digits.
std::string hex(size_t value, size_t min_digits)
{
    std::string digits;
    do {
        digits.insert(digits.begin(), kHexDigits[value % 16]);
        value /= 16;
    } while (value > 0);
    if (digits.size() < min_digits) {
        digits.insert(0, min_digits - digits.size(), '0');
    }
    return digits;
}

// SPEC.md's ASCII column: below ' ' or above '~' as a signed char is '.'.
char printable(uint8_t byte)
{
    const auto c = static_cast<signed char>(byte);
    return (c < ' ' || c > '~') ? '.' : static_cast<char>(c);
}
}  // namespace

std::string hexdump(const Memory &mem, IovView iov, const std::string &prefix, size_t limit)
{
    // The first min(size, limit) bytes of the stream.
    const std::vector<uint8_t> bytes = to_buf(mem, iov, 0, limit).value;
    const size_t shown = bytes.size();
    std::string text;
    // About the final size (offsets past 4 digits add a little): one
    // allocation instead of one per doubling.
    text.reserve((shown + 15) / 16 * (prefix.size() + 80));
    for (size_t line = 0; line < shown; line += 16) {
        text += prefix;
        text += ": ";
        text += hex(line, 4);
        text += ':';
        for (size_t slot = 0; slot < 16; slot++) {
            if (slot % 4 == 0) {
                text += ' ';
            }
            if (line + slot < shown) {
                const uint8_t b = bytes[line + slot];
                text += ' ';
                text += kHexDigits[b >> 4];
                text += kHexDigits[b & 15];
            } else {
                text += "   ";
            }
        }
        text += ' ';
        for (size_t slot = 0; slot < 16 && line + slot < shown; slot++) {
            text += printable(bytes[line + slot]);
        }
        text += '\n';
    }
    return text;
}

// ---- iov_send_recv ------------------------------------------------------------------

Outcome<SendRecvExpect> send_recv(Memory &mem, IovView iov, size_t offset, size_t bytes,
                                  bool do_send, const Peer &peer)
{
    const size_t total = size(iov);
    if (!range_in_stream(offset, bytes, total)) {
        SendRecvExpect neutral;
        neutral.ret = neutral.ret_min = -1;
        neutral.err = EINVAL;
        return violation<SendRecvExpect>("offset=" + num(offset) + " bytes=" + num(bytes) +
                                             " not inside size=" + num(total),
                                         neutral);
    }
    SendRecvExpect expect;
    if (do_send) {
        expect.to_peer = to_buf(mem, iov, offset, bytes).value;
        expect.ret = static_cast<ssize_t>(bytes);
        // Non-blocking: the socket buffer takes at least one byte of an
        // empty socket, and perhaps not all.
        expect.ret_min = (peer.nonblocking && bytes > 0) ? 1 : expect.ret;
        return result(expect);
    }
    const size_t available = peer.sends.size();
    size_t moved = std::min(bytes, available);
    if (moved < bytes && moved == 0 && peer.nonblocking && !peer.shuts_down) {
        expect.ret = expect.ret_min = -1;  // nothing moved and EAGAIN
        expect.err = EAGAIN;
        return result(expect);
    }
    for_each_address(iov, offset, moved, [&](size_t i, uintptr_t addr) { mem.write(addr, peer.sends[i]); });
    expect.ret = expect.ret_min = static_cast<ssize_t>(moved);
    return result(expect);
}

// ---- iov_copy ------------------------------------------------------------------------

Outcome<Iov> copy(IovView iov, unsigned dst_cnt, size_t offset, size_t bytes)
{
    const size_t total = size(iov);
    if (!offset_in_stream(offset, total)) {
        return violation<Iov>("offset=" + num(offset) + " > size=" + num(total));
    }
    if (offset > 0 && dst_cnt == 0) {
        return violation<Iov>("dst_cnt=0 with offset=" + num(offset));
    }
    const size_t n = std::min(bytes, total - offset);
    Iov out = entries_met(iov, offset, n);
    if (n == 0) {
        // The edge of SPEC.md: offset strictly inside a segment gives one
        // zero-length entry there.
        const std::vector<size_t> s = starts(iov);
        for (size_t k = 0; k < iov.size(); k++) {
            if (s[k] < offset && offset < s[k] + iov[k].len) {
                out.push_back({iov[k].base + (offset - s[k]), 0});
            }
        }
    }
    if (out.size() > dst_cnt) {
        out.resize(dst_cnt);
    }
    return result(out);
}

// ---- Discard and undo ------------------------------------------------------------------

Iov View::entries() const
{
    const IovView current = span();
    return Iov(current.begin(), current.end());
}

IovView View::span() const { return IovView(array).subspan(start, cnt); }

size_t discard_front(View &view, size_t bytes, Undo *undo)
{
    const size_t removed = std::min(bytes, size(view.span()));
    size_t left = removed;
    while (view.cnt > 0 && view.array[view.start].len <= left) {
        left -= view.array[view.start].len;
        view.start++;
        view.cnt--;
    }
    Undo record;
    if (view.cnt > 0) {
        Seg &first = view.array[view.start];
        record = {static_cast<long>(view.start), first};
        first.base += left;
        first.len -= left;
    }
    if (undo) {
        *undo = record;
    }
    return removed;
}

size_t discard_back(View &view, size_t bytes, Undo *undo)
{
    const size_t removed = std::min(bytes, size(view.span()));
    size_t left = removed;
    while (view.cnt > 0 && view.array[view.start + view.cnt - 1].len <= left) {
        left -= view.array[view.start + view.cnt - 1].len;
        view.cnt--;
    }
    Undo record;
    if (view.cnt > 0) {
        Seg &last = view.array[view.start + view.cnt - 1];
        record = {static_cast<long>(view.start + view.cnt - 1), last};
        last.len -= left;
    }
    if (undo) {
        *undo = record;
    }
    return removed;
}

void discard_undo(View &view, const Undo &undo)
{
    if (undo.modified >= 0) {
        view.array[static_cast<size_t>(undo.modified)] = undo.orig;
    }
}

// ---- QEMUIOVector ----------------------------------------------------------------------

Iov slice(IovView iov, size_t off, size_t len)
{
    const std::vector<size_t> s = starts(iov);
    const size_t cnt = iov.size();
    const size_t end = off + len;
    size_t first = 0;
    while (first < cnt && !(s[first] == off || s[first] + iov[first].len > off)) {
        first++;
    }
    size_t last = first;
    while (last < cnt && !(s[last] == end || s[last] + iov[last].len > end)) {
        last++;
    }
    if (last < cnt && s[last] < end && end < s[last] + iov[last].len) {
        last++;  // the range ends strictly inside entry `last`
    }
    Iov out;
    out.reserve(last - first);
    for (size_t k = first; k < last; k++) {
        size_t begin = std::max(s[k], off);
        size_t stop = std::max(begin, std::min(s[k] + iov[k].len, end));
        out.push_back({iov[k].base + (begin - s[k]), stop - begin});
    }
    return out;
}

Outcome<Nothing> qiov_init(Vector &q, int hint)
{
    if (hint < 0) {
        return violation<Nothing>("alloc_hint=" + std::to_string(hint) + " < 0");
    }
    q = Vector{};
    q.nalloc = hint;
    return {};
}

Outcome<Nothing> qiov_init_external(Vector &q, IovView array, int niov)
{
    if (niov < 0) {
        return violation<Nothing>("niov=" + std::to_string(niov) + " < 0");
    }
    q = Vector{};
    q.kind = Vector::Kind::External;
    q.entries.assign(array.begin(), array.begin() + niov);
    q.nalloc = -1;
    q.size = size(q.entries);
    return {};
}

void qiov_init_buf(Vector &q, Seg buf)
{
    q = Vector{};
    q.kind = Vector::Kind::Embedded;
    q.entries = {buf};
    q.nalloc = -1;
    q.size = buf.len;
    q.local_base = buf.base;
}

Outcome<uintptr_t> qiov_buf(const Vector &q)
{
    if (q.kind != Vector::Kind::Embedded) {
        return violation<uintptr_t>(std::string("vector is ") + kind_name(q.kind) +
                                    ", not embedded");
    }
    return result(q.local_base);
}

Outcome<Nothing> qiov_add(Vector &q, Seg seg)
{
    if (q.kind != Vector::Kind::Owned) {
        return violation<Nothing>(std::string("vector is ") + kind_name(q.kind) + ", not owned");
    }
    append_entry(q, seg);
    return {};
}

Outcome<size_t> qiov_concat_iov(Vector &dst, IovView src, size_t soff, size_t sbytes)
{
    if (sbytes == 0) {
        return result<size_t>(0);
    }
    if (dst.kind != Vector::Kind::Owned) {
        return violation<size_t>(std::string("dst is ") + kind_name(dst.kind) + ", not owned");
    }
    const size_t total = size(src);
    if (!offset_in_stream(soff, total)) {
        return violation<size_t>("soffset=" + num(soff) + " > size=" + num(total));
    }
    const size_t n = std::min(sbytes, total - soff);
    // Every entry is taken before the first is appended: src may be dst's
    // own entries (qiov_concat of a vector with itself).
    const Iov met = entries_met(src, soff, n);
    for (const Seg &seg : met) {
        append_entry(dst, seg);
    }
    return result(n);
}

// dst and src may be the same vector (see qiov_concat_iov).
Outcome<Nothing> qiov_concat(Vector &dst, const Vector &src, size_t soff, size_t sbytes)
{
    Outcome<size_t> r = qiov_concat_iov(dst, src.entries, soff, sbytes);
    Outcome<Nothing> out;
    out.violation = r.violation;
    out.why = r.why;
    return out;
}

Outcome<int> qiov_subvec_niov(const Vector &q, size_t off, size_t len)
{
    if (!range_in_stream(off, len, q.size)) {
        return violation<int>("offset=" + num(off) + " len=" + num(len) +
                              " not inside size=" + num(q.size));
    }
    return result(static_cast<int>(slice(q.entries, off, len).size()));
}

Outcome<SliceBounds> qiov_slice(const Vector &q, size_t off, size_t len)
{
    if (!range_in_stream(off, len, q.size)) {
        return violation<SliceBounds>("offset=" + num(off) + " len=" + num(len) + " not inside size=" + num(q.size));
    }
    const IovView iov = q.entries;
    const std::vector<size_t> s = starts(iov);
    const size_t cnt = iov.size(), end = off + len;
    SliceBounds b;
    while (b.first < cnt && !(s[b.first] == off || s[b.first] + iov[b.first].len > off)) {
        b.first++;
    }
    b.head = b.first < cnt ? off - s[b.first] : 0;
    size_t last = b.first;
    while (last < cnt && !(s[last] == end || s[last] + iov[last].len > end)) {
        last++;
    }
    if (last < cnt && s[last] < end && end < s[last] + iov[last].len) {
        b.tail = s[last] + iov[last].len - end;  // the range ends strictly inside entry `last`
        last++;
    }
    b.niov = static_cast<int>(last - b.first);
    return result(b);
}

Outcome<int> qiov_init_extended(Vector &q, uintptr_t head, size_t hlen, const Vector &mid,
                                size_t moff, size_t mlen, uintptr_t tail, size_t tlen)
{
    if (static_cast<size_t>(mid.niov()) > kIovMax) {
        return violation<int>("mid niov=" + std::to_string(mid.niov()) + " > IOV_MAX", -EINVAL);
    }
    if (hlen > SIZE_MAX - mlen || hlen + mlen > SIZE_MAX - tlen) {
        return result(-EINVAL);  // the total length overflows size_t
    }
    Iov middle;
    if (mlen > 0) {
        if (!range_in_stream(moff, mlen, mid.size)) {
            return violation<int>("mid offset=" + num(moff) + " len=" + num(mlen) +
                                      " not inside size=" + num(mid.size),
                                  -EINVAL);
        }
        middle = slice(mid.entries, moff, mlen);
    }
    Iov all;
    if (hlen > 0) {
        all.push_back({head, hlen});
    }
    all.insert(all.end(), middle.begin(), middle.end());
    if (tlen > 0) {
        all.push_back({tail, tlen});
    }
    if (all.size() > kIovMax) {
        return result(-EINVAL);
    }
    if (all.size() == 1) {
        qiov_init_buf(q, all[0]);
        return result(0);
    }
    q = Vector{};
    q.entries = all;
    q.nalloc = static_cast<int>(all.size());
    q.size = size(all);
    return result(0);
}

Outcome<Nothing> qiov_init_slice(Vector &q, const Vector &src, size_t off, size_t len)
{
    if (!range_in_stream(off, len, src.size)) {
        return violation<Nothing>("offset=" + num(off) + " len=" + num(len) +
                                  " not inside size=" + num(src.size));
    }
    Outcome<int> r = qiov_init_extended(q, 0, 0, src, off, len, 0, 0);
    Outcome<Nothing> out;
    out.violation = r.violation;
    out.why = r.why;
    return out;
}

Outcome<bool> qiov_is_zero(const Memory &mem, const Vector &q, size_t off, size_t bytes)
{
    if (!range_in_stream(off, bytes, q.size)) {
        return violation<bool>("offset=" + num(off) + " bytes=" + num(bytes) +
                               " not inside size=" + num(q.size));
    }
    for (uint8_t b : to_buf(mem, q.entries, off, bytes).value) {
        if (b != 0) {
            return result(false);
        }
    }
    return result(true);
}

Outcome<ssize_t> qiov_compare(const Memory &mem, const Vector &a, const Vector &b)
{
    if (a.niov() != b.niov()) {
        return violation<ssize_t>("niov " + std::to_string(a.niov()) +
                                  " != " + std::to_string(b.niov()));
    }
    for (size_t k = 0; k < a.entries.size(); k++) {
        if (a.entries[k].len != b.entries[k].len) {
            return violation<ssize_t>("entry " + num(k) + " lengths " + num(a.entries[k].len) +
                                      " != " + num(b.entries[k].len));
        }
    }
    const std::vector<uint8_t> x = to_buf(mem, a.entries, 0, SIZE_MAX).value;
    const std::vector<uint8_t> y = to_buf(mem, b.entries, 0, SIZE_MAX).value;
    for (size_t i = 0; i < x.size(); i++) {
        if (x[i] != y[i]) {
            return result(static_cast<ssize_t>(i));
        }
    }
    return result<ssize_t>(-1);
}

namespace {
// U of SPEC.md, every address some entry of src covers, kept as sorted,
// disjoint runs [base, base + len): the same set of addresses as inserting
// every covered byte into a std::set, without a node per byte.
struct CoveredSet {
    std::vector<Seg> runs;              // sorted by base, neither overlapping nor touching
    std::vector<size_t> covered_before; // [k]: addresses in runs[0 .. k)
};

CoveredSet covered(const Vector &src)
{
    std::vector<Seg> pieces;
    pieces.reserve(src.entries.size());  // (the oracle calls this on every clone: one allocation, not log n)
    for (const Seg &seg : src.entries) {
        if (seg.len > 0) {
            pieces.push_back(seg);
        }
    }
    std::sort(pieces.begin(), pieces.end(), [](const Seg &x, const Seg &y) { return x.base < y.base; });
    CoveredSet u;
    u.runs.reserve(pieces.size());
    u.covered_before.reserve(pieces.size() + 1);
    for (const Seg &seg : pieces) {
        // An entry overlapping or touching the last run extends it.
        if (!u.runs.empty() && seg.base <= u.runs.back().base + u.runs.back().len) {
            Seg &last = u.runs.back();
            last.len = std::max(last.base + last.len, seg.base + seg.len) - last.base;
        } else {
            u.runs.push_back(seg);
        }
    }
    size_t count = 0;
    for (const Seg &run : u.runs) {
        u.covered_before.push_back(count);
        count += run.len;
    }
    u.covered_before.push_back(count);  // [runs.size()]: |U|
    return u;
}

// |U ∩ (-inf, x)|.  Runs [0, k) start below x; all but the last of them
// end below the last one's start, so they count whole; the last counts up
// to x.
size_t covered_below(const CoveredSet &u, uintptr_t x)
{
    const size_t k = static_cast<size_t>(
        std::partition_point(u.runs.begin(), u.runs.end(), [&](const Seg &run) { return run.base < x; }) -
        u.runs.begin());
    if (k == 0) {
        return 0;
    }
    const Seg &last = u.runs[k - 1];
    return u.covered_before[k - 1] + std::min(last.len, x - last.base);
}
}  // namespace

size_t clone_union_size(const Vector &src) { return covered(src).covered_before.back(); }

Outcome<Nothing> qiov_clone(Vector &dst, const Vector &src, uintptr_t buf)
{
    if (dst.kind != Vector::Kind::Owned) {
        return violation<Nothing>(std::string("dst is ") + kind_name(dst.kind) + ", not owned");
    }
    const CoveredSet u = covered(src);
    for (const Seg &seg : src.entries) {
        // buf + |U ∩ (-inf, x)|
        append_entry(dst, {buf + covered_below(u, seg.base), seg.len});
    }
    return {};
}

Outcome<Nothing> qiov_reset(Vector &q)
{
    if (q.kind != Vector::Kind::Owned) {
        return violation<Nothing>(std::string("vector is ") + kind_name(q.kind) + ", not owned");
    }
    q.entries.clear();
    q.size = 0;
    return {};
}

void qiov_destroy(Vector &q) { q = Vector{}; }

Outcome<Nothing> qiov_discard_back(Vector &q, size_t bytes)
{
    if (bytes > q.size) {
        return violation<Nothing>("bytes=" + num(bytes) + " > size=" + num(q.size));
    }
    View view{q.entries, 0, static_cast<unsigned>(q.entries.size())};
    discard_back(view, bytes, nullptr);
    q.entries = view.entries();
    q.size = size(q.entries);
    return {};
}

}  // namespace iovcheck::model
