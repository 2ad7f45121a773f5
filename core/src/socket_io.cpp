// iov_send_recv: moves a stream range over a socket without modifying the
// caller's array and without allocating: each sendmsg/recvmsg gets a window
// of at most kWindow entries built on the stack from the remaining range.
#include <iovcheck/iov.h>

#include "internal.h"

#include <cerrno>
#include <sys/socket.h>

using namespace iovcheck::detail;

namespace {

// As many entries as one sendmsg/recvmsg takes (IOV_MAX, 16 KiB of stack):
// a smaller window made 1024 small segments cost 16 system calls where the
// emulator's code makes one.
constexpr size_t kWindow = IOV_MAX;

// Fills `window` with the next pieces of the stream from `at`, at most
// `bytes` bytes; returns the number of entries.
size_t build_window(const struct iovec *iov, unsigned cnt, StreamCursor at, size_t bytes,
                    struct iovec (&window)[kWindow])
{
    size_t entries = 0;
    size_t within = at.within;
    for (unsigned k = at.index; k < cnt && bytes > 0 && entries < kWindow; ++k, within = 0) {
        size_t piece = iov[k].iov_len - within;
        if (piece == 0) {
            continue;
        }
        if (piece > bytes) {
            piece = bytes;
        }
        window[entries].iov_base = static_cast<char *>(iov[k].iov_base) + within;
        window[entries].iov_len = piece;
        ++entries;
        bytes -= piece;
    }
    return entries;
}

void advance(const struct iovec *iov, unsigned cnt, StreamCursor *at, size_t moved)
{
    while (moved > 0 && at->index < cnt) {
        size_t left_in_segment = iov[at->index].iov_len - at->within;
        if (moved < left_in_segment) {
            at->within += moved;
            return;
        }
        moved -= left_in_segment;
        ++at->index;
        at->within = 0;
    }
}

}  // namespace

extern "C" ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned int iov_cnt,
                                 size_t offset, size_t bytes, bool do_send)
{
    size_t size = iov_size(iov, iov_cnt);
    if (offset > size || bytes > size - offset) {
        iov_contract_violation("iov_send_recv", "offset=%zu bytes=%zu outside size=%zu",
                               offset, bytes, size);
        errno = EINVAL;
        return -1;
    }
    if (bytes == 0) {
        return 0;
    }
    StreamCursor at;
    seek(iov, iov_cnt, offset, &at);
    size_t done = 0;
    while (done < bytes) {
        struct iovec window[kWindow];
        struct msghdr message = {};
        message.msg_iov = window;
        message.msg_iovlen = build_window(iov, iov_cnt, at, bytes - done, window);
        ssize_t moved = do_send ? sendmsg(sockfd, &message, MSG_NOSIGNAL)
                                : recvmsg(sockfd, &message, 0);
        if (moved < 0) {
            if (errno == EINTR) {
                continue;
            }
            if ((errno == EAGAIN || errno == EWOULDBLOCK) && done > 0) {
                return static_cast<ssize_t>(done);
            }
            return -1;
        }
        if (moved == 0) {
            // Orderly shutdown of the peer (recv); a send that moves nothing
            // would loop forever, so it stops the same way.
            break;
        }
        done += static_cast<size_t>(moved);
        advance(iov, iov_cnt, &at, static_cast<size_t>(moved));
    }
    return static_cast<ssize_t>(done);
}
