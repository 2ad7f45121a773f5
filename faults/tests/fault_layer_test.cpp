// The fault layer itself: a schedule decides each call, the caller's array
// is never touched by truncation, counters count, the expectation rule says
// what SPEC.md says, and the fuzz codec round-trips.
#include <iovcheck/faults.h>
#include <iovcheck/send_recv_case.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>
#include <unistd.h>

namespace iovcheck::faults {
namespace {

struct SocketPair {
    int fd[2] = {-1, -1};
    SocketPair() { EXPECT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fd)); }
    ~SocketPair()
    {
        close(fd[0]);
        close(fd[1]);
    }
};

msghdr message(struct iovec *iov, size_t cnt)
{
    msghdr m = {};
    m.msg_iov = iov;
    m.msg_iovlen = cnt;
    return m;
}

TEST(FaultSession, AnswersEachCallFromTheScheduleThenTransfersEverything)
{
    SocketPair sp;
    char a[] = "abcdef", b[] = "XYZ";
    struct iovec iov[2] = {{a, 6}, {b, 3}};
    const struct iovec iov_before[2] = {iov[0], iov[1]};
    msghdr m = message(iov, 2);
    FaultSession session(sp.fd[0],
                         {Fault::transfer(4), Fault::eintr(), Fault::eagain(),
                          Fault::error(ECONNRESET), Fault::peer_shutdown()},
                         {});
    EXPECT_EQ(4, sendmsg(sp.fd[0], &m, 0));
    errno = 0;
    EXPECT_EQ(-1, sendmsg(sp.fd[0], &m, 0));
    EXPECT_EQ(EINTR, errno);
    EXPECT_EQ(-1, sendmsg(sp.fd[0], &m, 0));
    EXPECT_EQ(EAGAIN, errno);
    EXPECT_EQ(-1, sendmsg(sp.fd[0], &m, 0));
    EXPECT_EQ(ECONNRESET, errno);
    EXPECT_EQ(-1, sendmsg(sp.fd[0], &m, 0));  // a shut-down peer: EPIPE on send
    EXPECT_EQ(EPIPE, errno);
    EXPECT_EQ(9, sendmsg(sp.fd[0], &m, 0));   // past the schedule: everything
    EXPECT_EQ(std::string("abcdabcdefXYZ"), std::string(session.sent().begin(), session.sent().end()));
    ASSERT_EQ(6u, session.calls().size());
    EXPECT_EQ(9u, session.calls()[0].offered);
    EXPECT_EQ(2u, session.calls()[0].entries);
    // Truncating a transfer never touches the caller's entries.
    EXPECT_EQ(0, std::memcmp(iov, iov_before, sizeof iov));
}

TEST(FaultSession, ReceivesFromItsSourceAndReportsShutdownAsZero)
{
    SocketPair sp;
    char buf[8] = {};
    struct iovec iov[2] = {{buf, 3}, {buf + 3, 5}};
    msghdr m = message(iov, 2);
    FaultSession session(sp.fd[0], {Fault::transfer(2), Fault::peer_shutdown()},
                         {'1', '2', '3', '4', '5', '6', '7'});
    EXPECT_EQ(2, recvmsg(sp.fd[0], &m, 0));
    EXPECT_EQ(std::string("12"), std::string(buf, 2));
    EXPECT_EQ(0, recvmsg(sp.fd[0], &m, 0));
    EXPECT_EQ(5, recvmsg(sp.fd[0], &m, 0));  // the rest of the source
    EXPECT_EQ(0, recvmsg(sp.fd[0], &m, 0));  // source exhausted: end of stream
    EXPECT_EQ(std::string("34567"), std::string(buf, 5));
    EXPECT_EQ(7u, session.received());
}

TEST(FaultSession, OtherDescriptorsReachTheKernel)
{
    SocketPair sp;
    char byte = 'q';
    struct iovec iov = {&byte, 1};
    msghdr m = message(&iov, 1);
    FaultSession session(sp.fd[0], {Fault::error(EPIPE)}, {});
    EXPECT_EQ(1, sendmsg(sp.fd[1], &m, 0));
    char got = 0;
    EXPECT_EQ(1, read(sp.fd[0], &got, 1));
    EXPECT_EQ('q', got);
    EXPECT_TRUE(session.calls().empty());
}

TEST(FaultSession, SeesAnArrayModifiedDuringTheCallAndAWrongWindow)
{
    SocketPair sp;
    uint8_t data[4] = {1, 2, 3, 4};
    struct iovec array[1] = {{data, 4}};
    FaultSession session(sp.fd[0], {}, {});
    session.watch_array(array, 1);
    session.expect_stream({data, data + 1, data + 2, data + 3});
    array[0].iov_base = data + 1;  // what a careless implementation does
    array[0].iov_len = 3;
    msghdr m = message(array, 1);
    EXPECT_EQ(3, sendmsg(sp.fd[0], &m, 0));
    ASSERT_EQ(1u, session.calls().size());
    EXPECT_FALSE(session.calls()[0].array_intact);
    EXPECT_NE("", session.calls()[0].window_error);
}

TEST(Counters, CountSocketCallsAndAllocationsOfThisThread)
{
    SocketPair sp;
    const uint64_t calls = socket_calls();
    char byte = 0;
    EXPECT_EQ(-1, recv(sp.fd[0], &byte, 1, 0));  // nothing there: EAGAIN
    EXPECT_EQ(1, write(sp.fd[1], "x", 1));
    EXPECT_EQ(calls + 2, socket_calls());
    if (!allocation_counting_available()) {
        GTEST_SKIP() << "allocation counting unavailable in this build";
    }
    const uint64_t before = allocations();
    void *volatile p = std::malloc(24);
    int *volatile q = new int(3);
    EXPECT_EQ(before + 2, allocations());
    std::free(p);
    delete q;
}

TEST(ExpectationRule, IsSpecMdStatedOnTheSchedule)
{
    const std::vector<size_t> offered(8, 10);
    // Everything in one call.
    Expectation e = expected_outcome({}, offered, 10, true);
    EXPECT_EQ(10, e.ret);
    EXPECT_EQ(1u, e.calls);
    // bytes == 0: no call.
    e = expected_outcome({Fault::error(EPIPE)}, {}, 0, true);
    EXPECT_EQ(0, e.ret);
    EXPECT_EQ(0u, e.calls);
    // EINTR is retried.
    e = expected_outcome({Fault::eintr(), Fault::eintr()}, offered, 10, false);
    EXPECT_EQ(10, e.ret);
    EXPECT_EQ(3u, e.calls);
    // EAGAIN after progress returns the count; before, -1/EAGAIN.
    e = expected_outcome({Fault::transfer(3), Fault::eagain()}, offered, 10, true);
    EXPECT_EQ(3, e.ret);
    e = expected_outcome({Fault::eintr(), Fault::eagain()}, offered, 10, true);
    EXPECT_EQ(-1, e.ret);
    EXPECT_EQ(EAGAIN, e.err);
    // Another error is -1 with its errno even after progress.
    e = expected_outcome({Fault::transfer(3), Fault::error(ECONNRESET)}, offered, 10, true);
    EXPECT_EQ(-1, e.ret);
    EXPECT_EQ(ECONNRESET, e.err);
    EXPECT_EQ(3u, e.moved);
    // A receive of 0 returns the bytes so far; a send sees EPIPE.
    e = expected_outcome({Fault::transfer(4), Fault::peer_shutdown()}, offered, 10, false);
    EXPECT_EQ(4, e.ret);
    e = expected_outcome({Fault::transfer(4), Fault::peer_shutdown()}, offered, 10, true);
    EXPECT_EQ(-1, e.ret);
    EXPECT_EQ(EPIPE, e.err);
    // Stopping before the contract does is caught.
    e = expected_outcome({Fault::transfer(4)}, {10}, 10, true);
    EXPECT_TRUE(e.stopped_early);
    EXPECT_EQ(2u, e.calls);
}

TEST(CaseCodec, RoundTripsAndDecodesEveryByteString)
{
    SendRecvCase c;
    c.seg_len = {3, 0, 63, 7};
    c.seg_start = {0, 5, 2, 200};
    c.offset = 4;
    c.bytes = 60;
    c.do_send = false;
    c.seed = 77;
    c.schedule = {Fault::transfer(256), Fault::eintr(), Fault::eagain(), Fault::error(EPIPE),
                  Fault::error(ECONNRESET), Fault::peer_shutdown()};
    const std::vector<uint8_t> bytes = encode_case(c);
    const SendRecvCase d = decode_case(bytes.data(), bytes.size());
    EXPECT_EQ(c.seg_len, d.seg_len);
    EXPECT_EQ(c.seg_start, d.seg_start);
    EXPECT_EQ(c.offset, d.offset);
    EXPECT_EQ(c.bytes, d.bytes);
    EXPECT_EQ(c.do_send, d.do_send);
    EXPECT_EQ(c.seed, d.seed);
    EXPECT_EQ(c.schedule, d.schedule);
    const SendRecvCase empty = decode_case(nullptr, 0);
    EXPECT_TRUE(empty.seg_len.empty());
    EXPECT_EQ(0u, empty.bytes);
}

TEST(CheckCase, CoreMovesAnInterruptedPartialSend)
{
    SendRecvCase c;
    c.seg_len = {3, 0, 70, 1};
    c.offset = 1;
    c.bytes = 60;
    c.schedule = {Fault::transfer(5), Fault::eintr(), Fault::eagain()};
    const CaseResult r = check_case(core_impl(), c);
    EXPECT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(5, r.ret);
    EXPECT_EQ(3u, r.calls);
}

}  // namespace
}  // namespace iovcheck::faults
