/*
 * "qemu/iov.h" of the generation whose iov_from_buf and iov_to_buf are
 * plain functions (no _full forms), whose qemu_iovec_is_zero(qiov) tests
 * the whole vector, whose iov_send_recv takes a non-const array (it changes
 * it while it works, and restores it) and whose qemu_hexdump takes the
 * buffer first; no discard undo, no init_extended, init_slice,
 * subvec_niov.  Its util/iov.c includes only this header and
 * "qemu/sockets.h", so this one brings the rest (as qemu-common.h did).
 * Select it with the adapters for the two signatures:
 *
 *   ci/conformance --impl util/iov.c \
 *       external/generations/adapters/bufs_full_on_plain.c \
 *       external/generations/adapters/is_zero_range_on_whole.c \
 *       --include external/generations/plain-bufs/include --profile emulator
 *
 * Why not the generation's own header: its QEMUIOVector has no local_iov
 * (`iov, niov, nalloc, size`: size at another offset), so the vectors the
 * harness builds with SPEC.md's layout would be misread; and it pulls in
 * the emulator's whole build.  The generation's code names only the fields
 * (iov, niov, nalloc, size), so it compiles unchanged against SPEC.md's
 * layout, which this header gets from <iovcheck/iov.h>.  Written from
 * SPEC.md and the names the generation's util/iov.c uses.
 */
#ifndef IOVCHECK_GENERATION_QEMU_IOV_H
#define IOVCHECK_GENERATION_QEMU_IOV_H

#include "iovcheck_plain_bufs.h"

/* The generation's whole-vector test, linked under this name; the adapter
 * defines the API's qemu_iovec_is_zero(qiov, offset, bytes) on it. */
bool qemu_iovec_is_zero_whole(QEMUIOVector *qiov);

#ifndef IOVCHECK_GENERATION_ADAPTER
#undef qemu_iovec_is_zero
#define qemu_iovec_is_zero qemu_iovec_is_zero_whole
#undef qemu_hexdump
#define qemu_hexdump iovcheck_compat_hexdump_buffer_first
#endif

#endif
