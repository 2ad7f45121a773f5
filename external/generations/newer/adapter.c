/*
 * Adapter of the newer generation (iov.c beside this file) onto the API the
 * harness checks (SPEC.md): this generation answers "how many entries does
 * [offset, offset + len) take" through qemu_iovec_slice, so the API's
 * qemu_iovec_subvec_niov is mapped onto it (same precondition: the range
 * inside the vector, asserted by qemu_iovec_slice).  What the generation
 * lacks altogether (qemu_iovec_init_extended) is not defined anywhere: the
 * harness reports it absent.
 *
 *   ci/conformance --impl external/generations/newer/iov.c \
 *       external/generations/newer/adapter.c \
 *       --include external/generations/newer/include
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len)
{
    size_t head, tail;
    int niov;

    qemu_iovec_slice(qiov, offset, len, &head, &tail, &niov);
    return niov;
}
