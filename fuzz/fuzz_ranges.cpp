// libFuzzer target fuzz_ranges: programs decoded with Flavour::Ranges (see decoder.h)
// checked against the model by the oracle.
#include "target.h"

IOVCHECK_FUZZ_TARGET(fuzz_ranges, iovcheck::fuzz::Flavour::Ranges)
