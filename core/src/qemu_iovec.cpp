// QEMUIOVector life cycle: init, add, concat, reset, destroy, discard_back.
#include <iovcheck/iov.h>

#include "internal.h"

#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace iovcheck::detail;

namespace iovcheck::detail {

namespace {

// nalloc == -1 marks an array the vector does not own (external or embedded).
bool is_owned(const QEMUIOVector *qiov)
{
    return qiov->nalloc >= 0;
}

// Appends pointer entries for `src`'s stream [soffset, soffset + sbytes),
// reporting violations under `function`.
size_t append_range(const char *function, QEMUIOVector *dst, const struct iovec *src,
                    unsigned src_cnt, size_t soffset, size_t sbytes)
{
    if (sbytes == 0) {
        return 0;
    }
    if (!is_owned(dst)) {
        iov_contract_violation(function, "dst is not an owned vector (nalloc=%d)", dst->nalloc);
        return 0;
    }
    StreamCursor start;
    if (!seek(src, src_cnt, soffset, &start)) {
        iov_contract_violation(function, "soffset=%zu is past size=%zu", soffset,
                               iov_size(src, src_cnt));
        return 0;
    }
    // At most one entry per source entry from the start on: when dst has
    // room for that many it does not grow, and counting the exact number
    // first (a pass over the source) is not needed.
    const size_t worst = src_cnt - start.index;
    const size_t room = static_cast<size_t>(dst->nalloc - dst->niov);
    const size_t entries = worst <= room ? worst : count_pieces(src, src_cnt, start, sbytes);
    // `src` may be dst's own array (concat of a vector with itself): growing
    // may move it, so find it again by its index.
    uintptr_t src_address = reinterpret_cast<uintptr_t>(src);
    uintptr_t array_begin = reinterpret_cast<uintptr_t>(dst->iov);
    uintptr_t array_end = array_begin + static_cast<size_t>(dst->nalloc) * sizeof(struct iovec);
    bool src_in_dst = dst->iov != nullptr && src_address >= array_begin && src_address < array_end;
    size_t src_index = src_in_dst ? (src_address - array_begin) / sizeof(struct iovec) : 0;
    reserve_entries(dst, entries);
    if (src_in_dst) {
        src = dst->iov + src_index;
    }
    size_t covered = 0;
    dst->niov += static_cast<int>(
        write_pieces(src, src_cnt, start, sbytes, dst->iov + dst->niov, entries, &covered));
    dst->size += covered;
    return covered;
}

}  // namespace

void reserve_entries(QEMUIOVector *qiov, size_t extra)
{
    size_t needed = static_cast<size_t>(qiov->niov) + extra;
    size_t capacity = static_cast<size_t>(qiov->nalloc);
    if (needed <= capacity) {
        return;
    }
    while (capacity < needed) {
        capacity = 2 * capacity + 1;
    }
    qiov->iov = resize_entries("qemu_iovec", qiov->iov, capacity);
    qiov->nalloc = static_cast<int>(capacity);
}

namespace {

[[noreturn]] void stop_out_of_memory(const char *function, size_t count, size_t size)
{
    std::fprintf(stderr, "iovcheck: %s: out of memory allocating %zu x %zu bytes\n", function,
                 count, size);
    std::abort();
}

}  // namespace

struct iovec *resize_entries(const char *function, struct iovec *array, size_t count)
{
    // An array of more than INT_MAX entries cannot be counted by nalloc or
    // niov: it is refused like an allocation that failed.
    if (count > INT_MAX) {
        stop_out_of_memory(function, count, sizeof(struct iovec));
    }
    return static_cast<struct iovec *>(
        reallocate_or_stop(function, array, count, sizeof(struct iovec)));
}

void *reallocate_or_stop(const char *function, void *memory, size_t count, size_t size)
{
    // malloc for a new block: realloc(nullptr) costs a few ns more, which
    // showed on init_extended's three-entry rows.
    void *resized = nullptr;
    if (count <= SIZE_MAX / size) {
        resized = memory ? std::realloc(memory, count * size) : std::malloc(count * size);
    }
    if (resized == nullptr) {
        stop_out_of_memory(function, count, size);
    }
    return resized;
}

}  // namespace iovcheck::detail

extern "C" void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    if (alloc_hint < 0) {
        iov_contract_violation("qemu_iovec_init", "alloc_hint=%d is negative", alloc_hint);
        return;
    }
    struct iovec *array = nullptr;
    if (alloc_hint > 0) {
        array = resize_entries("qemu_iovec_init", nullptr, static_cast<size_t>(alloc_hint));
    }
    std::memset(qiov, 0, sizeof *qiov);
    qiov->iov = array;
    qiov->niov = 0;
    qiov->nalloc = alloc_hint;
    qiov->size = 0;
}

extern "C" void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov)
{
    if (niov < 0) {
        iov_contract_violation("qemu_iovec_init_external", "niov=%d is negative", niov);
        return;
    }
    std::memset(qiov, 0, sizeof *qiov);
    qiov->iov = iov;
    qiov->niov = niov;
    qiov->nalloc = -1;
    qiov->size = iov_size(iov, static_cast<unsigned>(niov));
}

extern "C" void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    if (!is_owned(qiov)) {
        iov_contract_violation("qemu_iovec_add", "vector is not owned (nalloc=%d)", qiov->nalloc);
        return;
    }
    reserve_entries(qiov, 1);
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    ++qiov->niov;
    qiov->size += len;
}

extern "C" size_t qemu_iovec_concat_iov(QEMUIOVector *dst, struct iovec *src_iov,
                                        unsigned int src_cnt, size_t soffset, size_t sbytes)
{
    return append_range("qemu_iovec_concat_iov", dst, src_iov, src_cnt, soffset, sbytes);
}

extern "C" void qemu_iovec_concat(QEMUIOVector *dst, QEMUIOVector *src, size_t soffset,
                                  size_t sbytes)
{
    append_range("qemu_iovec_concat", dst, src->iov, static_cast<unsigned>(src->niov), soffset,
                 sbytes);
}

extern "C" void qemu_iovec_reset(QEMUIOVector *qiov)
{
    if (!is_owned(qiov)) {
        iov_contract_violation("qemu_iovec_reset", "vector is not owned (nalloc=%d)",
                               qiov->nalloc);
        return;
    }
    qiov->niov = 0;
    qiov->size = 0;
}

extern "C" void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    if (is_owned(qiov)) {
        std::free(qiov->iov);
    }
    std::memset(qiov, 0, sizeof *qiov);
}

extern "C" void qemu_iovec_discard_back(QEMUIOVector *qiov, size_t bytes)
{
    if (bytes > qiov->size) {
        iov_contract_violation("qemu_iovec_discard_back", "bytes=%zu exceeds size=%zu", bytes,
                               qiov->size);
        return;
    }
    size_t new_size = qiov->size - bytes;
    unsigned niov = static_cast<unsigned>(qiov->niov);
    iov_discard_back(qiov->iov, &niov, bytes);
    qiov->niov = static_cast<int>(niov);
    // Written after the discard: for an embedded vector `size` is the entry's
    // own length, which the discard may have left alone by dropping it.
    qiov->size = new_size;
}
