// libFuzzer target fuzz_sendrecv: programs decoded with Flavour::SendRecv (see decoder.h)
// checked against the model by the oracle.
#include "target.h"

IOVCHECK_FUZZ_TARGET(fuzz_sendrecv, iovcheck::fuzz::Flavour::SendRecv)
