/*
 * Allocations that a failed assert() abandons.
 *
 * An emulator-style source may allocate and then assert(): its
 * iov_send_recv copies the caller's array before the range is checked, its
 * qemu_iovec_clone sorts in an autofree array before qemu_iovec_add
 * asserts an owned vector.  In the emulator a failed assert() stops the
 * process; under the harness the report leaves the call (longjmp), and what
 * the call had allocated is unreachable: LeakSanitizer would report a leak
 * the emulator cannot have.  So, under AddressSanitizer only (elsewhere
 * these do nothing), compat's allocator keeps its live allocations with the
 * number of the call that made them, every call into the external begins a
 * new number, and a contract report tells LeakSanitizer that the current
 * call's allocations are not leaks.  Allocations of earlier calls keep
 * being checked, so a real leak is still found.
 */
#ifndef IOVCHECK_COMPAT_ABANDONED_H
#define IOVCHECK_COMPAT_ABANDONED_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__SANITIZE_ADDRESS__)
#define IOVCHECK_COMPAT_TRACKS_ALLOCATIONS 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOVCHECK_COMPAT_TRACKS_ALLOCATIONS 1
#endif
#endif

/* A call into the external implementation begins. */
void iovcheck_compat_call_begins(void);
/* The current call reported a contract violation (and will not return
 * through its own code): its live allocations are not leaks. */
void iovcheck_compat_call_abandoned(void);
/* compat's allocator: `memory` was allocated / is freed. */
void iovcheck_compat_track(void *memory);
void iovcheck_compat_untrack(void *memory);

#ifdef __cplusplus
}
#endif

#endif
