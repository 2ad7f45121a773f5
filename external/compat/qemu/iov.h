/*
 * The emulator's "qemu/iov.h": the API of SPEC.md, which is exactly
 * <iovcheck/iov.h> (so QEMUIOVector and IOVDiscardUndo are core's own
 * types).  Under the renaming header (rename.h, generated from
 * oracle/include/iovcheck/api_functions.h) every function it declares is
 * ext_<name>.
 */
#ifndef IOVCHECK_COMPAT_QEMU_IOV_H
#define IOVCHECK_COMPAT_QEMU_IOV_H

#include <iovcheck/iov.h>

#endif
