/*
 * "qemu/iov.h" of the newer generation of the emulator's iovec helpers (put
 * first on the include path, it shadows external/compat's): the API of
 * SPEC.md plus qemu_iovec_slice, public in this generation (SPEC.md "Newer
 * generations of the API").  It has no qemu_iovec_init_extended; the
 * declaration inherited from the contract's header is never defined.
 */
#ifndef QEMU_IOV_H
#define QEMU_IOV_H

#include <iovcheck/iov.h>

struct iovec *qemu_iovec_slice(QEMUIOVector *qiov,
                               size_t offset, size_t len,
                               size_t *head, size_t *tail, int *niov);

#endif
