// Properties of iov_send_recv over the oracle's socketpair (a peer thread on
// the other end): blocking and non-blocking, send and receive, a peer that
// reads/writes in chunks, a peer that shuts down early or keeps the socket
// open.  The bytes moved, their order, the return value and errno agree
// with the model; the caller's array is never modified.
//
// Each property was seen to fail on a deliberately broken core/: see
// properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <atomic>
#include <csignal>
#include <pthread.h>
#include <thread>

#include "property_support.h"

namespace iovcheck::props {
namespace {

// The peer's read/write chunk: 1 byte at a time up to more than the stream.
uint64_t peer_chunk() { return *one_of_values({4096, 1, 3, 16, 65536, 512}); }

// What a receiving peer writes before it shuts down: all, less, more.
uint64_t peer_bytes(uint64_t bytes) { return *one_of_values({bytes, 0, bytes / 2, bytes + 7, bytes ? bytes - 1 : 0}); }

void send_recv_conforms(uint64_t flags, size_t large_weight = 2)
{
    // Large streams make the socket buffer fill up: partial sendmsg/recvmsg
    // calls, and EAGAIN after progress when non-blocking.
    const Layout layout = *weighted_choice<Layout>({{6, any_layout()}, {large_weight, large_layout()}, {1, many_segments_layout()}});
    const uint64_t offset = *position_in_domain(layout);
    const uint64_t bytes = *length_in_domain(layout, offset);
    const Program p = program_of(layout, {Op::send_recv(offset, bytes, flags, peer_chunk(), peer_bytes(bytes))});
    conforms(p);
}

RC_GTEST_PROP(SendRecv, BlockingSendDeliversTheRangeInOrder, ()) { send_recv_conforms(kDoSend); }

RC_GTEST_PROP(SendRecv, BlockingRecvFillsTheRangeOrStopsAtShutdown, ()) { send_recv_conforms(0); }

// Large streams more often: only they fill the socket buffer (EAGAIN after progress).
RC_GTEST_PROP(SendRecv, NonBlockingSendMovesWhatFits, ()) { send_recv_conforms(kDoSend | kNonBlocking, 12); }

RC_GTEST_PROP(SendRecv, NonBlockingRecvReturnsWhatWasThere, ())
{
    const uint64_t keeps_open = *rc::gen::arbitrary<bool>() ? uint64_t{kPeerKeepsOpen} : 0;
    send_recv_conforms(kNonBlocking | keeps_open);
}

// Sends SIGUSR1 to one thread, over and over, while it lives: blocking
// sendmsg/recvmsg calls of that thread then fail with EINTR (the handler is
// installed without SA_RESTART), which SPEC.md says is retried.
class Interrupter {
public:
    explicit Interrupter(pthread_t target) : target_(target)
    {
        static const bool installed = [] {
            struct sigaction sa = {};
            sa.sa_handler = [](int) {};
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = 0;  // no SA_RESTART
            return sigaction(SIGUSR1, &sa, nullptr) == 0;
        }();
        RC_ASSERT(installed);
        thread_ = std::thread([this] {
            while (!stop_) {
                pthread_kill(target_, SIGUSR1);
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            }
        });
    }
    ~Interrupter()
    {
        stop_ = true;
        thread_.join();
    }

private:
    pthread_t target_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

RC_GTEST_PROP(SendRecv, InterruptedBlockingCallsAreRetried, ())
{
    const Layout layout = *weighted_choice<Layout>({{1, large_layout()}, {1, any_layout()}});
    const uint64_t offset = *position_in_domain(layout);
    const uint64_t bytes = *length_in_domain(layout, offset);
    // A slow peer (small chunks) keeps the call blocked, so signals land in it.
    const uint64_t chunk = *one_of_values({512, 1, 16, 4096});
    const uint64_t flags = *one_of_values({kDoSend, 0});
    const Program p = program_of(layout, {Op::send_recv(offset, bytes, flags, chunk, bytes)});
    Interrupter interrupter(pthread_self());
    conforms(p);
}

}  // namespace
}  // namespace iovcheck::props
