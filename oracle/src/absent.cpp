// Which API function each op calls, and whether an implementation has it.
#include <iovcheck/absent.h>

namespace iovcheck {

Fn op_kind_function(OpKind kind)
{
    switch (kind) {
    case OpKind::FromBufFull: return Fn::iov_from_buf_full;
    case OpKind::ToBufFull: return Fn::iov_to_buf_full;
    case OpKind::FromBuf: return Fn::iov_from_buf;
    case OpKind::ToBuf: return Fn::iov_to_buf;
    case OpKind::Memset: return Fn::iov_memset;
    case OpKind::Size: return Fn::iov_size;
    case OpKind::Copy: return Fn::iov_copy;
    case OpKind::Hexdump: return Fn::iov_hexdump;
    case OpKind::SendRecv: return Fn::iov_send_recv;
    case OpKind::DiscardFront: return Fn::iov_discard_front;
    case OpKind::DiscardBack: return Fn::iov_discard_back;
    case OpKind::DiscardUndo: return Fn::iov_discard_undo;
    case OpKind::QInit: return Fn::qemu_iovec_init;
    case OpKind::QInitExternal: return Fn::qemu_iovec_init_external;
    case OpKind::QInitBuf: return Fn::qemu_iovec_init_buf;
    case OpKind::QInitBufMacro: return Fn::qemu_iovec_init_buf_macro;
    case OpKind::QBuf: return Fn::qemu_iovec_buf;
    case OpKind::QAdd: return Fn::qemu_iovec_add;
    case OpKind::QConcatIov: return Fn::qemu_iovec_concat_iov;
    case OpKind::QConcat: return Fn::qemu_iovec_concat;
    case OpKind::QSubvecNiov: return Fn::qemu_iovec_subvec_niov;
    case OpKind::QInitExtended: return Fn::qemu_iovec_init_extended;
    case OpKind::QInitSlice: return Fn::qemu_iovec_init_slice;
    case OpKind::QIsZero: return Fn::qemu_iovec_is_zero;
    case OpKind::QToBuf: return Fn::qemu_iovec_to_buf;
    case OpKind::QFromBuf: return Fn::qemu_iovec_from_buf;
    case OpKind::QMemset: return Fn::qemu_iovec_memset;
    case OpKind::QCompare: return Fn::qemu_iovec_compare;
    case OpKind::QClone: return Fn::qemu_iovec_clone;
    case OpKind::QReset: return Fn::qemu_iovec_reset;
    case OpKind::QDestroy: return Fn::qemu_iovec_destroy;
    case OpKind::QDiscardBack: return Fn::qemu_iovec_discard_back;
    case OpKind::QSlice: return Fn::qemu_iovec_slice;
    case OpKind::Count: break;
    }
    return Fn::Count;
}

Fn op_function(const Op &op)
{
    return visit(op, Overloaded{
                         [](const ops::DiscardFront &r) {
                             return r.with_undo.v ? Fn::iov_discard_front_undoable : Fn::iov_discard_front;
                         },
                         [](const ops::DiscardBack &r) {
                             return r.with_undo.v ? Fn::iov_discard_back_undoable : Fn::iov_discard_back;
                         },
                         [&](const auto &) { return op_kind_function(op.kind()); },
                     });
}

bool can_run(const IovImpl &impl, const Op &op) { return impl.has(op_function(op)); }

std::vector<Fn> absent_functions(const IovImpl &impl)
{
    std::vector<Fn> absent;
    for (size_t i = 0; i < kFnCount; ++i) {
        if (!impl.has(static_cast<Fn>(i))) {
            absent.push_back(static_cast<Fn>(i));
        }
    }
    return absent;
}

}  // namespace iovcheck
