// The iov_send_recv call of the implementation's world: a socketpair whose
// other end is played by the oracle's socket peer (socket_peer.h), under a
// watchdog that ends a call which does not return.
#include "real_world.h"

#include "handlers.h"
#include "model_world.h"
#include "op_calls.h"
#include "socket_peer.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace iovcheck::oracle_internal {

namespace {

constexpr int kSocketTimeoutSeconds = 2;  // every socket wait of the call
constexpr int kCallDeadlineSeconds = 5;    // one iov_send_recv call, end to end

int set_socket_timeouts(int fd)
{
    struct timeval tv = {kSocketTimeoutSeconds, 0};
    return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) |
           setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// Whether a blocking send of `bytes` on fd completes with nobody reading:
// the socket buffer must hold it however the implementation splits it into
// sendmsg calls.  Each call queues its bytes plus up to about 1 KiB of
// bookkeeping (278 one-byte sends fill Linux's default 208 KiB), so 2 KiB
// per byte is the worst case.  Root may raise the buffer past wmem_max.
bool send_fits_unread(int fd, size_t bytes)
{
    constexpr int kWantedBuffer = 16 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kWantedBuffer, sizeof kWantedBuffer);  // may fail: not root
    int buffer = 0;
    socklen_t len = sizeof buffer;
    if (getsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, &len) != 0 || buffer <= 0) {
        return false;
    }
    return bytes <= static_cast<size_t>(buffer) / 2048;
}

// The call's socket sv[0] (with its timeouts and blocking mode) and the peer's sv[1].
bool open_call_socket(int sv[2], bool nonblocking)
{
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
        return false;
    }
    if (set_socket_timeouts(sv[0]) != 0) {
        const int err = errno;
        close(sv[0]);
        close(sv[1]);
        errno = err;
        return false;
    }
    if (nonblocking) {
        fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
    }
    return true;
}

// Decides the peer's part of the call and plays it now when it does not
// have to run during the call; true when it must (on the peer thread).
bool prepare_peer_part(PeerPart &part, const int sv[2], bool do_send, bool nonblocking, bool peer_active,
                       const model::Peer &peer, const Observed &plan)
{
    bool concurrent = false;
    if (!do_send) {
        part.kind = peer_active ? PeerPart::Kind::Feed : PeerPart::Kind::None;
        part.shut_write_after_feed = !nonblocking || peer.shuts_down;
        concurrent = peer_active && !nonblocking && part.chunk < peer.sends.size();
        if (!concurrent) {
            // In one piece: small pieces would each take a socket buffer
            // slot; one piece fits (normalize bounds it).
            part.chunk = SIZE_MAX;
            play_peer_part(sv[1], part);
        }
    } else {
        // Even a call expected to send nothing is drained: what it sent
        // anyway is reported as bytes the peer received.
        part.kind = PeerPart::Kind::Drain;
        concurrent = !nonblocking && peer_active && !send_fits_unread(sv[0], static_cast<size_t>(plan.ret));
        if (!concurrent) {
            part.chunk = SIZE_MAX;  // after the call the reader's chunking is invisible
        }
    }
    return concurrent;
}

}  // namespace

// One iov_send_recv over a socketpair.  The peer runs on its own thread
// (SocketPeer) only when the call needs it while it runs: a blocking recv
// fed in the program's chunks, which the call sees as partial reads, or a
// blocking send that might not fit in the socket buffer.  Otherwise the peer writes
// everything before the call, or reads everything after it, on this thread:
// the implementation sees the same (a blocking sendmsg returns the full
// count whatever the reader's chunking; a recvmsg of a stream merges what
// was queued) at a fraction of the cost.
void RealWorld::send_recv(const ops::SendRecv &r, size_t op_index, const Observed &plan, Observed &o)
{
    const bool do_send = r.do_send();
    const bool nonblocking = r.flags.v & kNonBlocking;
    int sv[2];
    if (!open_call_socket(sv, nonblocking)) {
        o.damage = std::string("the oracle could not set up a socketpair: ") + strerror(errno);
        return;
    }
    // The peer only takes part when the model expects the call to move bytes.
    const bool peer_active = !plan.violation && r.bytes.v > 0;
    const model::Peer peer = peer_of(r, op_index);
    std::vector<uint8_t> received;
    PeerPart part;
    part.chunk = r.peer_chunk.v;
    part.sends = &peer.sends;
    part.received = &received;
    const bool concurrent = prepare_peer_part(part, sv, do_send, nonblocking, peer_active, peer, plan);
    // SPEC.md: the caller's array is never modified, "not even temporarily
    // as seen by another thread": a concurrent peer looks at it after every
    // chunk.  (Before or after the call, the state comparison sees it.)
    std::vector<struct iovec> array_before;
    std::atomic<bool> array_changed{false};
    if (concurrent) {
        array_before = array;
        part.after_chunk = [&] {
            if (std::memcmp(array.data(), array_before.data(), array.size() * sizeof(struct iovec)) != 0) {
                array_changed = true;
            }
        };
        SocketPeer::get().begin(sv[1], part);
    }
    CallWatchdog &watchdog = CallWatchdog::get();
    watchdog.arm(sv[0], kCallDeadlineSeconds);
    ssize_t ret = 0;
    errno = 0;
    o.violation = run_call([&] { ret = impl.iov_send_recv(sv[0], view_iov, view_cnt, r.offset.v, r.bytes.v, do_send); });
    const int err = errno;
    const bool timed_out = watchdog.disarm();
    if (do_send) {
        shutdown(sv[0], SHUT_WR);  // the peer sees the end of the stream
    } else {
        close(sv[0]);  // a peer still writing gets EPIPE and stops
        sv[0] = -1;
    }
    if (concurrent) {
        SocketPeer::get().end();
    } else if (do_send) {
        play_peer_part(sv[1], part);
    }
    if (sv[0] >= 0) {
        close(sv[0]);
    }
    close(sv[1]);
    o.has_ret = true;
    o.ret = o.ret_min = ret;
    o.has_errno = ret == -1;
    o.err = err;
    if (do_send && !plan.violation) {
        o.has_data = true;
        o.data_label = "bytes the peer received";
        o.data = std::move(received);
    }
    if (array_changed) {
        o.damage = "the caller's iovec array was modified during iov_send_recv (seen by the peer thread)";
    }
    if (timed_out) {
        o.damage = "iov_send_recv did not return within " + std::to_string(kCallDeadlineSeconds) +
                   " s; the oracle shut the socket down to end it";
    }
}

}  // namespace iovcheck::oracle_internal
