// Slices of a QEMUIOVector: subvec_niov, init_extended, init_slice.
#include <iovcheck/iov.h>

#include "internal.h"

#include <cerrno>
#include <cstdint>
#include <cstring>

using namespace iovcheck::detail;

namespace {

// The slice of SPEC.md for [offset, offset + len): entries [first, first + count),
// where `first_start` is the stream start of entry `first`; when `end_cut`,
// the range ends strictly inside the last of them, which starts at `last_start`.
struct Slice {
    int first;
    int count;
    size_t first_start;
    size_t last_start;
    bool end_cut;
};

Slice find_slice(const QEMUIOVector *qiov, size_t offset, size_t len)
{
    const size_t end = offset + len;  // the caller checked it is <= size
    const struct iovec *iov = qiov->iov;
    const int niov = qiov->niov;
    int k = 0;
    size_t start = 0;
    while (k < niov && start != offset && start + iov[k].iov_len <= offset) {
        start += iov[k].iov_len;
        ++k;
    }
    Slice slice{k, 0, start, 0, false};
    while (k < niov && start != end && start + iov[k].iov_len <= end) {
        start += iov[k].iov_len;
        ++k;
    }
    slice.end_cut = k < niov && start != end;
    slice.last_start = start;
    slice.count = k - slice.first + (slice.end_cut ? 1 : 0);
    return slice;
}

bool range_inside(size_t offset, size_t len, size_t size)
{
    return len <= size && offset <= size - len;
}

// Writes the slice's entries, each cut to [offset, offset + len), to `out`:
// they are the source's entries, of which only the first can start before
// `offset` and only the last end after offset + len.
void copy_slice(const QEMUIOVector *qiov, Slice slice, size_t offset, size_t len,
                struct iovec *out)
{
    if (slice.count == 0) {
        return;
    }
    // One entry (a slice inside one segment) is common; memcpy's call is not
    // worth it there.
    if (slice.count == 1) {
        out[0] = qiov->iov[slice.first];
    } else {
        std::memcpy(out, qiov->iov + slice.first, static_cast<size_t>(slice.count) * sizeof *out);
    }
    const size_t skip = offset - slice.first_start;
    out[0].iov_base = static_cast<char *>(out[0].iov_base) + skip;
    out[0].iov_len -= skip;
    if (slice.end_cut) {
        // The last entry starts at last_start, or at offset when it is the first.
        const size_t from = slice.count == 1 ? offset : slice.last_start;
        out[slice.count - 1].iov_len = offset + len - from;
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
    Slice slice{0, 0, 0, 0, false};
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

extern "C" struct iovec *qemu_iovec_slice(QEMUIOVector *qiov, size_t offset, size_t len,
                                         size_t *head, size_t *tail, int *niov)
{
    *head = *tail = 0;
    *niov = 0;
    if (!range_inside(offset, len, qiov->size)) {
        iov_contract_violation("qemu_iovec_slice", "offset=%zu len=%zu outside size=%zu",
                               offset, len, qiov->size);
        return qiov->iov;
    }
    const Slice slice = find_slice(qiov, offset, len);
    *head = offset - slice.first_start;
    if (slice.end_cut) {
        const size_t last_end = slice.last_start + qiov->iov[slice.first + slice.count - 1].iov_len;
        *tail = last_end - (offset + len);
    }
    *niov = slice.count;
    return qiov->iov + slice.first;
}

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
