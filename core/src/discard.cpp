// Discarding stream bytes from the front or back of an array, with undo.
#include <iovcheck/iov.h>

#include "internal.h"

extern "C" size_t iov_discard_front_undoable(struct iovec **iov, unsigned int *iov_cnt,
                                             size_t bytes, IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
    }
    size_t left = bytes;
    while (*iov_cnt > 0 && (*iov)[0].iov_len <= left) {
        left -= (*iov)[0].iov_len;
        ++*iov;
        --*iov_cnt;
    }
    if (*iov_cnt > 0) {
        struct iovec *first = *iov;
        if (undo) {
            undo->modified_iov = first;
            undo->orig = *first;
        }
        if (left > 0) {
            first->iov_base = static_cast<char *>(first->iov_base) + left;
            first->iov_len -= left;
        }
        left = 0;
    }
    return bytes - left;
}

extern "C" size_t iov_discard_back_undoable(struct iovec *iov, unsigned int *iov_cnt,
                                            size_t bytes, IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
    }
    size_t left = bytes;
    while (*iov_cnt > 0 && iov[*iov_cnt - 1].iov_len <= left) {
        left -= iov[*iov_cnt - 1].iov_len;
        --*iov_cnt;
    }
    if (*iov_cnt > 0) {
        struct iovec *last = &iov[*iov_cnt - 1];
        if (undo) {
            undo->modified_iov = last;
            undo->orig = *last;
        }
        last->iov_len -= left;
        left = 0;
    }
    return bytes - left;
}

extern "C" size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt, size_t bytes)
{
    return iov_discard_front_undoable(iov, iov_cnt, bytes, nullptr);
}

extern "C" size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt, size_t bytes)
{
    return iov_discard_back_undoable(iov, iov_cnt, bytes, nullptr);
}

extern "C" void iov_discard_undo(IOVDiscardUndo *undo)
{
    if (undo->modified_iov) {
        *undo->modified_iov = undo->orig;
    }
}
