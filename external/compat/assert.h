/*
 * Shadows the C library's <assert.h> for external implementations: assert()
 * reports through the contract handler (so the harness sees a failed
 * assertion as a rejected call), whatever NDEBUG says, and however often
 * the source includes <assert.h>.  In strict mode the harness's handler
 * unwinds out of the call; if a handler returns (lenient mode), execution
 * continues after the assertion: an emulator-style source is then outside
 * what it was written for, so external implementations are checked in
 * strict mode.
 */
#ifndef IOVCHECK_COMPAT_ASSERT_H
#define IOVCHECK_COMPAT_ASSERT_H

#ifdef __cplusplus
extern "C" {
#endif
void iov_contract_violation(const char *function, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
#ifdef __cplusplus
}
#endif

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

#endif /* IOVCHECK_COMPAT_ASSERT_H */

/* Outside the guard: a later #include <assert.h> must not bring back the
 * C library's definition. */
#undef assert
#define assert(condition)                                                          \
    ((condition) ? (void)0                                                         \
                 : iov_contract_violation(__func__, "assertion failed: %s (%s:%d)", \
                                          #condition, __FILE__, __LINE__))
