// Discarding stream bytes from the front or back of an array, with undo.
#include <iovcheck/iov.h>

#include "internal.h"

// Both discards walk in locals and store the caller's count and pointer once:
// written through the pointers on every step, they cost a store each and
// could not stay in registers (the array might alias them).
extern "C" size_t iov_discard_front_undoable(struct iovec **iov, unsigned int *iov_cnt,
                                             size_t bytes, IOVDiscardUndo *undo)
{
    if (undo) {
        undo->modified_iov = nullptr;
    }
    struct iovec *first = *iov;
    unsigned cnt = *iov_cnt;
    size_t left = bytes;
    while (cnt > 0 && first->iov_len <= left) {
        left -= first->iov_len;
        ++first;
        --cnt;
    }
    *iov = first;
    *iov_cnt = cnt;
    if (cnt > 0) {
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
    unsigned cnt = *iov_cnt;
    size_t left = bytes;
    while (cnt > 0 && iov[cnt - 1].iov_len <= left) {
        left -= iov[cnt - 1].iov_len;
        --cnt;
    }
    *iov_cnt = cnt;
    if (cnt > 0) {
        struct iovec *last = &iov[cnt - 1];
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
