// libFuzzer target fuzz_differential: programs decoded with Flavour::Ops run
// on core/ and on a second implementation in lockstep (check_differential),
// and each is also checked against the model.  The second implementation is
// the one IOVCHECK_IMPL names, or "external" (external/, the sources of
// -DIOVCHECK_IMPL_SOURCES) when IOVCHECK_IMPL is unset.  An implementation
// that does not honour lenient mode (a handler that returns: our addition to
// the emulator's API, which an assert()-based source cannot honour,
// external/compat/assert.h) is compared in strict mode only.
#include <cstdlib>

#include <iovcheck/registry.h>

#include "target.h"

namespace {

const iovcheck::IovImpl &other_impl()
{
    static const iovcheck::IovImpl *other = [] {
        const char *wanted = std::getenv("IOVCHECK_IMPL");
        if (wanted == nullptr || *wanted == '\0') {
            if (const iovcheck::IovImpl *external = iovcheck::find_impl("external")) {
                return external;
            }
        }
        return &iovcheck::impl_under_test();
    }();
    return *other;
}

iovcheck::CheckResult check_core_against_other(const iovcheck::Program &p, iovcheck::Mode mode)
{
    if (mode == iovcheck::Mode::Lenient && !other_impl().honours_lenient_mode) {
        return iovcheck::check(iovcheck::core_impl(), p, mode);
    }
    iovcheck::CheckResult r = iovcheck::check_differential(iovcheck::core_impl(), other_impl(), p, mode);
    if (r.ok) {
        r = iovcheck::check(other_impl(), p, mode);
    }
    if (r.ok) {
        r = iovcheck::check(iovcheck::core_impl(), p, mode);
    }
    return r;
}

}  // namespace

IOVCHECK_FUZZ_TARGET_WITH(fuzz_differential, iovcheck::fuzz::Flavour::Ops, check_core_against_other)
