// Every precondition of SPEC.md, each with a stable name `function.rule`.
//
// A profile (profile.h) gives each of them a class, and the drivers steer by
// it: a caller's-duty precondition is never violated by a generated or
// decoded call, a checked one gets generated violations.  The names are part
// of the user's interface (profile files, reports), so a name never changes
// meaning: add a new one instead.
//
// Where a precondition only applies under a condition (e.g. "for bytes > 0"),
// the condition is part of the precondition, and a call outside the condition
// does not violate it.  An implementation that promises different things for
// the two sides of such a condition gets two preconditions
// (`iov_send_recv.range_inside` and `iov_send_recv.empty_offset_inside`).
//
// Not listed: pointer validity and buffer sizes (`buf` holds `bytes` bytes,
// clone's `buf` holds |U| bytes, `hint` small enough to allocate).  No
// implementation can check them, so they are the caller's duty under every
// profile, and the harness always meets them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace iovcheck {

// X(function, rule, text): `text` states the rule as SPEC.md does.
#define IOVCHECK_PRECONDITIONS(X)                                                                 \
    /* Byte movers */                                                                             \
    X(iov_from_buf_full, offset_inside, "offset <= size")                                         \
    X(iov_to_buf_full, offset_inside, "offset <= size")                                           \
    X(iov_from_buf, offset_inside, "offset <= size")                                              \
    X(iov_to_buf, offset_inside, "offset <= size")                                                \
    X(iov_memset, offset_inside, "offset <= size")                                                \
    X(iov_send_recv, range_inside, "for bytes > 0: offset <= size && bytes <= size - offset")     \
    X(iov_send_recv, empty_offset_inside, "for bytes == 0: offset <= size")                       \
    /* Pointer builders */                                                                        \
    X(iov_copy, offset_inside, "offset <= size")                                                  \
    X(iov_copy, dst_cnt_positive, "dst_cnt > 0 when 0 < offset <= size")                          \
    /* QEMUIOVector */                                                                            \
    X(qemu_iovec_init, hint_nonneg, "hint >= 0")                                                  \
    X(qemu_iovec_init_external, count_nonneg, "n >= 0")                                           \
    X(qemu_iovec_buf, embedded, "q uses its embedded local_iov")                                  \
    X(qemu_iovec_add, owned, "q owns its array (nalloc != -1)")                                   \
    X(qemu_iovec_concat_iov, dst_owned, "for sbytes > 0: dst owns its array (nalloc != -1)")      \
    X(qemu_iovec_concat_iov, offset_inside, "for sbytes > 0: soff <= size of src")                \
    X(qemu_iovec_concat, dst_owned, "for sbytes > 0: dst owns its array (nalloc != -1)")          \
    X(qemu_iovec_concat, offset_inside, "for sbytes > 0: soff <= src->size")                      \
    X(qemu_iovec_subvec_niov, range_inside, "len <= size && off <= size - len")                   \
    X(qemu_iovec_init_extended, mid_niov_max, "mid->niov <= IOV_MAX")                             \
    X(qemu_iovec_init_extended, range_inside,                                                     \
      "for mlen > 0: mlen <= mid->size && moff <= mid->size - mlen")                              \
    X(qemu_iovec_init_slice, range_inside, "len <= src->size && off <= src->size - len")          \
    X(qemu_iovec_slice, range_inside, "len <= size && off <= size - len")                         \
    X(qemu_iovec_is_zero, range_inside, "bytes <= size && off <= size - bytes")                   \
    X(qemu_iovec_to_buf, offset_inside, "offset <= size")                                         \
    X(qemu_iovec_from_buf, offset_inside, "offset <= size")                                       \
    X(qemu_iovec_memset, offset_inside, "offset <= size")                                         \
    X(qemu_iovec_compare, same_niov, "a->niov == b->niov")                                        \
    X(qemu_iovec_compare, same_lengths, "a->iov[i].iov_len == b->iov[i].iov_len for every i")     \
    X(qemu_iovec_clone, dst_owned, "for src->niov > 0: dst owns its array (nalloc != -1)")        \
    X(qemu_iovec_clone, dst_owned_empty_src, "for src->niov == 0: dst owns its array")            \
    X(qemu_iovec_reset, owned, "q owns its array (nalloc != -1)")                                 \
    X(qemu_iovec_discard_back, bytes_inside, "bytes <= size")

// One enumerator per precondition, `function__rule`, in list order.
enum class Precondition : uint8_t {
#define IOVCHECK_PRECONDITION_ENUMERATOR(function, rule, text) function##__##rule,
    IOVCHECK_PRECONDITIONS(IOVCHECK_PRECONDITION_ENUMERATOR)
#undef IOVCHECK_PRECONDITION_ENUMERATOR
        Count
};

inline constexpr size_t kPreconditionCount = static_cast<size_t>(Precondition::Count);

static_assert(kPreconditionCount <= 64, "PreconditionSet holds one bit per precondition");

// The preconditions one call violates (a call may break several at once,
// e.g. concat into an unowned vector from past the end of its source).
class PreconditionSet {
public:
    void add(Precondition p) { bits_ |= uint64_t{1} << static_cast<unsigned>(p); }
    bool has(Precondition p) const { return (bits_ >> static_cast<unsigned>(p)) & 1; }
    bool empty() const { return bits_ == 0; }
    // Calls f(Precondition) for each member, in list order.
    template <typename F>
    void for_each(F &&f) const
    {
        for (size_t i = 0; i < kPreconditionCount; i++) {
            if (has(static_cast<Precondition>(i))) {
                f(static_cast<Precondition>(i));
            }
        }
    }
    bool operator==(const PreconditionSet &) const = default;

private:
    uint64_t bits_ = 0;
};

// "function.rule"; "?" for a value outside the list.
const char *precondition_name(Precondition p);
// The function's name alone ("iov_copy").
const char *precondition_function(Precondition p);
// The rule as SPEC.md states it ("offset <= size").
const char *precondition_text(Precondition p);
// By "function.rule"; nullopt for an unknown name.
std::optional<Precondition> precondition_by_name(std::string_view name);

}  // namespace iovcheck
