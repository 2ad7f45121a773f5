// libFuzzer target fuzz_sendrecv_faults: the input is one iov_send_recv call
// and the fault schedule of its sendmsg/recvmsg calls (layout, range,
// direction, schedule: see faults/src/case_bytes.cpp), run through the fault
// layer and checked by check_case() against SPEC.md (faults/include/iovcheck/
// send_recv_case.h).  Built with faults/CMakeLists.txt (it needs the fault
// layer's link options); IOVCHECK_IMPL picks the implementation.  The
// no-allocation clause is left to the property NoHeapAllocationUpTo64Segments
// (a promise of core/, not of SPEC.md), so that an external
// implementation that allocates can still be fuzzed for the contract.
#include <iovcheck/registry.h>
#include <iovcheck/send_recv_case.h>

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const iovcheck::faults::SendRecvCase c = iovcheck::faults::decode_case(data, size);
    const iovcheck::faults::CaseResult r =
        iovcheck::faults::check_case(iovcheck::impl_under_test(), c, {.no_allocation = false});
    if (!r.ok) {
        std::fputs(r.explanation.c_str(), stderr);
        std::abort();
    }
    return 0;
}
