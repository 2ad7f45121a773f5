// Faulty discards and undo records, and a send/recv that mis-tracks its
// position after a partial transfer.
#include "faulty.h"

#include <cerrno>
#include <sys/socket.h>

#include "internal.h"  // core/src: the stream cursor core itself walks with

using namespace iovcheck;
using namespace iovcheck::detail;

namespace {

// boundary-off-by-one: a trailing entry exactly as long as what is left to
// remove is shortened to zero length and kept (`<` where `<=` is needed),
// instead of being dropped.
size_t discard_back_keeping_emptied_entry(struct iovec *iov, unsigned *cnt, size_t bytes,
                                          IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
    }
    size_t left = bytes;
    while (*cnt > 0 && iov[*cnt - 1].iov_len < left) {  // BUG: <
        left -= iov[*cnt - 1].iov_len;
        --*cnt;
    }
    if (*cnt > 0) {
        struct iovec *last = &iov[*cnt - 1];
        if (undo) {
            undo->modified_iov = last;
            undo->orig = *last;
        }
        last->iov_len -= left;
        left = 0;
    }
    return bytes - left;
}

size_t discard_back_keeping_emptied_entry_no_undo(struct iovec *iov, unsigned *cnt, size_t bytes)
{
    return discard_back_keeping_emptied_entry(iov, cnt, bytes, nullptr);
}

// discard-undo-not-recorded: the entry is recorded only when it is really
// shortened, so a discard that ends exactly at an entry's end leaves
// modified_iov NULL although SPEC.md records "shortened by 0" too.
size_t discard_back_recording_only_real_cuts(struct iovec *iov, unsigned *cnt, size_t bytes,
                                             IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
    }
    size_t left = bytes;
    while (*cnt > 0 && iov[*cnt - 1].iov_len <= left) {
        left -= iov[*cnt - 1].iov_len;
        --*cnt;
    }
    if (*cnt > 0 && left > 0) {  // BUG: the record is due even when left == 0
        struct iovec *last = &iov[*cnt - 1];
        if (undo) {
            undo->modified_iov = last;
            undo->orig = *last;
        }
        last->iov_len -= left;
        left = 0;
    }
    return bytes - left;
}

// undo-restores-wrong-entry: the record is taken of the first entry before
// the leading entries are dropped, so undo restores that entry and leaves the
// one actually shortened as it is.
size_t discard_front_recording_first_entry(struct iovec **iov, unsigned *cnt, size_t bytes,
                                           IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
        if (*cnt > 0) {
            undo->modified_iov = *iov;  // BUG: must be the entry shortened below
            undo->orig = **iov;
        }
    }
    size_t left = bytes;
    while (*cnt > 0 && (*iov)[0].iov_len <= left) {
        left -= (*iov)[0].iov_len;
        ++*iov;
        --*cnt;
    }
    if (*cnt > 0) {
        struct iovec *first = *iov;
        first->iov_base = static_cast<char *>(first->iov_base) + left;
        first->iov_len -= left;
        left = 0;
    }
    return bytes - left;
}

// send-recv-partial-transfer: when the socket would block after a partial
// transfer, the bytes already moved are dropped on the floor: -1/EAGAIN is
// returned, so the caller believes nothing moved and sends them again (or
// loses what was received).
ssize_t send_recv_forgetting_partial_transfer(int fd, const struct iovec *iov, unsigned cnt, size_t offset,
                                     size_t bytes, bool do_send)
{
    size_t size = iov_size(iov, cnt);
    if (offset > size || bytes > size - offset) {
        iov_contract_violation("iov_send_recv", "offset=%zu bytes=%zu outside size=%zu", offset, bytes, size);
        errno = EINVAL;
        return -1;
    }
    if (bytes == 0) {
        return 0;
    }
    StreamCursor at;
    seek(iov, cnt, offset, &at);
    size_t done = 0;
    while (done < bytes) {
        struct iovec window[64];
        size_t entries = 0;
        size_t within = at.within;
        size_t want = bytes - done;
        for (unsigned k = at.index; k < cnt && want > 0 && entries < 64; ++k, within = 0) {
            size_t piece = iov[k].iov_len - within;
            if (piece == 0) {
                continue;
            }
            piece = piece < want ? piece : want;
            window[entries++] = {static_cast<char *>(iov[k].iov_base) + within, piece};
            want -= piece;
        }
        struct msghdr message = {};
        message.msg_iov = window;
        message.msg_iovlen = entries;
        ssize_t moved = do_send ? sendmsg(fd, &message, MSG_NOSIGNAL) : recvmsg(fd, &message, 0);
        if (moved < 0) {
            if (errno == EINTR) {
                continue;
            }
            return -1;  // BUG: EAGAIN/EWOULDBLOCK after `done > 0` bytes must return done
        }
        if (moved == 0) {
            break;
        }
        done += static_cast<size_t>(moved);
        size_t rest = static_cast<size_t>(moved);
        while (rest > 0 && at.index < cnt) {
            size_t left_in_segment = iov[at.index].iov_len - at.within;
            if (rest < left_in_segment) {
                at.within += rest;
                break;
            }
            rest -= left_in_segment;
            ++at.index;
            at.within = 0;
        }
    }
    return static_cast<ssize_t>(done);
}

faulty::VariantRegistrar boundary_off_by_one(
    "faulty:boundary-off-by-one",
    "iov_discard_back keeps (emptied) a trailing entry exactly as long as the bytes left to remove",
    [](IovImpl &t) {
        t.iov_discard_back_undoable = discard_back_keeping_emptied_entry;
        t.iov_discard_back = discard_back_keeping_emptied_entry_no_undo;
    });

faulty::VariantRegistrar discard_undo_not_recorded(
    "faulty:discard-undo-not-recorded",
    "iov_discard_back_undoable records nothing when the discard ends exactly at an entry's end",
    [](IovImpl &t) { t.iov_discard_back_undoable = discard_back_recording_only_real_cuts; });

faulty::VariantRegistrar undo_restores_wrong_entry(
    "faulty:undo-restores-wrong-entry",
    "iov_discard_front_undoable records the first entry, not the one it shortens, so undo restores the wrong one",
    [](IovImpl &t) { t.iov_discard_front_undoable = discard_front_recording_first_entry; });

faulty::VariantRegistrar send_recv_partial_transfer(
    "faulty:send-recv-partial-transfer",
    "iov_send_recv returns -1 on EAGAIN after a partial transfer instead of the bytes moved",
    [](IovImpl &t) { t.iov_send_recv = send_recv_forgetting_partial_transfer; });

}  // namespace
