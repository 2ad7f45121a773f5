/*
 * Adapter for generations whose iov_from_buf and iov_to_buf are plain
 * functions (no _full forms, no inline fast path): the harness calls
 * iov_from_buf_full and iov_to_buf_full, which have the same contract
 * (SPEC.md "Byte movers"), and builds the header inlines on them.
 *
 *   ci/conformance --impl iov.c external/generations/adapters/bufs_full_on_plain.c \
 *       --include external/generations/<generation>/include
 */
#include "qemu/osdep.h"
#include "iovcheck_generation.h"

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                         const void *buf, size_t bytes)
{
    return iov_from_buf(iov, iov_cnt, offset, buf, bytes);
}

size_t iov_to_buf_full(const struct iovec *iov, unsigned int iov_cnt, size_t offset, void *buf,
                       size_t bytes)
{
    return iov_to_buf(iov, iov_cnt, offset, buf, bytes);
}
