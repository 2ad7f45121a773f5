/*
 * iovcheck core: the scatter/gather (struct iovec) helper API of
 * ../shared/SPEC.md, with C linkage and a C-compatible header.
 *
 * Every precondition is checked before any memory is touched and reported
 * through a replaceable contract handler (see iov_set_contract_handler).
 *
 * Decisions where SPEC.md is silent (the model states the same ones, and
 * core/tests pins each of them in a test):
 *  - Pointer arguments (iov arrays, QEMUIOVector pointers, undo records) are
 *    not checked for NULL: only the preconditions SPEC.md writes down are
 *    contract checks.  A NULL `iov` with cnt == 0 is fine everywhere.
 *  - qemu_iovec_init: `hint < 0` is a contract violation.
 *    qemu_iovec_init_external: `niov < 0` is a contract violation.
 *  - qemu_iovec_init_extended: `mid` must be non-NULL (it is read first).
 *    With mlen == 0 no entry of `mid` is used.  A result with no entry owns an
 *    array of zero entries (niov == nalloc == 0; `iov` may be NULL).
 *    Whatever `q` held before is overwritten, not freed.
 *  - qemu_iovec_init_slice: checks `len <= size && off <= size - len` of
 *    `src` itself, even when len == 0.
 *  - qemu_iovec_discard_back on an embedded vector keeps `size` equal to the
 *    sum of the lengths (local_iov.iov_len and size are one object).
 *  - qemu_iovec_clone: `dst` must be owned (contract).
 *  - Lenient mode (a handler that returns): the function has no side effect
 *    and returns the neutral result listed in SPEC.md.
 */
#ifndef IOVCHECK_IOV_H
#define IOVCHECK_IOV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef IOV_MAX
#define IOV_MAX 1024
#endif

/* ---- Contract violations ------------------------------------------------ */

/*
 * Called with the name of the public function whose precondition failed and
 * one line that names the offending values ("offset=5 size=4").  The default
 * handler prints "iovcheck: contract violation in FUNCTION: MESSAGE" to stderr
 * and aborts.  A handler may abort, unwind (C++ throw, longjmp) or return
 * (lenient mode: the function then has no side effect and returns its
 * neutral result).
 */
typedef void (*iov_contract_handler)(const char *function, const char *message);

/* Installs `handler` (NULL: the default) and returns the previous one. */
iov_contract_handler iov_set_contract_handler(iov_contract_handler handler);

/* Reports a violation through the installed handler; printf-style message.
 * Returns only when the handler returns (lenient mode). */
void iov_contract_violation(const char *function, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- Byte movers ---------------------------------------------------------- */

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes);
size_t iov_to_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes);
size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  int fillc, size_t bytes);
size_t iov_size(const struct iovec *iov, unsigned int iov_cnt);

/* The out-of-line part of the iov_from_buf / iov_to_buf inlines below: the
 * _full forms, except that a contract violation names iov_from_buf /
 * iov_to_buf, the function the caller wrote. */
size_t iov_from_buf_out_of_line(const struct iovec *iov, unsigned int iov_cnt,
                                size_t offset, const void *buf, size_t bytes);
size_t iov_to_buf_out_of_line(const struct iovec *iov, unsigned int iov_cnt,
                              size_t offset, void *buf, size_t bytes);

/* Fast path: the whole range inside segment 0 is one memcpy; anything else
 * (including every out-of-domain call) goes out of line. */
static inline size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt,
                                  size_t offset, const void *buf, size_t bytes)
{
    if (iov_cnt > 0 && offset <= iov[0].iov_len &&
        bytes <= iov[0].iov_len - offset) {
        if (bytes > 0) {
            memcpy((char *)iov[0].iov_base + offset, buf, bytes);
        }
        return bytes;
    }
    return iov_from_buf_out_of_line(iov, iov_cnt, offset, buf, bytes);
}

static inline size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt,
                                size_t offset, void *buf, size_t bytes)
{
    if (iov_cnt > 0 && offset <= iov[0].iov_len &&
        bytes <= iov[0].iov_len - offset) {
        if (bytes > 0) {
            memcpy(buf, (const char *)iov[0].iov_base + offset, bytes);
        }
        return bytes;
    }
    return iov_to_buf_out_of_line(iov, iov_cnt, offset, buf, bytes);
}

ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned int iov_cnt,
                      size_t offset, size_t bytes, bool do_send);
#define iov_send(sockfd, iov, iov_cnt, offset, bytes) \
    iov_send_recv(sockfd, iov, iov_cnt, offset, bytes, true)
#define iov_recv(sockfd, iov, iov_cnt, offset, bytes) \
    iov_send_recv(sockfd, iov, iov_cnt, offset, bytes, false)

void iov_hexdump(const struct iovec *iov, const unsigned int iov_cnt, FILE *fp,
                 const char *prefix, size_t limit);

/* ---- Pointer builders ----------------------------------------------------- */

unsigned iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                  const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, size_t bytes);

typedef struct QEMUIOVector {
    struct iovec *iov;
    int niov;
    /* `size` and `local_iov.iov_len` are one object: an embedded vector's
     * single entry is its whole stream. */
    union {
        struct {
            int nalloc; /* -1: the array is not owned (external or local_iov) */
            struct iovec local_iov;
        };
        struct {
            char __pad[sizeof(int) + offsetof(struct iovec, iov_len)];
            size_t size;
        };
    };
} QEMUIOVector;

#ifdef __cplusplus
static_assert(offsetof(QEMUIOVector, size) ==
                  offsetof(QEMUIOVector, local_iov.iov_len),
              "QEMUIOVector.size must alias local_iov.iov_len");
#else
_Static_assert(offsetof(QEMUIOVector, size) ==
                   offsetof(QEMUIOVector, local_iov.iov_len),
               "QEMUIOVector.size must alias local_iov.iov_len");
#endif

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint);
void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov);

static inline void qemu_iovec_init_buf(QEMUIOVector *qiov, void *buf, size_t len)
{
    memset(qiov, 0, sizeof(*qiov));
    qiov->iov = &qiov->local_iov;
    qiov->niov = 1;
    qiov->nalloc = -1;
    qiov->local_iov.iov_base = buf;
    qiov->local_iov.iov_len = len;
}

/* Static initializer of an embedded single-entry vector. */
#define QEMU_IOVEC_INIT_BUF(self, buf, len)                  \
    {                                                        \
        .iov = &(self).local_iov,                            \
        .niov = 1,                                           \
        .nalloc = -1,                                        \
        .local_iov = { .iov_base = (void *)(buf), .iov_len = (len) }, \
    }

static inline void *qemu_iovec_buf(QEMUIOVector *qiov)
{
    if (qiov->nalloc != -1 || qiov->iov != &qiov->local_iov) {
        iov_contract_violation("qemu_iovec_buf",
                               "vector is not embedded (nalloc=%d)", qiov->nalloc);
        return NULL;
    }
    return qiov->local_iov.iov_base;
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len);
size_t qemu_iovec_concat_iov(QEMUIOVector *dst, struct iovec *src_iov,
                             unsigned int src_cnt, size_t soffset, size_t sbytes);
void qemu_iovec_concat(QEMUIOVector *dst, QEMUIOVector *src, size_t soffset,
                       size_t sbytes);
int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len);
int qemu_iovec_init_extended(QEMUIOVector *qiov,
                             void *head_buf, size_t head_len,
                             QEMUIOVector *mid_qiov, size_t mid_offset,
                             size_t mid_len,
                             void *tail_buf, size_t tail_len);
void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source,
                           size_t offset, size_t len);
/* The newer generations' public slice lookup: the entry of qiov->iov where
 * the slice of [offset, offset + len) starts, with *head the offset inside it,
 * *tail the bytes to drop from the end of the slice's last entry and *niov
 * its entry count.  Checks `len <= size && offset <= size - len` (on a
 * violation: returns qiov->iov, all three outputs 0). */
struct iovec *qemu_iovec_slice(QEMUIOVector *qiov, size_t offset, size_t len,
                               size_t *head, size_t *tail, int *niov);
bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t qiov_offset, size_t bytes);
size_t qemu_iovec_to_buf(QEMUIOVector *qiov, size_t offset, void *buf,
                         size_t bytes);
size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset, const void *buf,
                           size_t bytes);
size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset, int fillc,
                         size_t bytes);
ssize_t qemu_iovec_compare(QEMUIOVector *a, QEMUIOVector *b);
void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf);
void qemu_iovec_reset(QEMUIOVector *qiov);
void qemu_iovec_destroy(QEMUIOVector *qiov);
void qemu_iovec_discard_back(QEMUIOVector *qiov, size_t bytes);

/* ---- Discard and undo ----------------------------------------------------- */

typedef struct IOVDiscardUndo {
    struct iovec *modified_iov;
    struct iovec orig;
} IOVDiscardUndo;

size_t iov_discard_front_undoable(struct iovec **iov, unsigned int *iov_cnt,
                                  size_t bytes, IOVDiscardUndo *undo);
size_t iov_discard_back_undoable(struct iovec *iov, unsigned int *iov_cnt,
                                 size_t bytes, IOVDiscardUndo *undo);
size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt, size_t bytes);
size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt, size_t bytes);
void iov_discard_undo(IOVDiscardUndo *undo);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* IOVCHECK_IOV_H */
