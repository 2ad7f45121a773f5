// The oracle's contract handlers (see handlers.h).
#include "handlers.h"

#include <csetjmp>
#include <cstdio>
#include <cstdlib>

namespace iovcheck::oracle_internal {

constinit thread_local HandlerLog handler_log;

namespace {

void note_violation(const char *function, const char *message)
{
    if (handler_log.calls++ == 0) {
        snprintf(handler_log.first, sizeof handler_log.first, "%s: %s", function ? function : "?",
                 message ? message : "");
    }
}

// Strict mode leaves the implementation from inside its contract handler
// with longjmp, back to call_unwinding().  A C++ exception did the same at
// about 30,000 instructions per violation (two unwinding passes over every
// frame, a fifth of fuzz_ops' time; fuzz inputs violate contracts on most
// programs); longjmp costs a few dozen and needs no -fexceptions in C
// sources.  It is safe because the frames it skips hold nothing to destroy:
// the oracle's call lambdas only capture references, and an implementation
// reports a violation before it acquires anything (SPEC.md: "before any
// memory is touched"; core/ checks first, C code has no destructors).
thread_local jmp_buf *strict_return_point = nullptr;

extern "C" void iovcheck_strict_handler(const char *function, const char *message)
{
    note_violation(function, message);
    if (strict_return_point) {
        longjmp(*strict_return_point, 1);
    }
    // A strict handler must not return; a violation outside a checked call
    // is the oracle's own mistake.
    std::fprintf(stderr, "iovcheck oracle: contract violation outside a checked call: %s\n", handler_log.first);
    std::abort();
}

extern "C" void iovcheck_lenient_handler(const char *function, const char *message)
{
    note_violation(function, message);
}

}  // namespace

// Runs call(context); returns when it returns or when the strict handler
// left it.  Not inlined, and nothing of its own changes after setjmp, so no
// local is left indeterminate by longjmp.
[[gnu::noinline]] void call_unwinding(void (*call)(void *), void *context)
{
    jmp_buf return_point;
    jmp_buf *const outer = strict_return_point;
    strict_return_point = &return_point;
    if (setjmp(return_point) == 0) {
        call(context);
    }
    strict_return_point = outer;
}

HandlerScope::HandlerScope(const IovImpl &impl, Mode mode) : impl_(impl)
{
    previous_ = impl.set_contract_handler(mode == Mode::Strict ? iovcheck_strict_handler : iovcheck_lenient_handler);
}

}  // namespace iovcheck::oracle_internal
