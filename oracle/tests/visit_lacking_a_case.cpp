// Compiled (never run) by the ctest oracle.visit_lacking_a_case_does_not_compile:
// as it is, visit() has one case per operation record and must compile;
// with IOVCHECK_LEAVE_OUT_QSLICE the case of ops::QSlice takes another type,
// so the set lacks that record's case and must not compile.  This is what
// stops a driver that forgets a new operation.
#include <iovcheck/program.h>

namespace iovcheck {

template <typename Record>
struct CaseOf {
    using type = Record;
};
#ifdef IOVCHECK_LEAVE_OUT_QSLICE
struct NotARecord {};
template <>
struct CaseOf<ops::QSlice> {
    using type = NotARecord;
};
#endif

const char *name_by_cases(const Op &op)
{
#define IOVCHECK_ONE_CASE(name) [](const CaseOf<ops::name>::type &) { return #name; },
    return visit(op, Overloaded{IOVCHECK_OPERATIONS(IOVCHECK_ONE_CASE)});
#undef IOVCHECK_ONE_CASE
}

}  // namespace iovcheck
