/* The emulator's "qemu/cutils.h": the helpers an iovec implementation uses. */
#ifndef IOVCHECK_COMPAT_QEMU_CUTILS_H
#define IOVCHECK_COMPAT_QEMU_CUTILS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* True when buf[0..len) are all zero bytes (true for len == 0). */
bool buffer_is_zero(const void *buf, size_t len);

/* Dumps buf[0..size) to fp in the format of iov_hexdump in SPEC.md: 16
 * bytes a line, "prefix: oooo: ", groups of 4, ASCII column. */
void qemu_hexdump(FILE *fp, const char *prefix, const void *buf, size_t size);

/* The same dump with the argument order of older generations, which call
 * qemu_hexdump(buf, fp, prefix, size): their generation header
 * (external/generations) maps the name qemu_hexdump onto this one. */
void iovcheck_compat_hexdump_buffer_first(const char *buf, FILE *fp, const char *prefix,
                                          size_t size);

#ifdef __cplusplus
}
#endif

#endif
