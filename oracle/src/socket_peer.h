// The other end of the socket in the oracle's SendRecv ops, and the
// watchdog of the call.  Both are long-lived threads serving the whole
// process: a peer thread and a watchdog thread per call were most of
// fuzz_ops' time under ASan (thread creation, stacks, ASan's thread
// registry, and a context switch for every hand-over).
//
//   CallWatchdog::get().arm(call_fd, seconds);
//   SocketPeer::get().begin(peer_fd, part);      // only when the peer must run concurrently
//   ret = iov_send_recv(call_fd, ...);
//   const bool overdue = CallWatchdog::get().disarm();
//   shutdown/close call_fd so that the peer's part can end
//   SocketPeer::get().end();
//
// Private to oracle/src.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace iovcheck {

// One socket peer: what it does, and on which bytes.
struct PeerPart {
    enum class Kind {
        None,   // the peer stays silent
        Drain,  // read `chunk` bytes at a time into `received` until end of stream
        Feed,   // write `sends`, `chunk` bytes at a time
    } kind = Kind::None;
    size_t chunk = 1;
    bool shut_write_after_feed = false;  // end the stream once `sends` is written
    const std::vector<uint8_t> *sends = nullptr;
    std::vector<uint8_t> *received = nullptr;
    // Run after every chunk the peer moves (the oracle checks there that the
    // caller's array is unchanged "as seen by another thread").
    std::function<void()> after_chunk;
};

// Plays `part` on peer_fd on the calling thread, while no call runs.
void play_peer_part(int peer_fd, const PeerPart &part);

// A peer on its own thread, for calls that need one while they run (a
// blocking recv that is fed in chunks).
class SocketPeer {
public:
    // The process's peer; started on first use, and again in a forked child
    // (threads do not survive fork()).
    static SocketPeer &get();
    // Starts playing `part` on peer_fd (made non-blocking here).
    void begin(int peer_fd, PeerPart part);
    // Waits until the part has ended: the caller first closes or shuts down
    // its end, which ends any part still waiting for it.
    void end();

private:
    SocketPeer();
    struct Shared;
    Shared *shared_;
};

// Ends a call that does not return in time (an implementation retrying
// EAGAIN forever) by shutting its socket down in both directions, which
// wakes any blocked sendmsg/recvmsg and fails every later one.  Arming and
// disarming never wait for the watchdog's thread: it wakes by itself at
// most once per deadline period.
class CallWatchdog {
public:
    static CallWatchdog &get();
    void arm(int call_fd, int deadline_seconds);
    // True when the call was overdue and its socket was shut down.
    bool disarm();

private:
    CallWatchdog();
    struct Shared;
    Shared *shared_;
};

}  // namespace iovcheck
