/*
 * "qemu/iov.h" of the generation whose qemu_iovec_init_extended returns
 * nothing (the slice lookup is static, qiov_slice; includes qemu-common.h;
 * qemu_hexdump takes the buffer first).  Otherwise the API of SPEC.md.
 * Select it with the adapter that gives init_extended the API's int result:
 *
 *   ci/conformance --impl util/iov.c \
 *       external/generations/adapters/init_extended_int_on_void.c \
 *       --include external/generations/void-extended/include \
 *       --profile external/generations/void-extended/profile
 *
 * Why not the generation's own header: QEMUIOVector must have exactly the
 * layout the harness builds its vectors with (SPEC.md), which this header
 * gets from <iovcheck/iov.h>; and the emulator's headers pull in its whole
 * build (glib, config-host.h).  Written from SPEC.md and the names the
 * generation's util/iov.c uses.
 */
#ifndef IOVCHECK_GENERATION_QEMU_IOV_H
#define IOVCHECK_GENERATION_QEMU_IOV_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include <iovcheck/iov.h>

/* The generation's own form, linked under this name; the adapter defines
 * the API's qemu_iovec_init_extended on it. */
void qemu_iovec_init_extended_void(QEMUIOVector *qiov, void *head_buf, size_t head_len,
                                   QEMUIOVector *mid_qiov, size_t mid_offset, size_t mid_len,
                                   void *tail_buf, size_t tail_len);

#ifndef IOVCHECK_GENERATION_ADAPTER
#undef qemu_iovec_init_extended
#define qemu_iovec_init_extended qemu_iovec_init_extended_void
#undef qemu_hexdump
#define qemu_hexdump iovcheck_compat_hexdump_buffer_first
#endif

#endif
