/*
 * Adapter of the older generation (iov.c beside this file) onto the API the
 * harness checks (SPEC.md): the harness calls iov_from_buf_full and
 * iov_to_buf_full (and builds iov_from_buf/iov_to_buf on them); this
 * generation has the plain functions iov_from_buf and iov_to_buf with the
 * same contract.  What the generation lacks altogether (the undo family,
 * qemu_iovec_init_extended, qemu_iovec_init_slice, qemu_iovec_subvec_niov)
 * is not defined anywhere: the harness reports it absent.
 *
 *   ci/conformance --impl external/generations/older/iov.c \
 *       external/generations/older/adapter.c \
 *       --include external/generations/older/include
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes);
size_t iov_to_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes);

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes)
{
    return iov_from_buf(iov, iov_cnt, offset, buf, bytes);
}

size_t iov_to_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes)
{
    return iov_to_buf(iov, iov_cnt, offset, buf, bytes);
}
