#include "faulty.h"

#include <deque>

#include <iovcheck/registry.h>

namespace iovcheck::faulty {
namespace {

struct Store {
    std::deque<IovImpl> tables;  // a deque: registered pointers stay valid
    std::vector<Variant> variants;
};

Store &store()
{
    static Store s;
    return s;
}

}  // namespace

VariantRegistrar::VariantRegistrar(const char *name, const char *bug, void (*patch)(IovImpl &))
{
    IovImpl &table = store().tables.emplace_back(core_impl());
    table.name = name;
    patch(table);
    register_impl(table);
    store().variants.push_back({name, bug, &table});
}

const std::vector<Variant> &variants() { return store().variants; }

}  // namespace iovcheck::faulty
