// See socket_peer.h.
#include "socket_peer.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <mutex>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace iovcheck {

namespace {

using Clock = std::chrono::steady_clock;

// A peer that has waited this long for its socket gives up (the call's end
// is gone or stuck; the oracle's comparison of what was moved reports it).
constexpr int kPeerIdleMs = 2000;

// The longest the watchdog sleeps: a deadline set while it sleeps is never
// earlier than its wake-up, as long as deadlines are at least this far out.
constexpr auto kWatchdogTick = std::chrono::seconds(1);

bool wait_ready(int fd, short events)
{
    for (;;) {
        struct pollfd p = {fd, events, 0};
        const int n = poll(&p, 1, kPeerIdleMs);
        if (n > 0) {
            return true;
        }
        if (!(n < 0 && errno == EINTR)) {
            return false;
        }
    }
}

bool try_again(ssize_t r) { return r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR); }

// A thread that lives until the process ends (a forked child starts its
// own: threads do not survive fork()).
template <class Shared, class Body>
void start_process_thread(Shared *&instance, pid_t &owner, Body body)
{
    if (!instance || owner != getpid()) {
        instance = new Shared;  // never destroyed: the thread may still use it at exit
        owner = getpid();
        std::thread([shared = instance, body] { body(*shared); }).detach();
    }
}

}  // namespace

void play_peer_part(int peer_fd, const PeerPart &part)
{
    using Kind = PeerPart::Kind;
    const size_t chunk = std::max<size_t>(part.chunk, 1);
    if (part.kind == Kind::Drain) {
        std::vector<uint8_t> buf(std::min<size_t>(chunk, 1 << 16));
        while (wait_ready(peer_fd, POLLIN)) {
            const ssize_t r = recv(peer_fd, buf.data(), buf.size(), MSG_DONTWAIT);
            if (part.after_chunk) {
                part.after_chunk();
            }
            if (r > 0) {
                part.received->insert(part.received->end(), buf.begin(), buf.begin() + r);
            } else if (!try_again(r)) {
                return;  // end of stream, or the call's end went away
            }
        }
    } else if (part.kind == Kind::Feed) {
        const std::vector<uint8_t> &sends = *part.sends;
        size_t sent = 0;
        while (sent < sends.size() && wait_ready(peer_fd, POLLOUT)) {
            if (part.after_chunk) {
                part.after_chunk();
            }
            const ssize_t r =
                send(peer_fd, sends.data() + sent, std::min(chunk, sends.size() - sent), MSG_NOSIGNAL | MSG_DONTWAIT);
            if (r > 0) {
                sent += static_cast<size_t>(r);
            } else if (!try_again(r)) {
                break;  // EPIPE: the call's end was closed
            }
        }
        if (part.shut_write_after_feed) {
            shutdown(peer_fd, SHUT_WR);
        }
    }
}

// ---- SocketPeer -----------------------------------------------------------------------

struct SocketPeer::Shared {
    std::mutex mutex;
    std::condition_variable wake;      // to the peer thread: a part to play
    std::condition_variable finished;  // to the caller: the part ended
    bool has_part = false;
    int peer_fd = -1;
    PeerPart part;

    void serve()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            wake.wait(lock, [&] { return has_part; });
            lock.unlock();
            play_peer_part(peer_fd, part);
            lock.lock();
            has_part = false;
            finished.notify_one();
        }
    }
};

SocketPeer::SocketPeer() : shared_(nullptr) {}

SocketPeer &SocketPeer::get()
{
    static SocketPeer peer;
    static pid_t owner = 0;
    start_process_thread(peer.shared_, owner, [](Shared &s) { s.serve(); });
    return peer;
}

void SocketPeer::begin(int peer_fd, PeerPart part)
{
    fcntl(peer_fd, F_SETFL, fcntl(peer_fd, F_GETFL) | O_NONBLOCK);
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->peer_fd = peer_fd;
    shared_->part = std::move(part);
    shared_->has_part = true;
    shared_->wake.notify_one();
}

void SocketPeer::end()
{
    std::unique_lock<std::mutex> lock(shared_->mutex);
    shared_->finished.wait(lock, [&] { return !shared_->has_part; });
    shared_->part = PeerPart{};
}

// ---- CallWatchdog ---------------------------------------------------------------------

struct CallWatchdog::Shared {
    std::mutex mutex;
    std::condition_variable tick;
    bool armed = false;
    bool fired = false;
    int call_fd = -1;
    Clock::time_point deadline;

    void serve()
    {
        std::unique_lock<std::mutex> lock(mutex);
        for (;;) {
            const auto now = Clock::now();
            if (armed && !fired && now >= deadline) {
                // Under the lock: once disarmed, the caller may close
                // call_fd and the number may name another socket.
                shutdown(call_fd, SHUT_RDWR);
                fired = true;
            }
            auto wake_at = now + kWatchdogTick;
            if (armed && !fired) {
                wake_at = std::min(wake_at, deadline);
            }
            tick.wait_until(lock, wake_at);
        }
    }
};

CallWatchdog::CallWatchdog() : shared_(nullptr) {}

CallWatchdog &CallWatchdog::get()
{
    static CallWatchdog watchdog;
    static pid_t owner = 0;
    start_process_thread(watchdog.shared_, owner, [](Shared &s) { s.serve(); });
    return watchdog;
}

void CallWatchdog::arm(int call_fd, int deadline_seconds)
{
    // No notify: the thread wakes within kWatchdogTick, before any deadline
    // of at least that length can pass.
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->call_fd = call_fd;
    shared_->deadline = Clock::now() + std::max(std::chrono::seconds(deadline_seconds),
                                                std::chrono::duration_cast<std::chrono::seconds>(kWatchdogTick));
    shared_->fired = false;
    shared_->armed = true;
}

bool CallWatchdog::disarm()
{
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->armed = false;
    return shared_->fired;
}

}  // namespace iovcheck
