// The external implementation (IOVCHECK_IMPL_SOURCES, compiled with every
// API symbol renamed to ext_<name>) as the IovImpl "external", generated from
// the one list of the API's functions (api_functions.h), and the contract
// handler its assert()s report to.
#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

#include <iovcheck/impl.h>
#include <iovcheck/registry.h>

#include "../compat/abandoned.h"

extern "C" {
// Weak references: a function the external sources lack (an older or newer
// generation of the API) resolves to nullptr and is absent, not a link error.
#define IOVCHECK_DECLARE_EXTERNAL(return_type, name, parameters, generation) \
    __attribute__((weak)) return_type ext_##name parameters;
IOVCHECK_API_FUNCTIONS(IOVCHECK_DECLARE_EXTERNAL)
// The header inlines and macros compiled against the external (header_entries.c).
#define IOVCHECK_DECLARE_HEADER_ENTRY(return_type, name, parameters, built_on) \
    return_type iovcheck_external_##name parameters;
IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_DECLARE_HEADER_ENTRY)
}

// ---- The contract handler of the external ------------------------------------------------
// Weak: an external source set that brings its own handler functions wins.

namespace {

void default_external_handler(const char *function, const char *message)
{
    std::fprintf(stderr, "iovcheck: contract violation in external %s: %s\n", function, message);
    std::abort();
}

std::atomic<iov_contract_handler> external_handler{default_external_handler};

}  // namespace

extern "C" __attribute__((weak)) iov_contract_handler ext_iov_set_contract_handler(iov_contract_handler handler)
{
    return external_handler.exchange(handler ? handler : default_external_handler);
}

extern "C" __attribute__((weak)) void ext_iov_contract_violation(const char *function, const char *format, ...)
{
    char message[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    // __func__ of a renamed function reads "ext_<name>": report the API name.
    const char *name = function;
    if (name && name[0] == 'e' && name[1] == 'x' && name[2] == 't' && name[3] == '_') {
        name += 4;
    }
    // The report leaves the call (strict mode): what it had allocated is
    // what the emulator's failed assert() would never free, not a leak.
    iovcheck_compat_call_abandoned();
    external_handler.load()(name, message);
}

// ---- The table ----------------------------------------------------------------------------

namespace iovcheck {
namespace {

#ifdef IOVCHECK_COMPAT_TRACKS_ALLOCATIONS
// Each call the harness makes into the external begins a new call for
// compat's allocation tracking (compat/abandoned.h); internal calls of the
// implementation (concat calling add) belong to the call that made them.
template <auto Function>
struct CallEntry;
template <class Result, class... Args, Result (*Function)(Args...)>
struct CallEntry<Function> {
    static Result call(Args... args)
    {
        iovcheck_compat_call_begins();
        return Function(args...);
    }
};
#define IOVCHECK_EXTERNAL_ENTRY(name) (ext_##name ? &CallEntry<ext_##name>::call : nullptr)
#else
#define IOVCHECK_EXTERNAL_ENTRY(name) ext_##name
#endif

IovImpl make_external_impl()
{
    IovImpl t{};
    t.name = "external";
    // assert()-based sources stop at a violation: lenient mode is our addition.
    t.honours_lenient_mode = false;
    t.set_contract_handler = ext_iov_set_contract_handler;
#define IOVCHECK_SET_EXTERNAL(return_type, name, parameters, generation) t.name = IOVCHECK_EXTERNAL_ENTRY(name);
    IOVCHECK_API_FUNCTIONS(IOVCHECK_SET_EXTERNAL)
    // A header entry is there when the library function it calls is.
#define IOVCHECK_LINKED(return_type, name, parameters, generation) \
    [[maybe_unused]] const bool linked_##name = t.has(Fn::name);
    IOVCHECK_API_FUNCTIONS(IOVCHECK_LINKED)
    const bool linked_header_only = true;
#define IOVCHECK_SET_HEADER_ENTRY(return_type, name, parameters, built_on) \
    t.name = linked_##built_on ? iovcheck_external_##name : nullptr;
    IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_SET_HEADER_ENTRY)
    return t;
}

const IovImpl external_table = make_external_impl();
const ImplRegistrar external_registrar(external_table);

}  // namespace
}  // namespace iovcheck
