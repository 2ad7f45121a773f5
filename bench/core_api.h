// How the benchmark bodies reach an implementation: a struct of static
// functions with the C API's signatures, so that one templated body measures
// core/, the model or any table of functions alike.  CoreApi calls core/
// directly (header inlines included), so core's rows pay no indirect call.
#pragma once

#include <iovcheck/iov.h>

namespace iovcheck::bench {

struct CoreApi {
    static constexpr const char *label = "core";

    static size_t to_buf(const struct iovec *iov, unsigned cnt, size_t offset, void *buf,
                         size_t bytes)
    {
        return iov_to_buf(iov, cnt, offset, buf, bytes);
    }
    static size_t from_buf(const struct iovec *iov, unsigned cnt, size_t offset,
                           const void *buf, size_t bytes)
    {
        return iov_from_buf(iov, cnt, offset, buf, bytes);
    }
    static size_t memset(const struct iovec *iov, unsigned cnt, size_t offset, int fillc,
                         size_t bytes)
    {
        return iov_memset(iov, cnt, offset, fillc, bytes);
    }
    static ssize_t send_recv(int fd, const struct iovec *iov, unsigned cnt, size_t offset,
                             size_t bytes, bool do_send)
    {
        return iov_send_recv(fd, iov, cnt, offset, bytes, do_send);
    }
    static unsigned copy(struct iovec *dst, unsigned dst_cnt, const struct iovec *iov,
                         unsigned cnt, size_t offset, size_t bytes)
    {
        return iov_copy(dst, dst_cnt, iov, cnt, offset, bytes);
    }
    static void init(QEMUIOVector *q, int hint) { qemu_iovec_init(q, hint); }
    static void init_external(QEMUIOVector *q, struct iovec *iov, int niov)
    {
        qemu_iovec_init_external(q, iov, niov);
    }
    static void reset(QEMUIOVector *q) { qemu_iovec_reset(q); }
    static void destroy(QEMUIOVector *q) { qemu_iovec_destroy(q); }
    static void concat(QEMUIOVector *dst, QEMUIOVector *src, size_t offset, size_t bytes)
    {
        qemu_iovec_concat(dst, src, offset, bytes);
    }
    static void init_slice(QEMUIOVector *q, QEMUIOVector *src, size_t offset, size_t len)
    {
        qemu_iovec_init_slice(q, src, offset, len);
    }
    static int init_extended(QEMUIOVector *q, void *head, size_t head_len, QEMUIOVector *mid,
                             size_t mid_offset, size_t mid_len, void *tail, size_t tail_len)
    {
        return qemu_iovec_init_extended(q, head, head_len, mid, mid_offset, mid_len, tail,
                                        tail_len);
    }
    static struct iovec *slice(QEMUIOVector *q, size_t offset, size_t len, size_t *head,
                               size_t *tail, int *niov)
    {
        return qemu_iovec_slice(q, offset, len, head, tail, niov);
    }
    static bool is_zero(QEMUIOVector *q, size_t offset, size_t bytes)
    {
        return qemu_iovec_is_zero(q, offset, bytes);
    }
    static ssize_t compare(QEMUIOVector *a, QEMUIOVector *b) { return qemu_iovec_compare(a, b); }
    static void clone(QEMUIOVector *dst, const QEMUIOVector *src, void *buf)
    {
        qemu_iovec_clone(dst, src, buf);
    }
    static size_t discard_front_undoable(struct iovec **iov, unsigned *cnt, size_t bytes,
                                         IOVDiscardUndo *undo)
    {
        return iov_discard_front_undoable(iov, cnt, bytes, undo);
    }
    static size_t discard_back_undoable(struct iovec *iov, unsigned *cnt, size_t bytes,
                                        IOVDiscardUndo *undo)
    {
        return iov_discard_back_undoable(iov, cnt, bytes, undo);
    }
    static void discard_undo(IOVDiscardUndo *undo) { iov_discard_undo(undo); }
};

}  // namespace iovcheck::bench
