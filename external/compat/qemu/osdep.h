/*
 * The emulator's "qemu/osdep.h" as an external iovec implementation uses
 * it: the C library, MIN/MAX, likely/unlikely, build-time assertions, the
 * glib allocation macros, and assert() routed to the contract handler.
 */
#ifndef IOVCHECK_COMPAT_QEMU_OSDEP_H
#define IOVCHECK_COMPAT_QEMU_OSDEP_H

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../assert.h"

#ifdef __cplusplus
extern "C" {
#endif

#ifndef MIN
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#endif
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define QEMU_BUILD_BUG_ON(x) _Static_assert(!(x), "not expecting: " #x)
#define QEMU_IS_ALIGNED(n, m) (((n) % (m)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) QEMU_ALIGN_DOWN((n) + (m) - 1, (m))

/* The host configuration of a Linux build (the emulator's config-host.h):
 * sources choose their sendmsg()/recvmsg() path on these. */
#ifndef CONFIG_POSIX
#define CONFIG_POSIX 1
#endif
#ifndef CONFIG_IOVEC
#define CONFIG_IOVEC 1
#endif

/* glib's allocation functions: they never return NULL for a non-zero
 * size (an allocation failure stops the process), and NULL for size 0. */
typedef size_t gsize;
typedef int gboolean;
void *iovcheck_compat_alloc(size_t count, size_t size, bool zeroed);
void *iovcheck_compat_realloc(void *memory, size_t count, size_t size);
void iovcheck_compat_free(void *memory);
void iovcheck_compat_autofree(void *pointer_to_pointer);

#define g_new(type, count) ((type *)iovcheck_compat_alloc((count), sizeof(type), false))
#define g_new0(type, count) ((type *)iovcheck_compat_alloc((count), sizeof(type), true))
#define g_renew(type, memory, count) ((type *)iovcheck_compat_realloc((memory), (count), sizeof(type)))
#define g_malloc(size) iovcheck_compat_alloc((size), 1, false)
#define g_malloc0(size) iovcheck_compat_alloc((size), 1, true)
#define g_realloc(memory, size) iovcheck_compat_realloc((memory), (size), 1)
#define g_free(memory) iovcheck_compat_free(memory)
#define g_autofree __attribute__((cleanup(iovcheck_compat_autofree)))
#define g_assert(condition) assert(condition)
#define g_assert_not_reached() \
    (iov_contract_violation(__func__, "reached unreachable code (%s:%d)", __FILE__, __LINE__), abort())

#ifdef __cplusplus
}
#endif

#endif
