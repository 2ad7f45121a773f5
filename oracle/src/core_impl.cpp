// core/ as an IovImpl: every entry is the core function itself, or the
// header inline / macro compiled against core's header.
#include <iovcheck/impl.h>

extern "C" void iovcheck_core_init_buf_macro(QEMUIOVector *qiov, void *buf, size_t len);

namespace iovcheck {

namespace {

ssize_t core_send_recv(int fd, const struct iovec *iov, unsigned cnt, size_t offset,
                       size_t bytes, bool do_send)
{
    // Through the macros, which are the documented entry points.
    return do_send ? iov_send(fd, iov, cnt, offset, bytes) : iov_recv(fd, iov, cnt, offset, bytes);
}

IovImpl make_core_impl()
{
    IovImpl t{};
    t.name = "core";
    t.set_contract_handler = iov_set_contract_handler;
    t.iov_from_buf_full = iov_from_buf_full;
    t.iov_to_buf_full = iov_to_buf_full;
    t.iov_from_buf = iov_from_buf;
    t.iov_to_buf = iov_to_buf;
    t.iov_memset = iov_memset;
    t.iov_size = iov_size;
    t.iov_send_recv = core_send_recv;
    t.iov_hexdump = iov_hexdump;
    t.iov_copy = iov_copy;
    t.qemu_iovec_init = qemu_iovec_init;
    t.qemu_iovec_init_external = qemu_iovec_init_external;
    t.qemu_iovec_init_buf = qemu_iovec_init_buf;
    t.qemu_iovec_init_buf_macro = iovcheck_core_init_buf_macro;
    t.qemu_iovec_buf = qemu_iovec_buf;
    t.qemu_iovec_add = qemu_iovec_add;
    t.qemu_iovec_concat_iov = qemu_iovec_concat_iov;
    t.qemu_iovec_concat = qemu_iovec_concat;
    t.qemu_iovec_subvec_niov = qemu_iovec_subvec_niov;
    t.qemu_iovec_init_extended = qemu_iovec_init_extended;
    t.qemu_iovec_init_slice = qemu_iovec_init_slice;
    t.qemu_iovec_is_zero = qemu_iovec_is_zero;
    t.qemu_iovec_to_buf = qemu_iovec_to_buf;
    t.qemu_iovec_from_buf = qemu_iovec_from_buf;
    t.qemu_iovec_memset = qemu_iovec_memset;
    t.qemu_iovec_compare = qemu_iovec_compare;
    t.qemu_iovec_clone = qemu_iovec_clone;
    t.qemu_iovec_reset = qemu_iovec_reset;
    t.qemu_iovec_destroy = qemu_iovec_destroy;
    t.qemu_iovec_discard_back = qemu_iovec_discard_back;
    t.iov_discard_front_undoable = iov_discard_front_undoable;
    t.iov_discard_back_undoable = iov_discard_back_undoable;
    t.iov_discard_front = iov_discard_front;
    t.iov_discard_back = iov_discard_back;
    t.iov_discard_undo = iov_discard_undo;
    return t;
}

}  // namespace

const IovImpl &core_impl()
{
    static const IovImpl table = make_core_impl();
    return table;
}

}  // namespace iovcheck
