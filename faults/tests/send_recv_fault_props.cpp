// Properties of iov_send_recv under faults, over generated
// layouts, ranges and fault schedules.  Every property runs its cases
// through check_case() (faults/src/send_recv_case.cpp), which checks the
// whole contract (the expectation rule of send_recv_case.h, the model's
// stream bytes, the array, allocations, system calls); each property then
// also asserts the one clause it is about, on cases shaped to reach it.
// The implementation is the one IOVCHECK_IMPL names (default core).
//
// Each property was seen to fail on a broken core/src/socket_io.cpp (then
// restored):
//  - EINTR treated like any error (return -1): EintrIsRetriedAndNeverSurfaces
//    and MatchesTheContractUnderAnySchedule ("returned -1 with errno 4 ...").
//  - `&& done > 0` dropped from the EAGAIN test (returns 0 instead of -1):
//    EagainBeforeProgressFailsWithEagain.
//  - EAGAIN after progress returning -1: EagainAfterProgressReturnsTheCount.
//  - any error after progress returning the count:
//    OtherErrorsFailWithTheirErrno ("returned 3, expected -1 with errno 104").
//  - recv of 0 returning -1: ReceiveOfZeroReturnsTheBytesSoFar.
//  - the cursor not advanced after a partial transfer (bytes resent):
//    MatchesTheContractUnderAnySchedule ("entry 0 byte 0 is not the address
//    of range position 3").
//  - the window built in a std::vector: NoHeapAllocationUpTo64Segments
//    ("1 heap allocations during the call").
//  - the first segment of the range advanced in the caller's array during
//    the call and restored after: CallersArrayIsNeverModified ("modified
//    when call 1 was made").
//  - no early return for bytes == 0 (one empty sendmsg):
//    ZeroBytesMakesNoSystemCall.
#include <iovcheck/faults.h>
#include <iovcheck/registry.h>
#include <iovcheck/send_recv_case.h>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cerrno>
#include <numeric>
#include <ostream>

namespace iovcheck::faults {

// How RapidCheck prints a Fault in a counterexample (found by ADL).
void showValue(const Fault &fault, std::ostream &os) { os << describe(fault); }

namespace {

size_t total_length(const SendRecvCase &c)
{
    return std::accumulate(c.seg_len.begin(), c.seg_len.end(), size_t{0});
}

// Segment lengths: zero-length and tiny segments often, a long one now and
// then; counts past 64 (the no-allocation bound) and past core's window.
std::vector<size_t> arbitrary_lengths(size_t min_count, size_t max_count)
{
    const size_t count = *rc::gen::weightedOneOf<size_t>(
        {{6, rc::gen::inRange<size_t>(min_count, std::min<size_t>(max_count, 12) + 1)},
         {1, rc::gen::inRange<size_t>(min_count, max_count + 1)}});
    return *rc::gen::container<std::vector<size_t>>(
        count, rc::gen::weightedOneOf<size_t>({{3, rc::gen::just<size_t>(0)},
                                               {6, rc::gen::inRange<size_t>(1, 17)},
                                               {1, rc::gen::inRange<size_t>(17, 300)}}));
}

// A layout and an in-domain range of at least `min_bytes` bytes (when the
// layout allows it, else the property discards the case).
SendRecvCase arbitrary_case(size_t min_bytes, size_t max_segments = 80)
{
    SendRecvCase c;
    c.seg_len = arbitrary_lengths(0, max_segments);
    if (*rc::gen::weightedOneOf<bool>({{4, rc::gen::just(false)}, {1, rc::gen::just(true)}})) {
        // Placed segments: windows of one arena, so some alias or overlap.
        c.seg_start = *rc::gen::container<std::vector<size_t>>(c.seg_len.size(),
                                                               rc::gen::inRange<size_t>(0, 64));
    }
    const size_t size = total_length(c);
    RC_PRE(size >= min_bytes);
    c.offset = *rc::gen::inRange<size_t>(0, size - min_bytes + 1);
    const size_t left = size - c.offset;
    c.bytes = *rc::gen::weightedOneOf<size_t>(
        {{1, rc::gen::just(left)}, {2, rc::gen::inRange<size_t>(min_bytes, left + 1)}});
    c.do_send = *rc::gen::arbitrary<bool>();
    c.seed = *rc::gen::arbitrary<uint32_t>();
    return c;
}

Fault arbitrary_transfer(size_t max_limit)
{
    return Fault::transfer(*rc::gen::inRange<size_t>(1, max_limit + 1));
}

Fault arbitrary_error()
{
    return Fault::error(*rc::gen::element(ECONNRESET, EPIPE, ETIMEDOUT, ENOTCONN));
}

Fault arbitrary_fault()
{
    switch (*rc::gen::weightedOneOf<int>({{5, rc::gen::just(0)},
                                         {2, rc::gen::just(1)},
                                         {1, rc::gen::just(2)},
                                         {1, rc::gen::just(3)},
                                         {1, rc::gen::just(4)}})) {
    case 0: return arbitrary_transfer(24);
    case 1: return Fault::eintr();
    case 2: return Fault::eagain();
    case 3: return arbitrary_error();
    default: return Fault::peer_shutdown();
    }
}

// Transfers of at most `budget` bytes in all (some perhaps interrupted by
// EINTR), each moving at least one byte: progress that stays below budget + 1.
std::vector<Fault> partial_progress(size_t budget)
{
    std::vector<Fault> schedule;
    const size_t pieces = *rc::gen::inRange<size_t>(1, 5);
    for (size_t i = 0; i < pieces && budget > 0; i++) {
        while (*rc::gen::weightedOneOf<bool>({{3, rc::gen::just(false)}, {1, rc::gen::just(true)}})) {
            schedule.push_back(Fault::eintr());
        }
        const size_t limit = *rc::gen::inRange<size_t>(1, budget + 1);
        schedule.push_back(Fault::transfer(limit));
        budget -= limit;
    }
    return schedule;
}

// Runs the case and fails the property with the oracle's words.  The
// no-allocation clause is NoHeapAllocationUpTo64Segments' alone, so that an
// implementation that allocates (the emulator's own does) fails that one
// property and is still checked by all the others.
CaseResult run(const SendRecvCase &c, Clauses clauses = {.no_allocation = false})
{
    CaseResult r = check_case(impl_under_test(), c, clauses);
    if (!r.ok) {
        RC_FAIL(r.explanation);
    }
    return r;
}

RC_GTEST_PROP(SendRecvFaults, MatchesTheContractUnderAnySchedule, ())
{
    SendRecvCase c = arbitrary_case(0);
    c.schedule = *rc::gen::container<std::vector<Fault>>(
        *rc::gen::inRange<size_t>(0, 12), rc::gen::exec(arbitrary_fault));
    run(c);
}

RC_GTEST_PROP(SendRecvFaults, EintrIsRetriedAndNeverSurfaces, ())
{
    SendRecvCase c = arbitrary_case(1);
    c.schedule = *rc::gen::container<std::vector<Fault>>(
        *rc::gen::inRange<size_t>(1, 16),
        rc::gen::exec([] { return *rc::gen::element(Fault::eintr(), Fault::eintr(),
                                                     arbitrary_transfer(8)); }));
    const CaseResult r = run(c);
    RC_ASSERT(r.ret == static_cast<ssize_t>(c.bytes));
}

RC_GTEST_PROP(SendRecvFaults, EagainAfterProgressReturnsTheCount, ())
{
    SendRecvCase c = arbitrary_case(2);
    c.schedule = partial_progress(c.bytes - 1);
    c.schedule.push_back(Fault::eagain());
    const CaseResult r = run(c);
    RC_ASSERT(r.ret > 0);
    RC_ASSERT(r.ret < static_cast<ssize_t>(c.bytes));
}

RC_GTEST_PROP(SendRecvFaults, EagainBeforeProgressFailsWithEagain, ())
{
    SendRecvCase c = arbitrary_case(1);
    c.schedule.assign(*rc::gen::inRange<size_t>(0, 4), Fault::eintr());
    c.schedule.push_back(Fault::eagain());
    const CaseResult r = run(c);
    RC_ASSERT(r.ret == -1);
    RC_ASSERT(r.err == EAGAIN);
}

RC_GTEST_PROP(SendRecvFaults, OtherErrorsFailWithTheirErrno, ())
{
    SendRecvCase c = arbitrary_case(2);
    if (*rc::gen::arbitrary<bool>()) {
        c.schedule = partial_progress(c.bytes - 1);
    }
    const Fault error = arbitrary_error();
    c.schedule.push_back(error);
    const CaseResult r = run(c);
    RC_ASSERT(r.ret == -1);
    RC_ASSERT(r.err == error.err);
}

RC_GTEST_PROP(SendRecvFaults, ReceiveOfZeroReturnsTheBytesSoFar, ())
{
    SendRecvCase c = arbitrary_case(1);
    c.do_send = false;
    size_t moved = 0;
    if (*rc::gen::arbitrary<bool>()) {
        c.schedule = partial_progress(c.bytes - 1);
        for (const Fault &f : c.schedule) {
            moved += f.kind == FaultKind::Transfer ? f.limit : 0;
        }
    }
    c.schedule.push_back(Fault::peer_shutdown());
    const CaseResult r = run(c);
    // The limits are upper bounds; a window smaller than a limit moves less,
    // so the count is at most their sum (check_case has the exact value).
    RC_ASSERT(r.ret >= 0);
    RC_ASSERT(static_cast<size_t>(r.ret) <= moved);
}

RC_GTEST_PROP(SendRecvFaults, CallersArrayIsNeverModified, ())
{
    // check_case compares the array and its guard entries at every call
    // and after it; here with partial transfers, which make an
    // implementation that edits the array in place show it.
    SendRecvCase c = arbitrary_case(1);
    c.schedule = *rc::gen::container<std::vector<Fault>>(*rc::gen::inRange<size_t>(1, 8),
                                                         rc::gen::exec([] { return arbitrary_transfer(6); }));
    run(c);
}

RC_GTEST_PROP(SendRecvFaults, NoHeapAllocationUpTo64Segments, ())
{
    RC_PRE(allocation_counting_available());
    SendRecvCase c;
    c.seg_len = *rc::gen::container<std::vector<size_t>>(*rc::gen::inRange<size_t>(0, 65),
                                                         rc::gen::inRange<size_t>(0, 9));
    const size_t size = total_length(c);
    c.offset = *rc::gen::inRange<size_t>(0, size + 1);
    c.bytes = size - c.offset;
    c.do_send = *rc::gen::arbitrary<bool>();
    c.schedule = *rc::gen::container<std::vector<Fault>>(*rc::gen::inRange<size_t>(0, 8),
                                                         rc::gen::exec(arbitrary_fault));
    run(c, {.no_allocation = true});  // counts this thread's allocations during the call
}

RC_GTEST_PROP(SendRecvFaults, ZeroBytesMakesNoSystemCall, ())
{
    SendRecvCase c = arbitrary_case(0);
    c.offset = *rc::gen::inRange<size_t>(0, total_length(c) + 1);
    c.bytes = 0;
    // A schedule that would fail the first call if one were made.
    c.schedule = {*rc::gen::element(Fault::eagain(), Fault::error(EPIPE), Fault::peer_shutdown())};
    const CaseResult r = run(c);
    RC_ASSERT(r.ret == 0);
    RC_ASSERT(r.calls == 0u);
}

}  // namespace
}  // namespace iovcheck::faults
