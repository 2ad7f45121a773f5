// The names and texts of preconditions.h's list.
#include <iovcheck/preconditions.h>

#include <array>

namespace iovcheck {
namespace {

struct PreconditionInfo {
    const char *name;
    const char *function;
    const char *text;
};

constexpr std::array<PreconditionInfo, kPreconditionCount> kInfo = {{
#define IOVCHECK_PRECONDITION_INFO(function, rule, text) {#function "." #rule, #function, text},
    IOVCHECK_PRECONDITIONS(IOVCHECK_PRECONDITION_INFO)
#undef IOVCHECK_PRECONDITION_INFO
}};

const PreconditionInfo *info(Precondition p)
{
    const auto index = static_cast<size_t>(p);
    return index < kInfo.size() ? &kInfo[index] : nullptr;
}

}  // namespace

const char *precondition_name(Precondition p)
{
    const PreconditionInfo *i = info(p);
    return i ? i->name : "?";
}

const char *precondition_function(Precondition p)
{
    const PreconditionInfo *i = info(p);
    return i ? i->function : "?";
}

const char *precondition_text(Precondition p)
{
    const PreconditionInfo *i = info(p);
    return i ? i->text : "?";
}

std::optional<Precondition> precondition_by_name(std::string_view name)
{
    for (size_t index = 0; index < kInfo.size(); ++index) {
        if (name == kInfo[index].name) {
            return static_cast<Precondition>(index);
        }
    }
    return std::nullopt;
}

}  // namespace iovcheck
