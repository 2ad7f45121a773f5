// Fault injection for iov_send_recv: a per-thread schedule that decides what
// each sendmsg/recvmsg call of the implementation under test returns, and
// per-thread counters of socket calls and heap allocations.
//
// How calls are caught: every binary that links iovcheck_faults is linked
// with -Wl,--wrap=sendmsg,--wrap=recvmsg (and the other socket calls named
// below, which are only counted).  The linker sends every reference to
// sendmsg made by an object of that binary to __wrap_sendmsg, so the layer
// applies to whatever implementation is linked in: core/, an external
// implementation compiled into the test binary, or a faulty variant.  (An
// implementation loaded as a shared library would need LD_PRELOAD instead;
// the harness links every implementation statically.)
//
// Why an in-memory peer rather than a real socket: while a FaultSession is
// active on a thread, the calls on its fd never reach the kernel; the
// session plays the peer itself (it stores what is sent and hands out its
// prepared bytes to receives).  That makes every call's outcome exactly the
// one scheduled (a kernel cannot be asked for EINTR on the third call, or a
// 5-byte partial write), deterministic, single-threaded and free of waits,
// so a property can run thousands of cases and a fuzz input replays
// identically.  Real-socket behaviour is covered by the soak test
// (faults/tests/soak_test.cpp) and by the oracle's socketpair SendRecv op.
//
// Usage:
//   faults::FaultSession session(fd, {faults::Fault::transfer(3), faults::Fault::eintr()},
//                                /*recv_source=*/{});
//   ssize_t r = iov_send(fd, iov, cnt, 0, 10);
//   session.calls();   // one CallRecord per sendmsg, with what it offered
//   session.sent();    // the bytes the peer received
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <vector>

#include <iovcheck/alloc_count.h>

namespace iovcheck::faults {

enum class FaultKind : uint8_t {
    Transfer,      // move at most `limit` bytes (limit >= 1) of what the call offers
    Eintr,         // fail with EINTR, nothing moved
    Eagain,        // fail with EAGAIN, nothing moved
    Error,         // fail with `err` (ECONNRESET, EPIPE...), nothing moved
    PeerShutdown,  // recvmsg returns 0; sendmsg fails with EPIPE, as a socket whose peer is gone
};

struct Fault {
    FaultKind kind = FaultKind::Transfer;
    size_t limit = SIZE_MAX;  // Transfer only
    int err = 0;              // Error only

    static Fault transfer(size_t limit) { return {FaultKind::Transfer, limit, 0}; }
    static Fault eintr() { return {FaultKind::Eintr, 0, 0}; }
    static Fault eagain() { return {FaultKind::Eagain, 0, 0}; }
    static Fault error(int err) { return {FaultKind::Error, 0, err}; }
    static Fault peer_shutdown() { return {FaultKind::PeerShutdown, 0, 0}; }
    bool operator==(const Fault &) const = default;
};

// "transfer<=3", "EINTR", "EAGAIN", "ECONNRESET", "shutdown".
std::string describe(const Fault &fault);
std::string describe(const std::vector<Fault> &schedule);

// One sendmsg/recvmsg call the session answered.
struct CallRecord {
    bool is_send = false;
    size_t offered = 0;   // total length of the message's iovecs
    size_t entries = 0;   // msg_iovlen
    Fault fault;          // what the schedule said
    ssize_t result = 0;   // what the call returned
    // The message's bytes were the stream positions expected next (see
    // FaultSession::expect_stream); empty when they were, else what differed.
    std::string window_error;
    // The caller's iovec array (see watch_array) was bitwise intact when
    // the call was made.
    bool array_intact = true;
};

// While alive, answers this thread's sendmsg/recvmsg calls on `fd` from the
// schedule: call i gets schedule[i]; calls past the end transfer everything
// offered (a receive past the end of recv_source returns 0).  Not nestable.
class FaultSession {
public:
    FaultSession(int fd, std::vector<Fault> schedule, std::vector<uint8_t> recv_source);
    ~FaultSession();
    FaultSession(const FaultSession &) = delete;
    FaultSession &operator=(const FaultSession &) = delete;

    // Optional checks made inside every call: the message must cover the
    // addresses stream_addresses[moved so far ...] in order, and the
    // caller's array [array, array + count) must still equal its contents
    // at the time of this call.
    void expect_stream(std::vector<const uint8_t *> stream_addresses);
    void watch_array(const struct iovec *array, size_t count);

    const std::vector<CallRecord> &calls() const { return calls_; }
    const std::vector<uint8_t> &sent() const { return sent_; }
    size_t received() const { return recv_pos_; }  // bytes of recv_source handed out

    // Called by the wrappers (faults/src/wrap_socket.cpp).
    int fd() const { return fd_; }
    ssize_t answer(bool is_send, const struct msghdr *msg);

private:
    size_t moved() const;

    int fd_;
    std::vector<Fault> schedule_;
    std::vector<uint8_t> recv_source_;
    size_t recv_pos_ = 0;
    std::vector<uint8_t> sent_;
    std::vector<CallRecord> calls_;
    std::vector<const uint8_t *> stream_;
    bool check_stream_ = false;
    const struct iovec *array_ = nullptr;
    std::vector<struct iovec> array_copy_;
};

// Socket calls this thread made through sendmsg, recvmsg, send, recv,
// sendto, recvfrom, writev, readv, write or read (answered by a session or
// not) since the thread started.
uint64_t socket_calls();

}  // namespace iovcheck::faults
