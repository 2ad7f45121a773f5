// libFuzzer target fuzz_clone: programs decoded with Flavour::Clone (see decoder.h)
// checked against the model by the oracle.
#include "target.h"

IOVCHECK_FUZZ_TARGET(fuzz_clone, iovcheck::fuzz::Flavour::Clone)
