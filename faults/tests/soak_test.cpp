// Real-socket soak of iov_send_recv: a TCP connection on
// 127.0.0.1 (ephemeral port) with small socket buffers; a non-blocking
// sender moves a stream through random layouts with iov_send, waiting with
// poll() after EAGAIN or a partial send; a reader thread receives it with
// iov_recv into random layouts of its own.  Byte p of the stream is a fixed
// function of p, so the reader checks every byte where it lands: a byte lost,
// duplicated or reordered shows at its position.  Both sides also keep a
// checksum and a count, compared at the end, and the reader checks that
// nothing outside the requested range of its layout was written.
//
//   faults_soak [--mib N] [--seed S] [--only-if-env VAR]
//
// --mib: MiB to move (default 32); the environment variable
// IOVCHECK_SOAK_MIB overrides it.  --only-if-env VAR: exit 77 (ctest: skipped)
// unless VAR is set to 1 (the nightly's soak.long).  IOVCHECK_IMPL picks the
// implementation.  Every wait is bounded (kStallSeconds without progress is
// a failure, not a hang); no timing decides the verdict.
#include <iovcheck/registry.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

using iovcheck::IovImpl;

constexpr int kStallSeconds = 30;
constexpr int kSocketBuffer = 4096;  // the kernel doubles it and keeps a minimum
constexpr uint8_t kUntouched = 0xc3;

// Byte p of the stream.
uint8_t stream_byte(uint64_t p)
{
    uint64_t z = (p >> 3) + 0x9e3779b97f4a7c15ull;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return static_cast<uint8_t>(z >> ((p & 7) * 8));
}

struct Fnv1a {
    uint64_t value = 0xcbf29ce484222325ull;
    void add(uint8_t b) { value = (value ^ b) * 0x100000001b3ull; }
};

struct Rng {
    uint64_t state;
    uint64_t next()
    {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return state;
    }
    size_t below(size_t n) { return n ? next() % n : 0; }
};

// A random layout: 1..200 segments (past core's 64-entry window now and
// then), a quarter of them empty, lengths at one of three scales; each
// segment its own allocation, filled with kUntouched.
struct RandomLayout {
    std::vector<std::vector<uint8_t>> segments;
    std::vector<struct iovec> iov;
    size_t size = 0;

    explicit RandomLayout(Rng &rng)
    {
        const size_t count = rng.below(4) == 0 ? 65 + rng.below(136) : 1 + rng.below(64);
        const size_t scale = std::vector<size_t>{16, 512, 8192}[rng.below(3)];
        segments.resize(count);
        for (auto &s : segments) {
            s.assign(rng.below(4) == 0 ? 0 : 1 + rng.below(scale), kUntouched);
            iov.push_back({s.data(), s.size()});
            size += s.size();
        }
    }

    // Calls fn(position in the stream, byte) for stream [offset, offset+n).
    template <class Fn>
    void for_range(size_t offset, size_t n, Fn fn)
    {
        size_t p = 0;
        for (auto &s : segments) {
            for (uint8_t &b : s) {
                if (p >= offset && p < offset + n) {
                    fn(p - offset, b);
                }
                p++;
            }
        }
    }
};

struct Totals {
    uint64_t bytes = 0;
    uint64_t calls = 0;
    uint64_t short_calls = 0;  // partial sends, or EAGAIN before any progress
    Fnv1a checksum;
    std::string error;  // empty: fine
};

bool wait_for(int fd, short events)
{
    pollfd p = {fd, events, 0};
    int r;
    do {
        r = poll(&p, 1, kStallSeconds * 1000);
    } while (r < 0 && errno == EINTR);
    return r > 0;
}

void send_stream(const IovImpl &impl, int fd, uint64_t total, uint64_t seed, Totals &out,
                 const std::atomic<bool> &reader_failed)
{
    Rng rng{seed * 2 + 1};
    while (out.bytes < total && !reader_failed) {
        RandomLayout layout(rng);
        const size_t offset = rng.below(layout.size + 1);
        size_t bytes = std::min<uint64_t>(layout.size - offset, total - out.bytes);
        if (rng.below(3) == 0) {
            bytes = rng.below(bytes + 1);
        }
        layout.for_range(offset, bytes, [&](size_t i, uint8_t &b) {
            b = stream_byte(out.bytes + i);
            out.checksum.add(b);
        });
        size_t sent = 0;
        while (sent < bytes) {
            const ssize_t r = impl.iov_send_recv(fd, layout.iov.data(), layout.iov.size(),
                                                 offset + sent, bytes - sent, true);
            out.calls++;
            if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                out.error = "iov_send failed: " + std::string(std::strerror(errno));
                return;
            }
            if (r == 0) {
                out.error = "iov_send of " + std::to_string(bytes - sent) + " bytes returned 0";
                return;
            }
            if (r > 0) {
                sent += static_cast<size_t>(r);
            }
            if (sent < bytes) {
                out.short_calls++;
                if (!wait_for(fd, POLLOUT)) {
                    out.error = "the socket stayed full for " + std::to_string(kStallSeconds) + " s";
                    return;
                }
            }
        }
        out.bytes += bytes;
    }
}

void receive_stream(const IovImpl &impl, int fd, uint64_t seed, Totals &out)
{
    Rng rng{seed * 2 + 3};
    for (;;) {
        RandomLayout layout(rng);
        const size_t offset = rng.below(layout.size + 1);
        const size_t bytes = layout.size - offset - rng.below(layout.size - offset + 1) / 2;
        const ssize_t r = impl.iov_send_recv(fd, layout.iov.data(), layout.iov.size(), offset,
                                             bytes, false);
        out.calls++;
        if (r < 0) {
            out.error = errno == EAGAIN ? "no data for " + std::to_string(kStallSeconds) + " s"
                                        : "iov_recv failed: " + std::string(std::strerror(errno));
            return;
        }
        const size_t got = static_cast<size_t>(r);
        if (got > bytes) {
            out.error = "iov_recv returned " + std::to_string(got) + " for " + std::to_string(bytes);
            return;
        }
        // Every byte of the range where it belongs; nothing else written.
        size_t p = 0;
        for (auto &s : layout.segments) {
            for (uint8_t b : s) {
                const bool in_range = p >= offset && p < offset + got;
                const uint8_t want = in_range ? stream_byte(out.bytes + (p - offset)) : kUntouched;
                if (b != want && out.error.empty()) {
                    out.error = in_range ? "stream byte " + std::to_string(out.bytes + (p - offset)) +
                                               " is " + std::to_string(b) + ", expected " +
                                               std::to_string(want)
                                         : "iov_recv wrote layout position " + std::to_string(p) +
                                               " outside the range received";
                }
                if (in_range) {
                    out.checksum.add(b);
                }
                p++;
            }
        }
        if (!out.error.empty()) {
            return;
        }
        out.bytes += got;
        if (got < bytes) {
            out.short_calls++;
        }
        if (got == 0 && bytes > 0) {
            return;  // the sender shut its side down: end of stream
        }
    }
}

int fail(const char *what)
{
    std::fprintf(stderr, "soak: %s: %s\n", what, std::strerror(errno));
    return 1;
}

}  // namespace

int main(int argc, char **argv)
{
    uint64_t mib = 32;
    uint64_t seed = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string arg = argv[i];
        if (arg == "--mib") {
            mib = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (arg == "--seed") {
            seed = std::strtoull(argv[i + 1], nullptr, 10);
        } else if (arg == "--only-if-env") {
            const char *v = std::getenv(argv[i + 1]);
            if (!v || std::string(v) != "1") {
                std::printf("soak: skipped (set %s=1 to run it)\n", argv[i + 1]);
                return 77;
            }
        } else {
            std::fprintf(stderr, "usage: %s [--mib N] [--seed S] [--only-if-env VAR]\n", argv[0]);
            return 2;
        }
    }
    if (const char *env = std::getenv("IOVCHECK_SOAK_MIB"); env && *env) {
        mib = std::strtoull(env, nullptr, 10);
    }
    const IovImpl &impl = iovcheck::impl_under_test();
    const uint64_t total = mib << 20;

    const int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listener < 0 || client < 0) {
        return fail("socket");
    }
    const int buffer = kSocketBuffer;
    // Before listen/connect, so that the window is negotiated small.
    setsockopt(listener, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(client, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    sockaddr_in addr = {};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t addr_len = sizeof addr;
    if (bind(listener, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 ||
        listen(listener, 1) != 0 ||
        getsockname(listener, reinterpret_cast<sockaddr *>(&addr), &addr_len) != 0) {
        return fail("bind/listen on 127.0.0.1");
    }
    if (connect(client, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        return fail("connect");
    }
    const int server = accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (server < 0) {
        return fail("accept");
    }
    close(listener);
    // Non-blocking sender; the blocking reader gives up after kStallSeconds
    // without data (recvmsg then fails with EAGAIN).
    const int flags = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &flags, sizeof flags);
    if (fcntl(client, F_SETFL, O_NONBLOCK) != 0) {
        return fail("O_NONBLOCK");
    }
    const timeval stall = {kStallSeconds, 0};
    setsockopt(server, SOL_SOCKET, SO_RCVTIMEO, &stall, sizeof stall);

    Totals sent, received;
    std::atomic<bool> reader_failed{false};
    const auto start = std::chrono::steady_clock::now();
    std::thread reader([&] {
        receive_stream(impl, server, seed, received);
        if (!received.error.empty()) {
            reader_failed = true;
            shutdown(server, SHUT_RDWR);  // the sender then fails instead of waiting
        }
    });
    send_stream(impl, client, total, seed, sent, reader_failed);
    shutdown(client, SHUT_WR);
    reader.join();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    close(client);
    close(server);

    std::printf("soak (%s): %llu MiB; sender %llu iov_send calls (%llu partial or EAGAIN), "
                "reader %llu iov_recv calls; %.1f s\n",
                impl.name, static_cast<unsigned long long>(mib),
                static_cast<unsigned long long>(sent.calls),
                static_cast<unsigned long long>(sent.short_calls),
                static_cast<unsigned long long>(received.calls), seconds);
    bool ok = true;
    auto check = [&](bool good, const std::string &what) {
        if (!good) {
            std::fprintf(stderr, "soak FAILED: %s (rerun: IOVCHECK_IMPL=%s %s --mib %llu --seed %llu)\n",
                         what.c_str(), impl.name, argv[0], static_cast<unsigned long long>(mib),
                         static_cast<unsigned long long>(seed));
            ok = false;
        }
    };
    check(received.error.empty(), "reader: " + received.error);
    check(sent.error.empty(), "sender: " + sent.error);
    check(sent.bytes == total, "sent " + std::to_string(sent.bytes) + " of " + std::to_string(total) + " bytes");
    check(received.bytes == sent.bytes, "received " + std::to_string(received.bytes) + " bytes, sent " +
                                            std::to_string(sent.bytes));
    check(received.checksum.value == sent.checksum.value, "checksums differ");
    check(sent.short_calls > 0, "no send was ever partial or refused: the buffers are not small");
    return ok ? 0 : 1;
}
