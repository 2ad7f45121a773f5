// The names of the table's entries and which of them an implementation has.
#include <iovcheck/impl.h>

#include <array>

namespace iovcheck {
namespace {

constexpr std::array<const char *, kFnCount> kFnNames = {
#define IOVCHECK_FN_NAME(return_type, name, parameters, extra) #name,
    IOVCHECK_API_FUNCTIONS(IOVCHECK_FN_NAME) IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_FN_NAME)
#undef IOVCHECK_FN_NAME
};

}  // namespace

const char *fn_name(Fn fn)
{
    const auto index = static_cast<size_t>(fn);
    return index < kFnNames.size() ? kFnNames[index] : "?";
}

std::optional<Fn> fn_by_name(std::string_view name)
{
    for (size_t index = 0; index < kFnNames.size(); ++index) {
        if (name == kFnNames[index]) {
            return static_cast<Fn>(index);
        }
    }
    return std::nullopt;
}

bool IovImpl::has(Fn fn) const
{
    switch (fn) {
#define IOVCHECK_FN_PRESENT(return_type, name, parameters, extra) \
    case Fn::name:                                                \
        return name != nullptr;
        IOVCHECK_API_FUNCTIONS(IOVCHECK_FN_PRESENT)
        IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_FN_PRESENT)
#undef IOVCHECK_FN_PRESENT
    case Fn::Count:
        break;
    }
    return false;
}

}  // namespace iovcheck
