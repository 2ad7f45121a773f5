// The harness's self-test: implementations that are core/ with exactly one
// realistic bug each, one per class of mistake (off by one, wrapping range,
// lost undo, ...).  Each is core_impl()'s table
// with ONE entry replaced by a small rewritten function carrying the bug;
// core/ itself stays free of harness code.  They register as
// "faulty:<class>" so any driver can put them under test with
// IOVCHECK_IMPL=faulty:<class>.
#pragma once

#include <string>
#include <vector>

#include <iovcheck/impl.h>

namespace iovcheck::faulty {

struct Variant {
    const char *name;  // "faulty:<class>"
    const char *bug;   // one sentence: what is wrong and where
    const IovImpl *impl;
};

// Every faulty variant, grouped by class of mistake.
const std::vector<Variant> &variants();

// Registers core_impl() with `patch` applied under `name` (static
// initialisation of the variant sources calls it).
struct VariantRegistrar {
    VariantRegistrar(const char *name, const char *bug, void (*patch)(IovImpl &));
};

}  // namespace iovcheck::faulty
