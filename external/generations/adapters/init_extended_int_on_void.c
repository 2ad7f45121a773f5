/*
 * Adapter for generations whose qemu_iovec_init_extended returns nothing:
 * the API's returns -EINVAL, leaving q untouched, when the lengths' sum
 * overflows size_t or the result would have more than IOV_MAX entries
 * (SPEC.md), cases that such a generation left to its callers.  The adapter
 * returns -EINVAL for them without calling, else calls and returns 0.  It
 * adds no check of its own: the range inside mid is asserted by the
 * generation's slice lookup (reached through qemu_iovec_subvec_niov, which
 * asserts it the same way), and `mid->niov <= IOV_MAX`, which such a
 * generation does not assert, is the caller's duty in its profile file.
 *
 *   ci/conformance --impl iov.c external/generations/adapters/init_extended_int_on_void.c ...
 */
#include "qemu/osdep.h"
#include "iovcheck_generation.h"

int qemu_iovec_init_extended(QEMUIOVector *qiov, void *head_buf, size_t head_len,
                             QEMUIOVector *mid_qiov, size_t mid_offset, size_t mid_len,
                             void *tail_buf, size_t tail_len)
{
    if (SIZE_MAX - head_len < mid_len || SIZE_MAX - head_len - mid_len < tail_len) {
        return -EINVAL;
    }
    if (mid_len > 0) {
        int mid_niov = qemu_iovec_subvec_niov(mid_qiov, mid_offset, mid_len);
        if (!!head_len + mid_niov + !!tail_len > IOV_MAX) {
            return -EINVAL;
        }
    }
    qemu_iovec_init_extended_void(qiov, head_buf, head_len, mid_qiov, mid_offset, mid_len,
                                  tail_buf, tail_len);
    return 0;
}
