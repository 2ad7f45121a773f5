// Slices of a QEMUIOVector: subvec_niov, init_extended, init_slice.
#include <iovcheck/iov.h>

#include "internal.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

using namespace iovcheck::detail;

namespace {

// The slice of SPEC.md for [offset, offset + len): entries [first, first + count),
// where `first_start` is the stream start of entry `first`.
struct Slice {
    int first;
    int count;
    size_t first_start;
};

Slice find_slice(const QEMUIOVector *qiov, size_t offset, size_t len)
{
    const size_t end = offset + len;  // the caller checked it is <= size
    int k = 0;
    size_t start = 0;
    while (k < qiov->niov && start != offset && start + qiov->iov[k].iov_len <= offset) {
        start += qiov->iov[k].iov_len;
        ++k;
    }
    Slice slice{k, 0, start};
    while (k < qiov->niov && start != end && start + qiov->iov[k].iov_len <= end) {
        start += qiov->iov[k].iov_len;
        ++k;
    }
    bool end_strictly_inside = k < qiov->niov && start != end;
    slice.count = k - slice.first + (end_strictly_inside ? 1 : 0);
    return slice;
}

bool range_inside(size_t offset, size_t len, size_t size)
{
    return len <= size && offset <= size - len;
}

// Writes the slice's entries, each cut to [offset, offset + len), to `out`.
void copy_slice(const QEMUIOVector *qiov, Slice slice, size_t offset, size_t len,
                struct iovec *out)
{
    const size_t end = offset + len;
    size_t start = slice.first_start;
    for (int i = 0; i < slice.count; ++i) {
        const struct iovec &entry = qiov->iov[slice.first + i];
        size_t from = start < offset ? offset : start;
        size_t to = start + entry.iov_len > end ? end : start + entry.iov_len;
        out[i].iov_base = static_cast<char *>(entry.iov_base) + (from - start);
        out[i].iov_len = to - from;
        start += entry.iov_len;
    }
}

int build_extended(const char *function, QEMUIOVector *qiov, void *head_buf, size_t head_len,
                   QEMUIOVector *mid, size_t mid_offset, size_t mid_len, void *tail_buf,
                   size_t tail_len)
{
    if (mid->niov > IOV_MAX) {
        iov_contract_violation(function, "mid niov=%d exceeds IOV_MAX=%d", mid->niov, IOV_MAX);
        return -EINVAL;
    }
    if (head_len > SIZE_MAX - mid_len || head_len + mid_len > SIZE_MAX - tail_len) {
        return -EINVAL;
    }
    Slice slice{0, 0, 0};
    if (mid_len > 0) {
        if (!range_inside(mid_offset, mid_len, mid->size)) {
            iov_contract_violation(function, "mid_offset=%zu mid_len=%zu outside size=%zu",
                                   mid_offset, mid_len, mid->size);
            return -EINVAL;
        }
        slice = find_slice(mid, mid_offset, mid_len);
    }
    int entries = (head_len > 0 ? 1 : 0) + slice.count + (tail_len > 0 ? 1 : 0);
    if (entries > IOV_MAX) {
        return -EINVAL;
    }
    // Everything is computed into `built` before `qiov` is written, so that
    // qiov may be mid itself.
    struct iovec single;
    struct iovec *built = &single;
    if (entries > 1) {
        built = resize_entries(function, nullptr, static_cast<size_t>(entries));
    }
    int at = 0;
    if (head_len > 0) {
        built[at++] = {head_buf, head_len};
    }
    copy_slice(mid, slice, mid_offset, mid_len, built + at);
    at += slice.count;
    if (tail_len > 0) {
        built[at++] = {tail_buf, tail_len};
    }

    std::memset(qiov, 0, sizeof *qiov);
    if (entries == 1) {
        qiov->local_iov = single;  // also sets size: they are one object
        qiov->iov = &qiov->local_iov;
        qiov->niov = 1;
        qiov->nalloc = -1;
        return 0;
    }
    qiov->iov = entries > 1 ? built : nullptr;
    qiov->niov = entries;
    qiov->nalloc = entries;
    qiov->size = head_len + mid_len + tail_len;
    return 0;
}

}  // namespace

extern "C" int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len)
{
    if (!range_inside(offset, len, qiov->size)) {
        iov_contract_violation("qemu_iovec_subvec_niov", "offset=%zu len=%zu outside size=%zu",
                               offset, len, qiov->size);
        return 0;
    }
    return find_slice(qiov, offset, len).count;
}

extern "C" int qemu_iovec_init_extended(QEMUIOVector *qiov, void *head_buf, size_t head_len,
                                        QEMUIOVector *mid_qiov, size_t mid_offset,
                                        size_t mid_len, void *tail_buf, size_t tail_len)
{
    return build_extended("qemu_iovec_init_extended", qiov, head_buf, head_len, mid_qiov,
                          mid_offset, mid_len, tail_buf, tail_len);
}

extern "C" void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source, size_t offset,
                                      size_t len)
{
    if (!range_inside(offset, len, source->size)) {
        iov_contract_violation("qemu_iovec_init_slice", "offset=%zu len=%zu outside size=%zu",
                               offset, len, source->size);
        return;
    }
    build_extended("qemu_iovec_init_slice", qiov, nullptr, 0, source, offset, len, nullptr, 0);
}
