// libFuzzer target fuzz_ops: programs decoded with Flavour::Ops (see decoder.h)
// checked against the model by the oracle.
#include "target.h"

IOVCHECK_FUZZ_TARGET(fuzz_ops, iovcheck::fuzz::Flavour::Ops)
