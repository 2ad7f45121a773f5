// Any implementation registered with the oracle's registry (an external
// one, see iovcheck/registry.h) measured against core/ with the same
// workloads: TableApi forwards each call through the implementation's
// IovImpl table.
// The table is chosen when a row starts (rows run one after the other).
#pragma once

#include <iovcheck/impl.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "cases.h"
#include "core_api.h"
#include "rows.h"

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
    static struct iovec *slice(QEMUIOVector *q, size_t offset, size_t len, size_t *head,
                               size_t *tail, int *niov)
    {
        return table->qemu_iovec_slice(q, offset, len, head, tail, niov);
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

// Whether `impl` has every function the row of `c` calls (an older
// generation has no qemu_iovec_slice or undo: no such row for it).
inline bool measurable(const Case &c, const IovImpl &impl)
{
    auto has_all = [&impl](std::initializer_list<Fn> functions) {
        return std::all_of(functions.begin(), functions.end(),
                           [&impl](Fn fn) { return impl.has(fn); });
    };
    const std::string &op = c.operation;
    if (op == "slice") return has_all({Fn::qemu_iovec_slice});
    if (op == "init_slice") return has_all({Fn::qemu_iovec_init_slice, Fn::qemu_iovec_destroy});
    if (op == "init_extended") {
        return has_all({Fn::qemu_iovec_init_extended, Fn::qemu_iovec_destroy});
    }
    if (op.starts_with("discard_front.")) {
        return has_all({Fn::iov_discard_front_undoable, Fn::iov_discard_undo});
    }
    if (op.starts_with("discard_back.")) {
        return has_all({Fn::iov_discard_back_undoable, Fn::iov_discard_undo});
    }
    return true;
}

// The row of core against `impl`, alternated on the same memory: core's
// bodies, the other side reached through the implementation's table.
inline Body versus_table_body(const Case &c, const IovImpl *impl)
{
    Body body = measurable(c, *impl) ? versus_body<CoreApi, TableApi>(c) : Body{};
    if (!body) {
        return {};
    }
    return [impl, body](benchmark::State &state) {
        TableApi::table = impl;
        body(state);
    };
}

}  // namespace iovcheck::bench
