/*
 * Forced into every translation unit of an external implementation
 * (-include rename.h): each symbol of the API of SPEC.md is renamed to
 * ext_<name>, so that the external implementation and core/ (which keeps
 * the plain names) live in one binary.  The header inlines and macros of
 * <iovcheck/iov.h> are renamed with them, so the external's inlines call
 * the external's functions.
 */
#ifndef IOVCHECK_EXTERNAL_RENAME_H
#define IOVCHECK_EXTERNAL_RENAME_H

/* The contract handler (our addition; external/src provides a default). */
#define iov_set_contract_handler ext_iov_set_contract_handler
#define iov_contract_violation ext_iov_contract_violation

/* Byte movers */
#define iov_from_buf_full ext_iov_from_buf_full
#define iov_to_buf_full ext_iov_to_buf_full
#define iov_from_buf ext_iov_from_buf
#define iov_to_buf ext_iov_to_buf
/* The inlines' out-of-line part is core's; an external's inlines call its
 * _full forms, as the emulator's header does. */
#define iov_from_buf_out_of_line ext_iov_from_buf_full
#define iov_to_buf_out_of_line ext_iov_to_buf_full
#define iov_memset ext_iov_memset
#define iov_size ext_iov_size
#define iov_send_recv ext_iov_send_recv
#define iov_hexdump ext_iov_hexdump

/* Pointer builders and QEMUIOVector */
#define iov_copy ext_iov_copy
#define qemu_iovec_init ext_qemu_iovec_init
#define qemu_iovec_init_external ext_qemu_iovec_init_external
#define qemu_iovec_init_buf ext_qemu_iovec_init_buf
#define qemu_iovec_buf ext_qemu_iovec_buf
#define qemu_iovec_add ext_qemu_iovec_add
#define qemu_iovec_concat_iov ext_qemu_iovec_concat_iov
#define qemu_iovec_concat ext_qemu_iovec_concat
#define qemu_iovec_subvec_niov ext_qemu_iovec_subvec_niov
#define qemu_iovec_init_extended ext_qemu_iovec_init_extended
#define qemu_iovec_init_slice ext_qemu_iovec_init_slice
#define qemu_iovec_is_zero ext_qemu_iovec_is_zero
#define qemu_iovec_to_buf ext_qemu_iovec_to_buf
#define qemu_iovec_from_buf ext_qemu_iovec_from_buf
#define qemu_iovec_memset ext_qemu_iovec_memset
#define qemu_iovec_compare ext_qemu_iovec_compare
#define qemu_iovec_clone ext_qemu_iovec_clone
#define qemu_iovec_reset ext_qemu_iovec_reset
#define qemu_iovec_destroy ext_qemu_iovec_destroy
#define qemu_iovec_discard_back ext_qemu_iovec_discard_back

/* Discard and undo */
#define iov_discard_front_undoable ext_iov_discard_front_undoable
#define iov_discard_back_undoable ext_iov_discard_back_undoable
#define iov_discard_front ext_iov_discard_front
#define iov_discard_back ext_iov_discard_back
#define iov_discard_undo ext_iov_discard_undo

/* Helpers of the emulator's utility headers (external/compat provides
 * defaults; an external source set may bring its own). */
#define buffer_is_zero ext_buffer_is_zero
#define qemu_hexdump ext_qemu_hexdump

#endif
