/*
 * An emulator-style implementation of the iovec API (its util/iov.c at the
 * revision SPEC.md describes), written from SPEC.md: it asserts exactly what
 * SPEC.md's table of the `emulator` profile says is checked, and leaves the
 * caller's duties unchecked.  Under `--profile emulator` it must give zero
 * findings (correct_emulator.c builds it as it is).
 *
 * The evidence implementations beside it (see README.md) each define one
 * PLANT_<BUG> macro and include this file: every planted bug is one #ifdef
 * below, named after the variant file that plants it.
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"
#include "qemu/sockets.h"
#include "qemu/cutils.h"

/* ---- Byte movers ---------------------------------------------------------- */

size_t iov_size(const struct iovec *iov, const unsigned int iov_cnt)
{
    size_t len = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt; i++) {
        len += iov[i].iov_len;
    }
    return len;
}

size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                         size_t offset, const void *buf, size_t bytes)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && (offset || done < bytes); i++) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            if (len > 0) { /* buf may be NULL when bytes is 0 */
                memcpy((char *)iov[i].iov_base + offset, (const char *)buf + done, len);
            }
            done += len;
            offset = 0;
        } else {
            offset -= iov[i].iov_len;
        }
    }
    assert(offset == 0);
    return done;
}

size_t iov_to_buf_full(const struct iovec *iov, const unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && (offset || done < bytes); i++) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            if (len > 0) { /* buf may be NULL when bytes is 0 */
                memcpy((char *)buf + done, (const char *)iov[i].iov_base + offset, len);
            }
            done += len;
            offset = 0;
        } else {
            offset -= iov[i].iov_len;
        }
    }
    assert(offset == 0);
    return done;
}

size_t iov_memset(const struct iovec *iov, const unsigned int iov_cnt,
                  size_t offset, int fillc, size_t bytes)
{
    size_t done = 0;
    unsigned int i;

    for (i = 0; i < iov_cnt && (offset || done < bytes);) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            memset((char *)iov[i].iov_base + offset, fillc, len);
            done += len;
            offset = 0;
            i++;
#ifdef PLANT_HANG
        } else if (iov[i].iov_len > 0) {
            /* a zero-length entry is never passed over */
#else
        } else {
#endif
            offset -= iov[i].iov_len;
            i++;
        }
    }
    assert(offset == 0);
    return done;
}

void iov_hexdump(const struct iovec *iov, const unsigned int iov_cnt,
                 FILE *fp, const char *prefix, size_t limit)
{
    size_t size = MIN(iov_size(iov, iov_cnt), limit);
    g_autofree char *buf = NULL;

    if (size == 0) {
        return;
    }
    buf = g_malloc(size);
    iov_to_buf(iov, iov_cnt, 0, buf, size);
    qemu_hexdump(fp, prefix, buf, size);
}

/* ---- Pointer builders ----------------------------------------------------- */

unsigned iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                  const struct iovec *iov, unsigned int iov_cnt,
                  size_t offset, size_t bytes)
{
    size_t len;
    unsigned int i, j;

    for (i = 0, j = 0;
         i < iov_cnt && j < dst_iov_cnt && (offset || bytes); i++) {
        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(bytes, iov[i].iov_len - offset);

        dst_iov[j].iov_base = (char *)iov[i].iov_base + offset;
        dst_iov[j].iov_len = len;
        j++;
        bytes -= len;
        offset = 0;
    }
    assert(offset == 0);
    return j;
}

/* ---- Sockets -------------------------------------------------------------- */

ssize_t iov_send_recv(int sockfd, const struct iovec *iov, unsigned int iov_cnt,
                      size_t offset, size_t bytes, bool do_send)
{
    size_t size = iov_size(iov, iov_cnt);
    g_autofree struct iovec *local = NULL;
    struct iovec *window;
    unsigned int window_cnt;
    size_t done = 0;

    if (bytes == 0) {
        return 0;
    }
    assert(offset <= size && bytes <= size - offset);
    /* Our own copy of the range, so that the caller's array is never touched. */
    local = g_new(struct iovec, iov_cnt);
    window_cnt = iov_copy(local, iov_cnt, iov, iov_cnt, offset, bytes);
    window = local;
    while (done < bytes) {
        struct msghdr msg;
        ssize_t ret;

        memset(&msg, 0, sizeof(msg));
        msg.msg_iov = window;
        msg.msg_iovlen = MIN(window_cnt, IOV_MAX);
        if (do_send) {
            ret = sendmsg(sockfd, &msg, MSG_NOSIGNAL);
        } else {
            ret = recvmsg(sockfd, &msg, 0);
        }
        if (ret < 0) {
            if (socket_error() == EINTR) {
                continue;
            }
            if ((socket_error() == EAGAIN || socket_error() == EWOULDBLOCK) && done > 0) {
                break;
            }
            return -1;
        }
        if (ret == 0) {
            break;
        }
        done += ret;
        iov_discard_front(&window, &window_cnt, ret);
    }
    return done;
}

/* ---- QEMUIOVector --------------------------------------------------------- */

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    memset(qiov, 0, sizeof(*qiov));
    qiov->iov = g_new(struct iovec, alloc_hint);
    qiov->niov = 0;
    qiov->nalloc = alloc_hint;
    qiov->size = 0;
}

void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov)
{
    memset(qiov, 0, sizeof(*qiov));
    qiov->iov = iov;
    qiov->niov = niov;
    qiov->nalloc = -1;
    qiov->size = iov_size(iov, niov);
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    assert(qiov->nalloc != -1);

    if (qiov->niov == qiov->nalloc) {
        qiov->nalloc = 2 * qiov->nalloc + 1;
        qiov->iov = g_renew(struct iovec, qiov->iov, qiov->nalloc);
    }
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    qiov->size += len;
    ++qiov->niov;
}

size_t qemu_iovec_concat_iov(QEMUIOVector *dst,
                             struct iovec *src_iov, unsigned int src_cnt,
                             size_t soffset, size_t sbytes)
{
    unsigned int i;
    size_t done;

    if (!sbytes) {
        return 0;
    }
    assert(dst->nalloc != -1);
#ifndef PLANT_STALE_POINTER
    /* src_iov may be dst's own array, which qemu_iovec_add() may move:
     * walk a copy of it. */
    g_autofree struct iovec *src_copy = g_new(struct iovec, src_cnt);
    if (src_cnt > 0) {
        memcpy(src_copy, src_iov, src_cnt * sizeof(*src_copy));
    }
    src_iov = src_copy;
#endif
    for (i = 0, done = 0; done < sbytes && i < src_cnt; i++) {
        if (soffset < src_iov[i].iov_len) {
            size_t len = MIN(src_iov[i].iov_len - soffset, sbytes - done);
            qemu_iovec_add(dst, (char *)src_iov[i].iov_base + soffset, len);
            done += len;
            soffset = 0;
        } else {
            soffset -= src_iov[i].iov_len;
        }
    }
    assert(soffset == 0); /* offset beyond the end of src */
    return done;
}

void qemu_iovec_concat(QEMUIOVector *dst,
                       QEMUIOVector *src, size_t soffset, size_t sbytes)
{
    qemu_iovec_concat_iov(dst, src->iov, src->niov, soffset, sbytes);
}

/*
 * The slice of SPEC.md for [offset, offset + len): entries [*first, *first +
 * return value), *first_start being the stream start of entry *first.
 */
static int find_slice(QEMUIOVector *qiov, size_t offset, size_t len,
                      int *first, size_t *first_start)
{
    size_t end = offset + len;
    size_t start = 0;
    int i = 0;

    while (i < qiov->niov && start != offset &&
           start + qiov->iov[i].iov_len <= offset) {
        start += qiov->iov[i++].iov_len;
    }
    *first = i;
    *first_start = start;
    while (i < qiov->niov && start != end &&
           start + qiov->iov[i].iov_len <= end) {
        start += qiov->iov[i++].iov_len;
    }
    if (i < qiov->niov && start != end) {
        i++; /* the range ends strictly inside entry i */
    }
    return i - *first;
}

int qemu_iovec_subvec_niov(QEMUIOVector *qiov, size_t offset, size_t len)
{
    int first;
    size_t first_start;

    assert(len <= qiov->size && offset <= qiov->size - len);
    return find_slice(qiov, offset, len, &first, &first_start);
}

int qemu_iovec_init_extended(
        QEMUIOVector *qiov,
        void *head_buf, size_t head_len,
        QEMUIOVector *mid_qiov, size_t mid_offset, size_t mid_len,
        void *tail_buf, size_t tail_len)
{
    struct iovec *p, single;
    size_t start = 0, mid_end;
    int first = 0, mid_niov = 0, total_niov, i;

    assert(mid_qiov->niov <= IOV_MAX);
    if (SIZE_MAX - head_len < mid_len ||
        SIZE_MAX - head_len - mid_len < tail_len) {
        return -EINVAL;
    }
    if (mid_len) {
        assert(mid_len <= mid_qiov->size &&
               mid_offset <= mid_qiov->size - mid_len);
        mid_niov = find_slice(mid_qiov, mid_offset, mid_len, &first, &start);
    }
    total_niov = !!head_len + mid_niov + !!tail_len;
    if (total_niov > IOV_MAX) {
        return -EINVAL;
    }

    /* Built before qiov is written: qiov may be mid_qiov itself. */
    p = total_niov > 1 ? g_new(struct iovec, total_niov) : &single;
    i = 0;
    if (head_len) {
        p[i].iov_base = head_buf;
        p[i++].iov_len = head_len;
    }
    mid_end = mid_offset + mid_len;
    for (int k = first; k < first + mid_niov; k++) {
        struct iovec *e = &mid_qiov->iov[k];
        size_t from = MAX(start, mid_offset);
        size_t to = MIN(start + e->iov_len, mid_end);
        p[i].iov_base = (char *)e->iov_base + (from - start);
        p[i++].iov_len = to - from;
        start += e->iov_len;
    }
    if (tail_len) {
        p[i].iov_base = tail_buf;
        p[i++].iov_len = tail_len;
    }

    memset(qiov, 0, sizeof(*qiov));
    if (total_niov == 1) {
        qiov->local_iov = single;
        qiov->iov = &qiov->local_iov;
        qiov->niov = 1;
        qiov->nalloc = -1;
        return 0;
    }
    qiov->iov = total_niov > 1 ? p : NULL;
    qiov->niov = total_niov;
    qiov->nalloc = total_niov;
    qiov->size = head_len + mid_len + tail_len;
    return 0;
}

void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source,
                           size_t offset, size_t len)
{
    int ret;

    assert(len <= source->size && offset <= source->size - len);
    ret = qemu_iovec_init_extended(qiov, NULL, 0, source, offset, len, NULL, 0);
    assert(ret == 0);
}

/* The entry holding stream position `offset`, and the offset inside it. */
static struct iovec *iov_skip_offset(struct iovec *iov, size_t offset,
                                     size_t *remaining_offset)
{
    while (offset > 0 && offset >= iov->iov_len) {
        offset -= iov->iov_len;
        iov++;
    }
    *remaining_offset = offset;
    return iov;
}

bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t offset, size_t bytes)
{
    struct iovec *iov;
    size_t current_offset;

#ifdef PLANT_WRAPPING_RANGE
    assert(offset + bytes <= qiov->size);
#else
    assert(bytes <= qiov->size && offset <= qiov->size - bytes);
#endif
    iov = iov_skip_offset(qiov->iov, offset, &current_offset);
    while (bytes) {
        char *base = (char *)iov->iov_base + current_offset;
        size_t len = MIN(iov->iov_len - current_offset, bytes);

        if (!buffer_is_zero(base, len)) {
            return false;
        }
        current_offset = 0;
        bytes -= len;
        iov++;
    }
    return true;
}

size_t qemu_iovec_to_buf(QEMUIOVector *qiov, size_t offset,
                         void *buf, size_t bytes)
{
    return iov_to_buf_full(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_from_buf(QEMUIOVector *qiov, size_t offset,
                           const void *buf, size_t bytes)
{
    return iov_from_buf_full(qiov->iov, qiov->niov, offset, buf, bytes);
}

size_t qemu_iovec_memset(QEMUIOVector *qiov, size_t offset,
                         int fillc, size_t bytes)
{
    return iov_memset(qiov->iov, qiov->niov, offset, fillc, bytes);
}

ssize_t qemu_iovec_compare(QEMUIOVector *a, QEMUIOVector *b)
{
    size_t offset = 0;
    int i;

    assert(a->niov == b->niov);
    for (i = 0; i < a->niov; i++) {
        assert(a->iov[i].iov_len == b->iov[i].iov_len);
    }
    for (i = 0; i < a->niov; i++) {
        const unsigned char *p = a->iov[i].iov_base;
        const unsigned char *q = b->iov[i].iov_base;
        size_t len;

        for (len = 0; len < a->iov[i].iov_len; len++) {
            if (p[len] != q[len]) {
#ifdef PLANT_WRONG_RESULT
                return offset; /* the entry's start, not the byte's */
#else
                return offset + len;
#endif
            }
        }
        offset += a->iov[i].iov_len;
    }
    return -1;
}

/* A byte range [begin, end) of the source of a clone. */
typedef struct {
    uintptr_t begin, end;
} ByteRange;

static int byte_range_cmp(const void *a, const void *b)
{
    const ByteRange *x = a, *y = b;

    return x->begin < y->begin ? -1 : x->begin > y->begin;
}

void qemu_iovec_clone(QEMUIOVector *dest, const QEMUIOVector *src, void *buf)
{
    g_autofree ByteRange *runs = NULL;
    g_autofree struct iovec *cloned = NULL;
    int nruns = 0, i, k;

    /* The union U of the source's bytes, as sorted disjoint runs. */
    runs = g_new(ByteRange, src->niov);
    for (i = 0; i < src->niov; i++) {
        if (src->iov[i].iov_len > 0) {
            runs[nruns].begin = (uintptr_t)src->iov[i].iov_base;
            runs[nruns].end = runs[nruns].begin + src->iov[i].iov_len;
            nruns++;
        }
    }
    if (nruns > 0) {
        qsort(runs, nruns, sizeof(runs[0]), byte_range_cmp);
    }
    for (i = 0, k = 0; i < nruns; i++) {
        if (k > 0 && runs[i].begin <= runs[k - 1].end) {
            runs[k - 1].end = MAX(runs[k - 1].end, runs[i].end);
        } else {
            runs[k++] = runs[i];
        }
    }
    nruns = k;

    /* Built first: src may be dest itself. */
    cloned = g_new(struct iovec, src->niov);
#ifdef PLANT_UB_EMPTY
    memcpy(cloned, src->iov, src->niov * sizeof(*cloned));
#endif
    for (i = 0; i < src->niov; i++) {
        uintptr_t x = (uintptr_t)src->iov[i].iov_base;
        size_t below = 0; /* |U ∩ (-inf, x)| */

        for (k = 0; k < nruns && runs[k].begin < x; k++) {
            below += MIN(x, runs[k].end) - runs[k].begin;
        }
        cloned[i].iov_base = (char *)buf + below;
        cloned[i].iov_len = src->iov[i].iov_len;
    }
    for (i = 0; i < src->niov; i++) {
        qemu_iovec_add(dest, cloned[i].iov_base, cloned[i].iov_len);
    }
}

void qemu_iovec_reset(QEMUIOVector *qiov)
{
#ifndef PLANT_MISSED_CHECK
    assert(qiov->nalloc != -1);
#endif

    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    if (qiov->nalloc != -1) {
        g_free(qiov->iov);
    }
    memset(qiov, 0, sizeof(*qiov));
}

void qemu_iovec_discard_back(QEMUIOVector *qiov, size_t bytes)
{
    size_t total = qiov->size;
    unsigned int niov = qiov->niov;

    assert(bytes <= total);
    iov_discard_back(qiov->iov, &niov, bytes);
    qiov->niov = niov;
#ifdef PLANT_UNION_ALIAS
    /* for an embedded vector iov_discard_back already shortened
     * local_iov.iov_len, which is size: subtracted twice */
    qiov->size -= bytes;
#else
    /* After the discard: for an embedded vector size is local_iov.iov_len. */
    qiov->size = total - bytes;
#endif
}

/* ---- Discard and undo ----------------------------------------------------- */

size_t iov_discard_front_undoable(struct iovec **iov, unsigned int *iov_cnt,
                                  size_t bytes, IOVDiscardUndo *undo)
{
    size_t total = 0;
    struct iovec *cur;

    if (undo) {
        undo->modified_iov = NULL;
    }
    for (cur = *iov; *iov_cnt > 0; cur++) {
        if (cur->iov_len > bytes - total) {
            if (undo) {
                undo->modified_iov = cur;
                undo->orig = *cur;
            }
            cur->iov_base = (char *)cur->iov_base + (bytes - total);
            cur->iov_len -= bytes - total;
            total = bytes;
            break;
        }
        total += cur->iov_len;
        (*iov_cnt)--;
    }
    *iov = cur;
    return total;
}

size_t iov_discard_back_undoable(struct iovec *iov, unsigned int *iov_cnt,
                                 size_t bytes, IOVDiscardUndo *undo)
{
    size_t total = 0;

    if (undo) {
        undo->modified_iov = NULL;
    }
    while (*iov_cnt > 0) {
        struct iovec *cur = &iov[*iov_cnt - 1];

        if (cur->iov_len > bytes - total) {
            if (undo) {
                undo->modified_iov = cur;
                undo->orig = *cur;
            }
            cur->iov_len -= bytes - total;
            total = bytes;
            break;
        }
        total += cur->iov_len;
        (*iov_cnt)--;
    }
    return total;
}

size_t iov_discard_front(struct iovec **iov, unsigned int *iov_cnt, size_t bytes)
{
    return iov_discard_front_undoable(iov, iov_cnt, bytes, NULL);
}

size_t iov_discard_back(struct iovec *iov, unsigned int *iov_cnt, size_t bytes)
{
    return iov_discard_back_undoable(iov, iov_cnt, bytes, NULL);
}

void iov_discard_undo(IOVDiscardUndo *undo)
{
    if (undo->modified_iov) {
        *undo->modified_iov = undo->orig;
    }
}
