// The contract handlers the oracle installs in an implementation, and how
// it runs one call under them: strict mode leaves the call from inside the
// handler (longjmp), lenient mode lets the call return its neutral result;
// either way the first report is logged for the comparison.
//
// Private to oracle/src.
#pragma once

#include <iovcheck/impl.h>
#include <iovcheck/oracle.h>

#include <type_traits>

namespace iovcheck::oracle_internal {

struct HandlerLog {
    int calls = 0;
    // "function: message" of the first report, in place: the strict handler
    // runs on most calls of a fuzz input and should not allocate.
    char first[320] = "";
};
// constinit: no dynamic initialisation, so other files reach it without a
// thread_local wrapper call.
extern constinit thread_local HandlerLog handler_log;

// Runs call(context); returns when it returns or when the strict handler
// left it.
void call_unwinding(void (*call)(void *), void *context);

// Runs `call` under the installed handler; true when it reported a violation.
// `call` must hold nothing with a destructor across the implementation's
// call (strict mode may longjmp out of it).
template <class F>
bool run_call(F &&call)
{
    handler_log.calls = 0;
    handler_log.first[0] = '\0';
    call_unwinding([](void *f) { (*static_cast<std::remove_reference_t<F> *>(f))(); }, &call);
    return handler_log.calls > 0;
}

// Installs the mode's handler in `impl` for the lifetime of the object.
class HandlerScope {
public:
    HandlerScope(const IovImpl &impl, Mode mode);
    ~HandlerScope() { impl_.set_contract_handler(previous_); }
    HandlerScope(const HandlerScope &) = delete;
    HandlerScope &operator=(const HandlerScope &) = delete;

private:
    const IovImpl &impl_;
    iov_contract_handler previous_;
};

}  // namespace iovcheck::oracle_internal
