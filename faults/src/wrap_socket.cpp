// The link-time wrappers (-Wl,--wrap=NAME, see faults/CMakeLists.txt): every
// socket call of the binary's own objects comes here first.  sendmsg and
// recvmsg on the fd of this thread's FaultSession are answered by it; every
// other call is counted and passed to the real function.
#include <iovcheck/faults.h>

#include "counters.h"

#include <sys/socket.h>
#include <unistd.h>

namespace iovcheck::faults {
namespace detail {

thread_local uint64_t t_socket_calls = 0;
thread_local FaultSession *t_session = nullptr;

}  // namespace detail

uint64_t socket_calls() { return detail::t_socket_calls; }

}  // namespace iovcheck::faults

using iovcheck::faults::detail::CountingPause;
using iovcheck::faults::detail::t_session;
using iovcheck::faults::detail::t_socket_calls;

extern "C" {

ssize_t __real_sendmsg(int fd, const struct msghdr *msg, int flags);
ssize_t __real_recvmsg(int fd, struct msghdr *msg, int flags);
ssize_t __real_send(int fd, const void *buf, size_t len, int flags);
ssize_t __real_recv(int fd, void *buf, size_t len, int flags);
ssize_t __real_sendto(int fd, const void *buf, size_t len, int flags,
                      const struct sockaddr *to, socklen_t to_len);
ssize_t __real_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
                        socklen_t *from_len);
ssize_t __real_writev(int fd, const struct iovec *iov, int cnt);
ssize_t __real_readv(int fd, const struct iovec *iov, int cnt);
ssize_t __real_write(int fd, const void *buf, size_t len);
ssize_t __real_read(int fd, void *buf, size_t len);

ssize_t __wrap_sendmsg(int fd, const struct msghdr *msg, int flags)
{
    ++t_socket_calls;
    if (t_session && fd == t_session->fd()) {
        CountingPause pause;
        return t_session->answer(true, msg);
    }
    return __real_sendmsg(fd, msg, flags);
}

ssize_t __wrap_recvmsg(int fd, struct msghdr *msg, int flags)
{
    ++t_socket_calls;
    if (t_session && fd == t_session->fd()) {
        CountingPause pause;
        return t_session->answer(false, msg);
    }
    return __real_recvmsg(fd, msg, flags);
}

// Counted only: an implementation that moves bytes with these instead of
// sendmsg/recvmsg bypasses the session, which then sees no call; the
// counters still show that a system call was made.
ssize_t __wrap_send(int fd, const void *buf, size_t len, int flags)
{
    ++t_socket_calls;
    return __real_send(fd, buf, len, flags);
}

ssize_t __wrap_recv(int fd, void *buf, size_t len, int flags)
{
    ++t_socket_calls;
    return __real_recv(fd, buf, len, flags);
}

ssize_t __wrap_sendto(int fd, const void *buf, size_t len, int flags,
                      const struct sockaddr *to, socklen_t to_len)
{
    ++t_socket_calls;
    return __real_sendto(fd, buf, len, flags, to, to_len);
}

ssize_t __wrap_recvfrom(int fd, void *buf, size_t len, int flags, struct sockaddr *from,
                        socklen_t *from_len)
{
    ++t_socket_calls;
    return __real_recvfrom(fd, buf, len, flags, from, from_len);
}

ssize_t __wrap_writev(int fd, const struct iovec *iov, int cnt)
{
    ++t_socket_calls;
    return __real_writev(fd, iov, cnt);
}

ssize_t __wrap_readv(int fd, const struct iovec *iov, int cnt)
{
    ++t_socket_calls;
    return __real_readv(fd, iov, cnt);
}

ssize_t __wrap_write(int fd, const void *buf, size_t len)
{
    ++t_socket_calls;
    return __real_write(fd, buf, len);
}

ssize_t __wrap_read(int fd, void *buf, size_t len)
{
    ++t_socket_calls;
    return __real_read(fd, buf, len);
}

}  // extern "C"
