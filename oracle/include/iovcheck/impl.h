// The implementation under test, reached through one table of the C API's
// functions (ARCHITECTURE.md: "one table of function pointers"), so that
// several implementations (core/, an external one, the faulty variants of the
// self-test) can live in one binary and be compared with each other.
//
// The header inlines and macros of the API (iov_from_buf, iov_to_buf,
// qemu_iovec_init_buf, qemu_iovec_buf, iov_send/iov_recv) are entries too:
// each implementation provides them as compiled against its own header.
#pragma once

#include <iovcheck/iov.h>

namespace iovcheck {

struct IovImpl {
    const char *name;

    // Installs the handler this implementation reports contract violations
    // to; returns the previous one.  The oracle's strict-mode handler leaves
    // the call with longjmp: an implementation reports a violation before it
    // holds anything to release (memory, locks, C++ objects with destructors).
    iov_contract_handler (*set_contract_handler)(iov_contract_handler);

    // Byte movers
    size_t (*iov_from_buf_full)(const struct iovec *, unsigned, size_t, const void *, size_t);
    size_t (*iov_to_buf_full)(const struct iovec *, unsigned, size_t, void *, size_t);
    size_t (*iov_from_buf)(const struct iovec *, unsigned, size_t, const void *, size_t);
    size_t (*iov_to_buf)(const struct iovec *, unsigned, size_t, void *, size_t);
    size_t (*iov_memset)(const struct iovec *, unsigned, size_t, int, size_t);
    size_t (*iov_size)(const struct iovec *, unsigned);
    ssize_t (*iov_send_recv)(int, const struct iovec *, unsigned, size_t, size_t, bool);
    void (*iov_hexdump)(const struct iovec *, unsigned, FILE *, const char *, size_t);

    // Pointer builders
    unsigned (*iov_copy)(struct iovec *, unsigned, const struct iovec *, unsigned, size_t, size_t);

    // QEMUIOVector
    void (*qemu_iovec_init)(QEMUIOVector *, int);
    void (*qemu_iovec_init_external)(QEMUIOVector *, struct iovec *, int);
    void (*qemu_iovec_init_buf)(QEMUIOVector *, void *, size_t);
    // `*q = QEMU_IOVEC_INIT_BUF(*q, buf, len)`: the header macro, compiled as C.
    void (*qemu_iovec_init_buf_macro)(QEMUIOVector *, void *, size_t);
    void *(*qemu_iovec_buf)(QEMUIOVector *);
    void (*qemu_iovec_add)(QEMUIOVector *, void *, size_t);
    size_t (*qemu_iovec_concat_iov)(QEMUIOVector *, struct iovec *, unsigned, size_t, size_t);
    void (*qemu_iovec_concat)(QEMUIOVector *, QEMUIOVector *, size_t, size_t);
    int (*qemu_iovec_subvec_niov)(QEMUIOVector *, size_t, size_t);
    int (*qemu_iovec_init_extended)(QEMUIOVector *, void *, size_t, QEMUIOVector *, size_t,
                                    size_t, void *, size_t);
    void (*qemu_iovec_init_slice)(QEMUIOVector *, QEMUIOVector *, size_t, size_t);
    bool (*qemu_iovec_is_zero)(QEMUIOVector *, size_t, size_t);
    size_t (*qemu_iovec_to_buf)(QEMUIOVector *, size_t, void *, size_t);
    size_t (*qemu_iovec_from_buf)(QEMUIOVector *, size_t, const void *, size_t);
    size_t (*qemu_iovec_memset)(QEMUIOVector *, size_t, int, size_t);
    ssize_t (*qemu_iovec_compare)(QEMUIOVector *, QEMUIOVector *);
    void (*qemu_iovec_clone)(QEMUIOVector *, const QEMUIOVector *, void *);
    void (*qemu_iovec_reset)(QEMUIOVector *);
    void (*qemu_iovec_destroy)(QEMUIOVector *);
    void (*qemu_iovec_discard_back)(QEMUIOVector *, size_t);

    // Discard and undo
    size_t (*iov_discard_front_undoable)(struct iovec **, unsigned *, size_t, IOVDiscardUndo *);
    size_t (*iov_discard_back_undoable)(struct iovec *, unsigned *, size_t, IOVDiscardUndo *);
    size_t (*iov_discard_front)(struct iovec **, unsigned *, size_t);
    size_t (*iov_discard_back)(struct iovec *, unsigned *, size_t);
    void (*iov_discard_undo)(IOVDiscardUndo *);
};

// core/, the production library.
const IovImpl &core_impl();

}  // namespace iovcheck
