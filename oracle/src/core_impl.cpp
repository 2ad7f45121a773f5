// core/ as an IovImpl, generated from the one list of the API's functions
// (api_functions.h): every library entry is the core function itself, every
// header entry the inline or macro compiled against core's header
// (header_entries.c).
#include <iovcheck/impl.h>

extern "C" {
// A function of a newer generation is a weak reference: until core/ has it,
// it is absent (nullptr) instead of a link error.  Once iov.h declares it,
// a signature that differs from the list's is a compile error here.
#define IOVCHECK_CORE_DECLARE_every(return_type, name, parameters)
#define IOVCHECK_CORE_DECLARE_newer(return_type, name, parameters) \
    __attribute__((weak)) return_type name parameters;
#define IOVCHECK_CORE_DECLARE(return_type, name, parameters, generation) \
    IOVCHECK_CORE_DECLARE_##generation(return_type, name, parameters)
IOVCHECK_API_FUNCTIONS(IOVCHECK_CORE_DECLARE)

#define IOVCHECK_CORE_DECLARE_HEADER_ENTRY(return_type, name, parameters, built_on) \
    return_type iovcheck_core_##name parameters;
IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_CORE_DECLARE_HEADER_ENTRY)
}

namespace iovcheck {

namespace {

IovImpl make_core_impl()
{
    IovImpl t{};
    t.name = "core";
    t.set_contract_handler = iov_set_contract_handler;
#define IOVCHECK_CORE_SET(return_type, name, parameters, generation) t.name = ::name;
    IOVCHECK_API_FUNCTIONS(IOVCHECK_CORE_SET)
#define IOVCHECK_CORE_SET_HEADER_ENTRY(return_type, name, parameters, built_on) \
    t.name = iovcheck_core_##name;
    IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_CORE_SET_HEADER_ENTRY)
    return t;
}

}  // namespace

const IovImpl &core_impl()
{
    static const IovImpl table = make_core_impl();
    return table;
}

}  // namespace iovcheck
