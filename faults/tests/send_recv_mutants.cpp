// Deliberately broken iov_send_recv variants, one bug each, registered as
// implementations ("faulty:<bug>") so that ctest can run a fault property on
// each with IOVCHECK_IMPL and require it to fail with the words naming the
// bug (the selftest.faults.* tests of faults/CMakeLists.txt): proof, kept in
// every run, that each property can fail.  Everything else of the table is
// core/'s.  Only inputs inside the contract reach them (no contract check).
#include <iovcheck/impl.h>
#include <iovcheck/registry.h>

#include <cerrno>
#include <sys/socket.h>
#include <vector>

namespace iovcheck::faults {
namespace {

enum class Bug {
    EintrSurfaces,                   // EINTR returned as an error
    EagainBeforeProgressReturnsZero,  // returns 0 instead of -1/EAGAIN
    EagainAfterProgressFails,        // -1/EAGAIN although bytes were moved
    ErrorAfterProgressReturnsCount,  // ECONNRESET after progress returns the count
    ShutdownFails,                   // a receive of 0 becomes -1/ECONNRESET
    NoAdvance,                       // after a partial transfer, starts again at `offset`
    AllocatesWindow,                 // builds its window in a std::vector
    EditsCallerArray,                // lengthens the caller's entry 0 during each call
    CallsForZeroBytes,               // makes a call for bytes == 0
};

constexpr size_t kWindow = 64;

// The stream's pieces from position `start`, at most `bytes` bytes and
// kWindow entries.
template <class Window>
size_t build_window(const struct iovec *iov, unsigned cnt, size_t start, size_t bytes, Window &window)
{
    size_t entries = 0;
    for (unsigned k = 0; k < cnt && bytes > 0 && entries < kWindow; k++) {
        if (start >= iov[k].iov_len) {
            start -= iov[k].iov_len;
            continue;
        }
        const size_t piece = std::min(iov[k].iov_len - start, bytes);
        window[entries++] = {static_cast<char *>(iov[k].iov_base) + start, piece};
        bytes -= piece;
        start = 0;
    }
    return entries;
}

template <Bug bug>
ssize_t broken_send_recv(int fd, const struct iovec *iov, unsigned cnt, size_t offset, size_t bytes,
                         bool do_send)
{
    if (bytes == 0 && bug != Bug::CallsForZeroBytes) {
        return 0;
    }
    size_t done = 0;
    do {
        const size_t start = bug == Bug::NoAdvance ? offset : offset + done;
        struct iovec fixed[kWindow];
        std::vector<struct iovec> grown;
        struct iovec *window = fixed;
        if constexpr (bug == Bug::AllocatesWindow) {
            grown.resize(kWindow);
            window = grown.data();
        }
        struct msghdr message = {};
        message.msg_iov = window;
        message.msg_iovlen = build_window(iov, cnt, start, bytes - done, window);
        struct iovec *first = const_cast<struct iovec *>(iov);
        if (bug == Bug::EditsCallerArray) {
            first->iov_len += 1;
        }
        const ssize_t r = do_send ? sendmsg(fd, &message, MSG_NOSIGNAL) : recvmsg(fd, &message, 0);
        const int err = errno;
        if (bug == Bug::EditsCallerArray) {
            first->iov_len -= 1;
        }
        errno = err;
        if (r < 0) {
            if (errno == EINTR && bug != Bug::EintrSurfaces) {
                continue;
            }
            if (errno == EAGAIN) {
                if (done > 0) {
                    return bug == Bug::EagainAfterProgressFails ? -1 : static_cast<ssize_t>(done);
                }
                return bug == Bug::EagainBeforeProgressReturnsZero ? 0 : -1;
            }
            return bug == Bug::ErrorAfterProgressReturnsCount && done > 0 ? static_cast<ssize_t>(done) : -1;
        }
        if (r == 0) {
            if (bug == Bug::ShutdownFails) {
                errno = ECONNRESET;
                return -1;
            }
            return static_cast<ssize_t>(done);
        }
        done += static_cast<size_t>(r);
    } while (done < bytes);
    return static_cast<ssize_t>(done);
}

IovImpl with_send_recv(const char *name, decltype(IovImpl::iov_send_recv) fn)
{
    IovImpl impl = core_impl();
    impl.name = name;
    impl.iov_send_recv = fn;
    return impl;
}

#define IOVCHECK_MUTANT(name, bug)                                                         \
    const IovImpl mutant_##bug = with_send_recv(name, broken_send_recv<Bug::bug>);           \
    const ImplRegistrar registrar_##bug(mutant_##bug);

IOVCHECK_MUTANT("faulty:eintr-surfaces", EintrSurfaces)
IOVCHECK_MUTANT("faulty:eagain-before-progress-returns-zero", EagainBeforeProgressReturnsZero)
IOVCHECK_MUTANT("faulty:eagain-after-progress-fails", EagainAfterProgressFails)
IOVCHECK_MUTANT("faulty:error-after-progress-returns-count", ErrorAfterProgressReturnsCount)
IOVCHECK_MUTANT("faulty:shutdown-fails", ShutdownFails)
IOVCHECK_MUTANT("faulty:no-advance", NoAdvance)
IOVCHECK_MUTANT("faulty:allocates-window", AllocatesWindow)
IOVCHECK_MUTANT("faulty:edits-caller-array", EditsCallerArray)
IOVCHECK_MUTANT("faulty:calls-for-zero-bytes", CallsForZeroBytes)

}  // namespace
}  // namespace iovcheck::faults
