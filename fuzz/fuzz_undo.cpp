// libFuzzer target fuzz_undo: programs decoded with Flavour::Undo (see decoder.h)
// checked against the model by the oracle.
#include "target.h"

IOVCHECK_FUZZ_TARGET(fuzz_undo, iovcheck::fuzz::Flavour::Undo)
