/*
 * The emulator's "qemu-common.h" (the catch-all header of older
 * generations, since removed): what an iovec implementation took from it is
 * the C library, the osdep macros and the cutils helpers.
 */
#ifndef IOVCHECK_COMPAT_QEMU_COMMON_H
#define IOVCHECK_COMPAT_QEMU_COMMON_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"

#endif
