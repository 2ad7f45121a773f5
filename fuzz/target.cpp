// The shared body of the fuzz targets (see target.h).
#include "target.h"

#include <cstdio>
#include <cstdlib>

#include <iovcheck/profile.h>
#include <iovcheck/registry.h>

namespace iovcheck::fuzz {

CheckResult check_impl_under_test(const Program &p, Mode mode)
{
    // Looked up once: the environment does not change during a run.
    static const IovImpl &impl = impl_under_test();
    static const Profile &profile = profile_under_test();
    // A decoded call that breaks a caller's duty of the profile is not made:
    // the oracle skips it on both sides.
    return check(impl, p, mode, profile);
}

std::vector<Mode> modes_of(const TargetSpec &spec, const Decoded &d)
{
    // Lenient mode (a handler that returns) is our addition to the API: an
    // implementation that does not honour it, such as an assert()-based
    // source, would run on past its failed assert() into code that was never
    // meant to run (and crash there), so it is checked in strict mode only.
    static const bool lenient_honoured = impl_under_test().honours_lenient_mode;
    if (lenient_honoured && (d.also_lenient || spec.flavour == Flavour::Ranges)) {
        return {Mode::Strict, Mode::Lenient};
    }
    return {Mode::Strict};
}

const char *mode_name(Mode mode) { return mode == Mode::Strict ? "strict" : "lenient"; }

Outcome run_input(const TargetSpec &spec, const uint8_t *data, size_t size)
{
    Outcome out;
    out.decoded = decode(spec.flavour, data, size);
    for (Mode mode : modes_of(spec, out.decoded)) {
        out.mode = mode;
        out.result = spec.check(out.decoded.program, mode);
        if (!out.result.ok) {
            break;
        }
    }
    return out;
}

int fuzz_one_input(const TargetSpec &spec, const uint8_t *data, size_t size)
{
    const Outcome out = run_input(spec, data, size);
    if (!out.result.ok) {
        std::fprintf(stderr, "%s: the implementation differs from the model (%s mode)\n%s\n", spec.name,
                     mode_name(out.mode), out.result.explanation.c_str());
        std::fprintf(stderr, "explain and minimize: ci/repro <crash file> --target %s [--minimize]\n",
                     spec.name);
        std::abort();
    }
    return 0;
}

}  // namespace iovcheck::fuzz
