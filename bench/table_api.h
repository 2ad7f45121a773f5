// Any implementation registered with the oracle's registry (an external
// one, see iovcheck/registry.h) measured with the same bodies as core/:
// TableApi forwards each call through the implementation's IovImpl table.
// The table is chosen when a row starts (rows run one after the other).
#pragma once

#include <iovcheck/impl.h>

#include "cases.h"
#include "operations.h"

namespace iovcheck::bench {

struct TableApi {
    static inline const IovImpl *table = nullptr;

    static size_t to_buf(const struct iovec *iov, unsigned cnt, size_t offset, void *buf,
                         size_t bytes)
    {
        return table->iov_to_buf(iov, cnt, offset, buf, bytes);
    }
    static size_t from_buf(const struct iovec *iov, unsigned cnt, size_t offset,
                           const void *buf, size_t bytes)
    {
        return table->iov_from_buf(iov, cnt, offset, buf, bytes);
    }
    static size_t memset(const struct iovec *iov, unsigned cnt, size_t offset, int fillc,
                         size_t bytes)
    {
        return table->iov_memset(iov, cnt, offset, fillc, bytes);
    }
    static ssize_t send_recv(int fd, const struct iovec *iov, unsigned cnt, size_t offset,
                             size_t bytes, bool do_send)
    {
        return table->iov_send_recv(fd, iov, cnt, offset, bytes, do_send);
    }
    static unsigned copy(struct iovec *dst, unsigned dst_cnt, const struct iovec *iov,
                         unsigned cnt, size_t offset, size_t bytes)
    {
        return table->iov_copy(dst, dst_cnt, iov, cnt, offset, bytes);
    }
    static void init(QEMUIOVector *q, int hint) { table->qemu_iovec_init(q, hint); }
    static void init_external(QEMUIOVector *q, struct iovec *iov, int niov)
    {
        table->qemu_iovec_init_external(q, iov, niov);
    }
    static void reset(QEMUIOVector *q) { table->qemu_iovec_reset(q); }
    static void destroy(QEMUIOVector *q) { table->qemu_iovec_destroy(q); }
    static void concat(QEMUIOVector *dst, QEMUIOVector *src, size_t offset, size_t bytes)
    {
        table->qemu_iovec_concat(dst, src, offset, bytes);
    }
    static void init_slice(QEMUIOVector *q, QEMUIOVector *src, size_t offset, size_t len)
    {
        table->qemu_iovec_init_slice(q, src, offset, len);
    }
    static int init_extended(QEMUIOVector *q, void *head, size_t head_len, QEMUIOVector *mid,
                             size_t mid_offset, size_t mid_len, void *tail, size_t tail_len)
    {
        return table->qemu_iovec_init_extended(q, head, head_len, mid, mid_offset, mid_len, tail,
                                               tail_len);
    }
    static bool is_zero(QEMUIOVector *q, size_t offset, size_t bytes)
    {
        return table->qemu_iovec_is_zero(q, offset, bytes);
    }
    static ssize_t compare(QEMUIOVector *a, QEMUIOVector *b)
    {
        return table->qemu_iovec_compare(a, b);
    }
    static void clone(QEMUIOVector *dst, const QEMUIOVector *src, void *buf)
    {
        table->qemu_iovec_clone(dst, src, buf);
    }
    static size_t discard_front_undoable(struct iovec **iov, unsigned *cnt, size_t bytes,
                                         IOVDiscardUndo *undo)
    {
        return table->iov_discard_front_undoable(iov, cnt, bytes, undo);
    }
    static size_t discard_back_undoable(struct iovec *iov, unsigned *cnt, size_t bytes,
                                        IOVDiscardUndo *undo)
    {
        return table->iov_discard_back_undoable(iov, cnt, bytes, undo);
    }
    static void discard_undo(IOVDiscardUndo *undo) { table->iov_discard_undo(undo); }
};

// The rows of `impl`: core's bodies, reached through its table.
inline Body table_body(const Case &c, const IovImpl *impl)
{
    Body body = api_body<TableApi>(c);
    if (!body) {
        return {};
    }
    return [impl, body](benchmark::State &state) {
        TableApi::table = impl;
        body(state);
    };
}

}  // namespace iovcheck::bench
