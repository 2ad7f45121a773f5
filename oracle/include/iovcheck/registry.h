// The implementations one binary can put under test, by name.  core/ is
// always there ("core"); faulty variants (self-test) and external
// implementations add themselves with a static ImplRegistrar in an OBJECT
// library (so the linker keeps it).  Drivers pick one with IOVCHECK_IMPL.
#pragma once

#include <string_view>
#include <vector>

#include <iovcheck/impl.h>

namespace iovcheck {

// Adds `impl` under impl.name; a second registration of a name is ignored.
void register_impl(const IovImpl &impl);

// The implementation named `name`, or nullptr.
const IovImpl *find_impl(std::string_view name);

// Every registered implementation, core first, then in registration order.
std::vector<const IovImpl *> all_impls();

// The one named by the environment variable IOVCHECK_IMPL (default "core").
// An unknown name prints one line listing the known names and exits 2.
const IovImpl &impl_under_test();

struct ImplRegistrar {
    explicit ImplRegistrar(const IovImpl &impl) { register_impl(impl); }
};

}  // namespace iovcheck
