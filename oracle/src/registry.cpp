#include <iovcheck/registry.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace iovcheck {
namespace {

// A function-local static: registrars run during static initialisation, in
// an order across translation units that nothing fixes.
std::vector<const IovImpl *> &registered()
{
    static std::vector<const IovImpl *> impls{&core_impl()};
    return impls;
}

}  // namespace

void register_impl(const IovImpl &impl)
{
    if (!find_impl(impl.name)) {
        registered().push_back(&impl);
    }
}

const IovImpl *find_impl(std::string_view name)
{
    for (const IovImpl *impl : registered()) {
        if (name == impl->name) {
            return impl;
        }
    }
    return nullptr;
}

std::vector<const IovImpl *> all_impls() { return registered(); }

const IovImpl &impl_under_test()
{
    const char *wanted = std::getenv("IOVCHECK_IMPL");
    if (!wanted || !*wanted) {
        return core_impl();
    }
    if (const IovImpl *impl = find_impl(wanted)) {
        return *impl;
    }
    std::string known;
    for (const IovImpl *impl : registered()) {
        known += known.empty() ? "" : ", ";
        known += impl->name;
    }
    std::fprintf(stderr, "IOVCHECK_IMPL=%s: no such implementation (known: %s)\n", wanted,
                 known.c_str());
    std::exit(2);
}

}  // namespace iovcheck
