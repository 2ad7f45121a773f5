// One iov_send_recv call under a fault schedule, and its check against
// SPEC.md: the driver-independent core of the fault properties
// (faults/tests/send_recv_fault_props.cpp) and of the fuzz target
// fuzz_sendrecv_faults.  Drivers build a SendRecvCase and call check_case().
//
// Usage:
//   faults::SendRecvCase c;
//   c.seg_len = {3, 0, 70};
//   c.offset = 1; c.bytes = 50; c.do_send = true;
//   c.schedule = {faults::Fault::transfer(5), faults::Fault::eintr(), faults::Fault::eagain()};
//   faults::CaseResult r = faults::check_case(impl_under_test(), c);
//   ASSERT_TRUE(r.ok) << r.explanation;   // here r.ret == 5
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <vector>

#include <iovcheck/faults.h>
#include <iovcheck/impl.h>

namespace iovcheck::faults {

struct SendRecvCase {
    // The caller's array: one entry per segment.  With seg_start empty the
    // segments lie one after another in one arena with a one-byte gap
    // between them; otherwise segment k starts at arena position
    // seg_start[k] (segments may then alias and overlap).
    std::vector<size_t> seg_len;
    std::vector<size_t> seg_start;
    size_t offset = 0;
    size_t bytes = 0;
    bool do_send = true;
    std::vector<Fault> schedule;  // what call i of sendmsg/recvmsg does
    uint32_t seed = 1;            // initial memory and the peer's bytes
};

// The expectation rule: SPEC.md's iov_send_recv stated as a function of the
// schedule.  Only the implementation's window sizes are its own choice, so
// the rule takes `offered` (the bytes each call offered, in call order):
//
//   bytes == 0: return 0 and make no call.
//   Otherwise call i meets schedule[i] (past the end: transfer everything):
//     transfer <= N   moves min(N, offered[i]) bytes; once `bytes` are
//                     moved, return bytes; else call again.
//     EINTR           moves nothing; call again (EINTR never surfaces).
//     EAGAIN          return the bytes moved so far if there are any,
//                     else -1 with errno EAGAIN.
//     ECONNRESET,     return -1 with that errno, even after progress
//     EPIPE, ...      (SPEC.md: "otherwise return -1 with errno set").
//     shutdown        recv: recvmsg returned 0, return the bytes moved so
//                     far (perhaps 0).  send: the socket fails with EPIPE.
//   The bytes moved are stream [offset, offset + moved): sent to the peer
//   in stream order (send), or filled in stream order from the peer's
//   bytes (recv); nothing else changes.  Each call offers the next
//   1..(bytes - moved) stream positions, in order.
struct Expectation {
    ssize_t ret = 0;
    int err = 0;         // errno when ret == -1
    size_t moved = 0;    // bytes that crossed the socket
    size_t calls = 0;    // sendmsg/recvmsg calls the contract makes
    // The implementation returned while the rule still needed call
    // `calls` (1-based): it stopped early.
    bool stopped_early = false;
};
Expectation expected_outcome(const std::vector<Fault> &schedule, const std::vector<size_t> &offered,
                             size_t bytes, bool do_send);

struct CaseResult {
    bool ok = true;
    std::string explanation;  // for a person: the case, the calls, expected vs actual
    ssize_t ret = 0;
    int err = 0;              // errno after the call when ret == -1
    size_t calls = 0;         // sendmsg/recvmsg calls made
    bool violation = false;   // the range was outside the contract (lenient mode)
    explicit operator bool() const { return ok; }
};

// The clauses check_case checks beyond the expectation rule, when it does.
struct Clauses {
    // No heap allocation during the call when the array has at most 64
    // entries.  core/ promises it; SPEC.md does not (the emulator's
    // own iov_send_recv copies the array to the heap), so a property about
    // something else may leave it to NoHeapAllocationUpTo64Segments.
    bool no_allocation = true;
};

// Runs the case on `impl` with the schedule active and checks everything
// above, plus: the caller's array (with guard entries around it) is bitwise
// unchanged after the call and at every call; no system call other than the
// answered sendmsg/recvmsg; the clauses asked for.  A range outside the
// contract must reach the contract handler (lenient: it returns) and give
// -1/EINVAL with no call and no change.
CaseResult check_case(const IovImpl &impl, const SendRecvCase &c, Clauses clauses = {});

// "send of stream [2, 9) over 4 segments ..., schedule [...]".
std::string describe(const SendRecvCase &c);

// The fuzz target's input format (total: every byte string is a case).
// See send_recv_case.cpp for the byte layout.
SendRecvCase decode_case(const uint8_t *data, size_t size);
// An input that decodes to `c` (for hand-made seeds); c must be in the
// decoder's range (at most 80 segments of at most 63 bytes, arena < 256,
// offset and bytes < 65536, at most 32 faults, transfer limit <= 256).
std::vector<uint8_t> encode_case(const SendRecvCase &c);

}  // namespace iovcheck::faults
