// iovcheck model: a naive reference model of every operation of SPEC.md,
// stated on a flat view of the stream.
//
// It knows nothing of core/ (no core header is included): a segment is a
// plain {base, len} pair of integers, memory is a flat array of byte values
// indexed by address, and an operation is a function of (memory, segments,
// arguments).  Aliasing is modelled because every read and write goes
// through `Memory`: a write to an address is seen by every segment covering
// it.  Addresses are whatever the caller chooses; the oracle uses offsets
// into its guarded memory.
//
// Every function is written the way SPEC.md states it, favouring obviousness
// over speed: build the list of stream addresses, then index it.
//
// Contract preconditions: each function first decides whether the call is a
// contract violation.  If so it changes nothing and returns the neutral
// result of lenient mode (SPEC.md, "Beyond the seed"), with `violation` set
// and `why` naming the broken precondition; under a handler that unwinds the
// caller only looks at `violation`.
//
// Usage:
//   model::Memory mem(4096);
//   model::Iov iov = {{100, 3}, {200, 0}, {300, 5}};
//   auto r = model::to_buf(mem, iov, /*offset=*/2, /*bytes=*/SIZE_MAX);
//   // r.violation == false, r.value == bytes at 102, 300..304
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <sys/types.h>
#include <vector>

namespace iovcheck::model {

// SPEC.md uses IOV_MAX; the Linux value, restated (the oracle asserts they agree).
constexpr size_t kIovMax = 1024;

// One segment of an iovec: addresses [base, base + len).
struct Seg {
    uintptr_t base = 0;
    size_t len = 0;
    bool operator==(const Seg &) const = default;
};
using Iov = std::vector<Seg>;
// A read-only view of entries: what every function that only reads an iovec
// takes, so a caller passes an Iov or a sub-range of one without a copy.
using IovView = std::span<const Seg>;

// Byte values by address, for addresses [0, size).
class Memory {
public:
    Memory() = default;
    explicit Memory(size_t size) : bytes_(size, 0) {}
    uint8_t read(uintptr_t addr) const { return bytes_.at(addr); }
    void write(uintptr_t addr, uint8_t value) { bytes_.at(addr) = value; }
    std::vector<uint8_t> &bytes() { return bytes_; }
    const std::vector<uint8_t> &bytes() const { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

// The result of one call: `value` is the return value (the neutral result
// when `violation`), `why` says which precondition was broken.
template <class T>
struct Outcome {
    T value{};
    bool violation = false;
    std::string why;
};
struct Nothing {};

// ---- The flat view -----------------------------------------------------------

// Sum of the lengths, modulo 2^64.
size_t size(IovView iov);
// The same for an Iov: without this exact match an unqualified size(iov)
// would pick std::size (found through std::vector's namespace), the count.
inline size_t size(const Iov &iov) { return size(IovView(iov)); }
// The stream: address of every stream position, in order.
std::vector<uintptr_t> stream(IovView iov);

// ---- Byte movers (also the qemu_iovec_{to,from}_buf / memset forms) ----------

// Writes buf[0..n) at stream [offset, offset+n), n = min(bytes, size-offset).
Outcome<size_t> from_buf(Memory &mem, IovView iov, size_t offset, const uint8_t *buf,
                         size_t bytes);
// The bytes of stream [offset, offset+n); n is value.size().
Outcome<std::vector<uint8_t>> to_buf(const Memory &mem, IovView iov, size_t offset,
                                     size_t bytes);
Outcome<size_t> memset(Memory &mem, IovView iov, size_t offset, int fillc, size_t bytes);

// The exact text iov_hexdump prints.
std::string hexdump(const Memory &mem, IovView iov, const std::string &prefix, size_t limit);

// ---- iov_send_recv -----------------------------------------------------------------

// What the peer does during one iov_send_recv call.
struct Peer {
    bool nonblocking = false;  // the socket under test is O_NONBLOCK
    // recv: the bytes the peer writes (all before the call when nonblocking).
    std::vector<uint8_t> sends;
    // recv: the peer shuts its writing side down after `sends`
    // (always true for blocking recv, or the call could not end).
    bool shuts_down = true;
};

// The expected result of iov_send_recv.
struct SendRecvExpect {
    // Return value and errno when ret == -1.  For a non-blocking send the
    // socket buffer decides how much fits: any return in [ret_min, ret] is
    // right, and the peer must have received exactly that prefix of to_peer.
    ssize_t ret = 0;
    ssize_t ret_min = 0;
    int err = 0;
    std::vector<uint8_t> to_peer;  // send: the bytes the peer must receive
};

// Send: memory is not changed.  Recv: writes the received bytes into `mem`.
Outcome<SendRecvExpect> send_recv(Memory &mem, IovView iov, size_t offset, size_t bytes,
                                  bool do_send, const Peer &peer);

// ---- iov_copy ------------------------------------------------------------------------

// The entries written to dst (value.size() is the return value).
Outcome<Iov> copy(IovView iov, unsigned dst_cnt, size_t offset, size_t bytes);

// ---- Discard and undo ------------------------------------------------------------------

// The caller's array and its current view iov[start .. start+cnt).
struct View {
    Iov array;
    size_t start = 0;
    unsigned cnt = 0;
    Iov entries() const;      // a copy of array[start .. start+cnt)
    IovView span() const;     // array[start .. start+cnt) in place, no copy
};
// IOVDiscardUndo: `modified` is an index into View::array (none: -1).
struct Undo {
    long modified = -1;
    Seg orig;
    bool operator==(const Undo &) const = default;
};

size_t discard_front(View &view, size_t bytes, Undo *undo);
size_t discard_back(View &view, size_t bytes, Undo *undo);
// Writes orig back; the view itself is the caller's to restore.
void discard_undo(View &view, const Undo &undo);

// ---- QEMUIOVector ----------------------------------------------------------------------

// The state of a QEMUIOVector.  A zeroed struct (after destroy, or never
// initialised) is an owned vector with no entries and nalloc == 0.
// External: `entries` is the wrapped array (its first niov entries).
struct Vector {
    enum class Kind { Owned, External, Embedded };
    Kind kind = Kind::Owned;
    Iov entries;     // iov[0 .. niov)
    int nalloc = 0;  // -1 unless Owned
    size_t size = 0; // == sum of entries' lengths
    // Embedded: local_iov.iov_base (local_iov.iov_len is `size`).  It
    // outlives the entry when discard_back drops it (qemu_iovec_buf).
    uintptr_t local_base = 0;
    int niov() const { return static_cast<int>(entries.size()); }
    bool operator==(const Vector &) const = default;
};
const char *kind_name(Vector::Kind kind);

// The slice rule of SPEC.md: entries [first, last) of iov for [off, off+len),
// the first advanced and the last shortened to the range.
Iov slice(IovView iov, size_t off, size_t len);

Outcome<Nothing> qiov_init(Vector &q, int hint);
Outcome<Nothing> qiov_init_external(Vector &q, IovView array, int niov);
void qiov_init_buf(Vector &q, Seg buf);
Outcome<uintptr_t> qiov_buf(const Vector &q);  // neutral: 0 (NULL)
Outcome<Nothing> qiov_add(Vector &q, Seg seg);
Outcome<size_t> qiov_concat_iov(Vector &dst, IovView src, size_t soff, size_t sbytes);
Outcome<Nothing> qiov_concat(Vector &dst, const Vector &src, size_t soff, size_t sbytes);
Outcome<int> qiov_subvec_niov(const Vector &q, size_t off, size_t len);
// qemu_iovec_slice (newer generations): the slice's first entry index, the
// offset of `off` inside it (head), the bytes to drop from the end of its
// last entry (tail) and its entry count.
struct SliceBounds {
    size_t first = 0;
    size_t head = 0;
    size_t tail = 0;
    int niov = 0;
};
Outcome<SliceBounds> qiov_slice(const Vector &q, size_t off, size_t len);
// head/tail: their base is used, their length is hlen/tlen.
Outcome<int> qiov_init_extended(Vector &q, uintptr_t head, size_t hlen, const Vector &mid,
                                size_t moff, size_t mlen, uintptr_t tail, size_t tlen);
Outcome<Nothing> qiov_init_slice(Vector &q, const Vector &src, size_t off, size_t len);
Outcome<bool> qiov_is_zero(const Memory &mem, const Vector &q, size_t off, size_t bytes);
Outcome<ssize_t> qiov_compare(const Memory &mem, const Vector &a, const Vector &b);
// |U|: the bytes `buf` must hold for a clone of src.
size_t clone_union_size(const Vector &src);
Outcome<Nothing> qiov_clone(Vector &dst, const Vector &src, uintptr_t buf);
Outcome<Nothing> qiov_reset(Vector &q);
void qiov_destroy(Vector &q);
Outcome<Nothing> qiov_discard_back(Vector &q, size_t bytes);

}  // namespace iovcheck::model
