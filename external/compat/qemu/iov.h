/*
 * The emulator's "qemu/iov.h": the API of SPEC.md, which is exactly
 * <iovcheck/iov.h> (so QEMUIOVector and IOVDiscardUndo are core's own
 * types).  Under the renaming header (rename.h, generated from
 * oracle/include/iovcheck/api_functions.h) every function it declares is
 * ext_<name>.  Like the emulator's, it brings what an iovec source uses
 * without naming it (the osdep macros, buffer_is_zero, qemu_hexdump).
 * A generation whose signatures differ has its own header in
 * external/generations/<generation>/include, put first on the path.
 */
#ifndef IOVCHECK_COMPAT_QEMU_IOV_H
#define IOVCHECK_COMPAT_QEMU_IOV_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include <iovcheck/iov.h>

#endif
