// The implementation under test, reached through one table of the C API's
// functions (ARCHITECTURE.md: "one table of function pointers"), so that
// several implementations (core/, an external one, the faulty variants of the
// self-test) can live in one binary and be compared with each other.
//
// The table's entries are generated from the one list of the API's functions
// (api_functions.h): the functions an implementation links, then the header
// inlines and macros (iov_from_buf, iov_to_buf, qemu_iovec_init_buf,
// QEMU_IOVEC_INIT_BUF, qemu_iovec_buf), which each implementation provides as
// compiled against its own header.
//
// An implementation may lack any function (an older or newer generation of
// the API): its entry is then nullptr, `has(Fn::...)` is false, the function
// is reported `absent`, and no driver calls it.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include <iovcheck/api_functions.h>
#include <iovcheck/iov.h>

namespace iovcheck {

// One enumerator per entry of the table, in the list's order.
enum class Fn : uint8_t {
#define IOVCHECK_FN_ENUMERATOR(return_type, name, parameters, extra) name,
    IOVCHECK_API_FUNCTIONS(IOVCHECK_FN_ENUMERATOR)
    IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_FN_ENUMERATOR)
#undef IOVCHECK_FN_ENUMERATOR
        Count
};

inline constexpr size_t kFnCount = static_cast<size_t>(Fn::Count);

// The function's API name ("qemu_iovec_init_buf_macro" for the macro entry);
// "?" outside the list.
const char *fn_name(Fn fn);
std::optional<Fn> fn_by_name(std::string_view name);

struct IovImpl {
    const char *name;

    // Whether a contract handler that returns is honoured (lenient mode:
    // SPEC.md's addition to the emulator's API: neutral result, no effect).
    // An assert()-based implementation cannot honour it; drivers then check
    // it in strict mode only.
    bool honours_lenient_mode = true;

    // Installs the handler this implementation reports contract violations
    // to; returns the previous one.  The oracle's strict-mode handler leaves
    // the call with longjmp: an implementation reports a violation before it
    // holds anything to release (memory, locks, C++ objects with destructors).
    iov_contract_handler (*set_contract_handler)(iov_contract_handler);

#define IOVCHECK_IMPL_ENTRY(return_type, name, parameters, extra) return_type(*name) parameters;
    IOVCHECK_API_FUNCTIONS(IOVCHECK_IMPL_ENTRY)
    IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_IMPL_ENTRY)
#undef IOVCHECK_IMPL_ENTRY

    // Whether the implementation provides `fn` (its entry is set).
    bool has(Fn fn) const;
};

// core/, the production library.
const IovImpl &core_impl();

}  // namespace iovcheck
