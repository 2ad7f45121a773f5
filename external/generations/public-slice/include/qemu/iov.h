/*
 * "qemu/iov.h" of the generation with a public qemu_iovec_slice, built on
 * by qemu_iovec_init_slice (SPEC.md "Newer generations of the API"), and
 * neither qemu_iovec_init_extended nor qemu-common.h.  It is the API of
 * SPEC.md, except that qemu_iovec_to_buf takes a const vector.
 *
 * Why not the generation's own header: QEMUIOVector must have exactly the
 * layout the harness builds its vectors with (SPEC.md), which this header
 * gets from <iovcheck/iov.h>; and the emulator's headers pull in its whole
 * build (glib, config-host.h).  Written from SPEC.md and the names the
 * generation's util/iov.c uses.
 *
 *   ci/conformance --impl util/iov.c \
 *       --include external/generations/public-slice/include --profile emulator
 */
#ifndef IOVCHECK_GENERATION_QEMU_IOV_H
#define IOVCHECK_GENERATION_QEMU_IOV_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"

/* The API's prototype is declared under another name, so that the
 * generation's const one is not a conflicting declaration. */
#pragma push_macro("qemu_iovec_to_buf")
#undef qemu_iovec_to_buf
#define qemu_iovec_to_buf iovcheck_api_qemu_iovec_to_buf
#include <iovcheck/iov.h>
#pragma pop_macro("qemu_iovec_to_buf")

size_t qemu_iovec_to_buf(const QEMUIOVector *qiov, size_t offset, void *buf, size_t bytes);

#endif
