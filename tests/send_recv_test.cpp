// iov_send_recv over a socketpair: ranges, windows of more than 64 segments,
// short reads, peer shutdown, EAGAIN, EINTR, errors, lenient mode.
#include "test_support.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <fcntl.h>
#include <pthread.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using iovcheck::test::Layout;
using iovcheck::test::LenientMode;
using iovcheck::test::same_entries;

namespace {

class SocketPair {
public:
    SocketPair()
    {
        if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds_) != 0) {
            ADD_FAILURE() << "socketpair: " << std::strerror(errno);
            fds_[0] = fds_[1] = -1;
        }
    }
    ~SocketPair()
    {
        close_end(0);
        close_end(1);
    }
    SocketPair(const SocketPair &) = delete;
    SocketPair &operator=(const SocketPair &) = delete;

    int near() const { return fds_[0]; }
    int far() const { return fds_[1]; }
    void close_end(int which)
    {
        if (fds_[which] >= 0) {
            close(fds_[which]);
            fds_[which] = -1;
        }
    }

private:
    int fds_[2];
};

void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    ASSERT_EQ(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
}

// Reads exactly `n` bytes from a blocking fd.
std::vector<unsigned char> read_exactly(int fd, size_t n)
{
    std::vector<unsigned char> bytes(n);
    size_t done = 0;
    while (done < n) {
        ssize_t got = read(fd, bytes.data() + done, n - done);
        if (got <= 0) {
            ADD_FAILURE() << "read returned " << got << " after " << done << " bytes";
            bytes.resize(done);
            return bytes;
        }
        done += static_cast<size_t>(got);
    }
    return bytes;
}

// Segments of 3, 0, 5 and 2 bytes: stream = backing[3 4 5 12 13 14 15 16 20 21].
TEST(IovSend, SendsTheRangeInStreamOrderAndKeepsTheArray)
{
    SocketPair pair;
    Layout layout({3, 0, 5, 2});
    std::vector<struct iovec> before = layout.iov;
    EXPECT_EQ(iov_send(pair.near(), layout.iov.data(), layout.cnt(), 2, 7), 7);
    EXPECT_TRUE(same_entries(layout.iov, before));
    std::vector<unsigned char> expected = {5, 12, 13, 14, 15, 16, 20};
    EXPECT_EQ(read_exactly(pair.far(), 7), expected);
}

TEST(IovRecv, ReceivesIntoTheRangeOnly)
{
    SocketPair pair;
    Layout layout({3, 0, 5, 2});
    std::vector<unsigned char> expected = layout.backing;
    const unsigned char data[4] = {0xc0, 0xc1, 0xc2, 0xc3};
    ASSERT_EQ(write(pair.far(), data, 4), 4);
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 1, 4), 4);
    expected[4] = 0xc0;
    expected[5] = 0xc1;
    expected[12] = 0xc2;
    expected[13] = 0xc3;
    EXPECT_EQ(layout.backing, expected);
}

TEST(IovSendRecv, MoreThanSixtyFourSegmentsInBothDirections)
{
    SocketPair pair;
    // 200 one-byte segments with a zero-length one after every third.
    std::vector<size_t> lengths;
    for (int k = 0; k < 200; ++k) {
        lengths.push_back(1);
        if (k % 3 == 2) {
            lengths.push_back(0);
        }
    }
    Layout source(lengths, 1);
    Layout target(lengths, 1);
    for (unsigned char &b : target.backing) {
        b = 0;
    }
    std::vector<struct iovec> source_before = source.iov;
    std::vector<struct iovec> target_before = target.iov;
    EXPECT_EQ(iov_send(pair.near(), source.iov.data(), source.cnt(), 10, 180), 180);
    EXPECT_EQ(iov_recv(pair.far(), target.iov.data(), target.cnt(), 10, 180), 180);
    EXPECT_TRUE(same_entries(source.iov, source_before));
    EXPECT_TRUE(same_entries(target.iov, target_before));
    std::vector<unsigned char> sent = source.stream();
    std::vector<unsigned char> received = target.stream();
    for (size_t p = 0; p < 200; ++p) {
        unsigned char expected = (p >= 10 && p < 190) ? sent[p] : 0;
        EXPECT_EQ(received[p], expected) << "stream position " << p;
    }
}

TEST(IovSend, LoopsUntilEverythingIsSentWhileThePeerReads)
{
    SocketPair pair;
    // 300 segments of 4 KiB: far more than one socket buffer.
    std::vector<size_t> lengths(300, 4096);
    Layout source(lengths, 1);
    std::vector<unsigned char> expected = source.stream();
    std::vector<unsigned char> received;
    std::thread reader([&] { received = read_exactly(pair.far(), expected.size()); });
    EXPECT_EQ(iov_send(pair.near(), source.iov.data(), source.cnt(), 0, expected.size()),
              static_cast<ssize_t>(expected.size()));
    reader.join();
    EXPECT_TRUE(received == expected);
}

TEST(IovSendRecv, ZeroBytesMakesNoSystemCall)
{
    Layout layout({3, 0, 5, 2});
    errno = 0;
    // An invalid descriptor: any system call would fail with EBADF.
    EXPECT_EQ(iov_send(-1, layout.iov.data(), layout.cnt(), 4, 0), 0);
    EXPECT_EQ(iov_recv(-1, layout.iov.data(), layout.cnt(), 10, 0), 0);
    EXPECT_EQ(errno, 0);
}

TEST(IovRecv, PeerShutdownReturnsTheBytesSoFar)
{
    SocketPair pair;
    Layout layout({3, 0, 5, 2});
    const unsigned char data[3] = {0xd0, 0xd1, 0xd2};
    ASSERT_EQ(write(pair.far(), data, 3), 3);
    ASSERT_EQ(shutdown(pair.far(), SHUT_WR), 0);
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 0, 10), 3);
    EXPECT_EQ(layout.backing[3], 0xd0);
    EXPECT_EQ(layout.backing[5], 0xd2);
    EXPECT_EQ(layout.backing[12], 12);
    // Nothing more: a second receive returns 0 at once.
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 0, 10), 0);
}

TEST(IovRecv, NonBlockingReturnsTheCountAfterProgressAndMinusOneBefore)
{
    SocketPair pair;
    set_nonblocking(pair.near());
    Layout layout({3, 0, 5, 2});
    errno = 0;
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 0, 5), -1);
    EXPECT_TRUE(errno == EAGAIN || errno == EWOULDBLOCK) << "errno " << errno;

    const unsigned char data[2] = {0xe0, 0xe1};
    ASSERT_EQ(write(pair.far(), data, 2), 2);
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 2, 5), 2);
    EXPECT_EQ(layout.backing[5], 0xe0);
    EXPECT_EQ(layout.backing[12], 0xe1);
}

TEST(IovSend, NonBlockingFullBufferReturnsTheCountSent)
{
    SocketPair pair;
    set_nonblocking(pair.near());
    std::vector<unsigned char> big(8 << 20, 0x5a);
    struct iovec iov[] = {{big.data(), big.size()}};
    ssize_t sent = iov_send(pair.near(), iov, 1, 0, big.size());
    EXPECT_GT(sent, 0);
    EXPECT_LT(sent, static_cast<ssize_t>(big.size()));
}

TEST(IovSend, BrokenPipeIsAnErrorNotASignal)
{
    SocketPair pair;
    pair.close_end(1);
    unsigned char byte = 1;
    struct iovec iov[] = {{&byte, 1}};
    errno = 0;
    EXPECT_EQ(iov_send(pair.near(), iov, 1, 0, 1), -1);
    EXPECT_EQ(errno, EPIPE);
}

TEST(IovSendRecv, BadDescriptorFailsWithErrno)
{
    unsigned char byte = 1;
    struct iovec iov[] = {{&byte, 1}};
    errno = 0;
    EXPECT_EQ(iov_recv(-1, iov, 1, 0, 1), -1);
    EXPECT_EQ(errno, EBADF);
}

std::atomic<int> interruptions{0};
void count_interruption(int) { interruptions.fetch_add(1); }

TEST(IovRecv, InterruptedReceiveIsRetried)
{
    // A signal handler installed without SA_RESTART makes a blocked recvmsg
    // fail with EINTR; the receive must go on and still get every byte.
    struct sigaction action = {};
    struct sigaction previous = {};
    action.sa_handler = count_interruption;
    sigemptyset(&action.sa_mask);
    ASSERT_EQ(sigaction(SIGUSR1, &action, &previous), 0);

    SocketPair pair;
    Layout layout({3, 0, 5, 2});
    pthread_t receiver = pthread_self();
    int writer_fd = pair.far();
    interruptions = 0;
    std::thread writer([receiver, writer_fd] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        pthread_kill(receiver, SIGUSR1);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        const unsigned char data[4] = {0xf0, 0xf1, 0xf2, 0xf3};
        ASSERT_EQ(write(writer_fd, data, 4), 4);
    });
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 0, 4), 4);
    writer.join();
    sigaction(SIGUSR1, &previous, nullptr);
    EXPECT_EQ(interruptions.load(), 1);
    EXPECT_EQ(layout.backing[3], 0xf0);
    EXPECT_EQ(layout.backing[12], 0xf3);
}

TEST(IovSendRecvLenient, OutOfRangeReturnsMinusOneEinvalWithoutSystemCall)
{
    LenientMode lenient;
    SocketPair pair;
    set_nonblocking(pair.far());
    Layout layout({3, 0, 5, 2});
    std::vector<unsigned char> before = layout.backing;
    int reports = LenientMode::reports();
    errno = 0;
    EXPECT_EQ(iov_send(pair.near(), layout.iov.data(), layout.cnt(), 8, 3), -1);
    EXPECT_EQ(errno, EINVAL);
    EXPECT_EQ(LenientMode::last_function(), "iov_send_recv");
    errno = 0;
    EXPECT_EQ(iov_send(pair.near(), layout.iov.data(), layout.cnt(), 1, SIZE_MAX), -1);
    EXPECT_EQ(errno, EINVAL);
    EXPECT_EQ(LenientMode::reports(), reports + 2);
    unsigned char probe;
    EXPECT_EQ(read(pair.far(), &probe, 1), -1) << "nothing may have been sent";

    const unsigned char data[2] = {1, 2};
    ASSERT_EQ(write(pair.far(), data, 2), 2);
    errno = 0;
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 11, 0), -1);
    EXPECT_EQ(errno, EINVAL);
    EXPECT_EQ(layout.backing, before);
    // The two bytes are still waiting: the failed receive took none.
    EXPECT_EQ(iov_recv(pair.near(), layout.iov.data(), layout.cnt(), 0, 2), 2);
}

}  // namespace
