/*
 * Adapter for generations whose qemu_iovec_is_zero(qiov) tests the whole
 * vector: the API's qemu_iovec_is_zero(qiov, offset, bytes) tests the range
 * [offset, offset + bytes), which must lie inside the vector (SPEC.md).  The
 * range is cut with the generation's own iov_copy into a vector the
 * generation's function then tests.  The generation has no range to check,
 * so the adapter checks it as the API states (without wrapping): a call
 * outside it is reported, never passed on.
 *
 *   ci/conformance --impl iov.c external/generations/adapters/is_zero_range_on_whole.c ...
 */
#include "qemu/osdep.h"
#include "iovcheck_generation.h"

bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t offset, size_t bytes)
{
    QEMUIOVector range;
    struct iovec *entries;
    bool zero;

    assert(bytes <= qiov->size && offset <= qiov->size - bytes);
    if (bytes == 0) {
        /* The empty range is all zero; not passed on, so that a bug of the
         * generation's iov_copy with an empty range is found (and named)
         * once, in iov_copy's row. */
        return true;
    }
    entries = g_new(struct iovec, qiov->niov);
    qemu_iovec_init_external(&range, entries,
                             (int)iov_copy(entries, qiov->niov, qiov->iov, qiov->niov, offset,
                                           bytes));
    zero = qemu_iovec_is_zero_whole(&range);
    g_free(entries);
    return zero;
}
