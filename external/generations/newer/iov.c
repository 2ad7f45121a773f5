/*
 * The newer generation of the emulator's iovec helpers (util/iov.c), written
 * from SPEC.md ("Newer generations of the API") in the emulator's style, as
 * a worked example of putting such a generation under the harness (see
 * adapter.c and include/qemu/iov.h):
 *  - an offset past the end is no longer asserted by the byte movers,
 *    iov_copy and qemu_iovec_concat_iov (its soffset): they move nothing and
 *    return 0 (the profile emulator-new: tolerated);
 *  - qemu_iovec_slice is public, and qemu_iovec_init_slice is built on it (a
 *    slice of exactly one entry gives an embedded vector);
 *  - there is no qemu_iovec_init_extended, and no qemu_iovec_subvec_niov of
 *    its own (the adapter maps it onto qemu_iovec_slice).
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

    if (offset > iov_size(iov, iov_cnt)) {
        return 0;
    }
    for (i = 0; i < iov_cnt && done < bytes; i++) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            memcpy((char *)iov[i].iov_base + offset, (const char *)buf + done, len);
            done += len;
            offset = 0;
        } else {
            offset -= iov[i].iov_len;
        }
    }
    return done;
}

size_t iov_to_buf_full(const struct iovec *iov, const unsigned int iov_cnt,
                       size_t offset, void *buf, size_t bytes)
{
    size_t done = 0;
    unsigned int i;

    if (offset > iov_size(iov, iov_cnt)) {
        return 0;
    }
    for (i = 0; i < iov_cnt && done < bytes; i++) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            memcpy((char *)buf + done, (const char *)iov[i].iov_base + offset, len);
            done += len;
            offset = 0;
        } else {
            offset -= iov[i].iov_len;
        }
    }
    return done;
}

size_t iov_memset(const struct iovec *iov, const unsigned int iov_cnt,
                  size_t offset, int fillc, size_t bytes)
{
    size_t done = 0;
    unsigned int i;

    if (offset > iov_size(iov, iov_cnt)) {
        return 0;
    }
    for (i = 0; i < iov_cnt && done < bytes; i++) {
        if (offset < iov[i].iov_len) {
            size_t len = MIN(iov[i].iov_len - offset, bytes - done);
            memset((char *)iov[i].iov_base + offset, fillc, len);
            done += len;
            offset = 0;
        } else {
            offset -= iov[i].iov_len;
        }
    }
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

    if (offset > iov_size(iov, iov_cnt)) {
        return 0;
    }
    assert(offset == 0 || dst_iov_cnt > 0);
    for (i = 0; i < iov_cnt && offset >= iov[i].iov_len; i++) {
        offset -= iov[i].iov_len;
    }
    if (bytes == 0 && offset > 0) {
        /* An empty range strictly inside segment i: one entry marks it. */
        dst_iov[0].iov_base = (char *)iov[i].iov_base + offset;
        dst_iov[0].iov_len = 0;
        return 1;
    }
    for (j = 0; i < iov_cnt && j < dst_iov_cnt && bytes > 0; i++) {
        len = MIN(bytes, iov[i].iov_len - offset);
        if (len > 0) {
            dst_iov[j].iov_base = (char *)iov[i].iov_base + offset;
            dst_iov[j].iov_len = len;
            j++;
            bytes -= len;
        }
        offset = 0;
    }
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

    assert(offset <= size && bytes <= size - offset);
    if (bytes == 0) {
        return 0;
    }
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
    assert(alloc_hint >= 0);
    memset(qiov, 0, sizeof(*qiov));
    qiov->iov = g_new(struct iovec, alloc_hint);
    qiov->niov = 0;
    qiov->nalloc = alloc_hint;
    qiov->size = 0;
}

void qemu_iovec_init_external(QEMUIOVector *qiov, struct iovec *iov, int niov)
{
    assert(niov >= 0);
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
    g_autofree struct iovec *pieces = NULL;
    unsigned int i, n;
    size_t done = 0;

    if (!sbytes) {
        return 0;
    }
    assert(dst->nalloc != -1);
    if (soffset > iov_size(src_iov, src_cnt)) {
        return 0;
    }
    /* Taken first: src_iov may be dst's own array, which add() may move. */
    pieces = g_new(struct iovec, src_cnt);
    n = iov_copy(pieces, src_cnt, src_iov, src_cnt, soffset, sbytes);
    for (i = 0; i < n; i++) {
        if (pieces[i].iov_len > 0) {
            qemu_iovec_add(dst, pieces[i].iov_base, pieces[i].iov_len);
            done += pieces[i].iov_len;
        }
    }
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

struct iovec *qemu_iovec_slice(QEMUIOVector *qiov,
                               size_t offset, size_t len,
                               size_t *head, size_t *tail, int *niov)
{
    int first, k;
    size_t first_start, slice_end;

#ifdef PLANT_NEWER_SLICE_WRAPS /* tests/implementations/newer_generation.c */
    assert(offset + len <= qiov->size);
#else
    assert(len <= qiov->size && offset <= qiov->size - len);
#endif
    *niov = find_slice(qiov, offset, len, &first, &first_start);
    *head = offset - first_start;
    slice_end = first_start;
    for (k = first; k < first + *niov; k++) {
        slice_end += qiov->iov[k].iov_len;
    }
    *tail = *niov > 0 ? slice_end - (offset + len) : 0;
    /* An empty vector may have no array at all: no arithmetic on NULL. */
    return qiov->iov == NULL ? NULL : qiov->iov + first;
}

void qemu_iovec_init_slice(QEMUIOVector *qiov, QEMUIOVector *source,
                           size_t offset, size_t len)
{
    struct iovec *slice;
    size_t head, tail;
    int niov, k;

    slice = qemu_iovec_slice(source, offset, len, &head, &tail, &niov);
    if (niov == 1) {
        qemu_iovec_init_buf(qiov, (char *)slice[0].iov_base + head, len);
        return;
    }
    qemu_iovec_init(qiov, niov);
    for (k = 0; k < niov; k++) {
        char *base = slice[k].iov_base;
        size_t entry_len = slice[k].iov_len;

        if (k == 0) {
            base += head;
            entry_len -= head;
        }
        if (k == niov - 1) {
            entry_len -= tail;
        }
        qemu_iovec_add(qiov, base, entry_len);
    }
}

bool qemu_iovec_is_zero(QEMUIOVector *qiov, size_t offset, size_t bytes)
{
    int i;

    assert(bytes <= qiov->size && offset <= qiov->size - bytes);
    for (i = 0; i < qiov->niov && bytes > 0; i++) {
        if (offset < qiov->iov[i].iov_len) {
            size_t len = MIN(qiov->iov[i].iov_len - offset, bytes);
            if (!buffer_is_zero((char *)qiov->iov[i].iov_base + offset, len)) {
                return false;
            }
            bytes -= len;
            offset = 0;
        } else {
            offset -= qiov->iov[i].iov_len;
        }
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
                return offset + len;
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

    assert(dest->nalloc != -1);
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
    assert(qiov->nalloc != -1);

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
    /* After the discard: for an embedded vector size is local_iov.iov_len. */
    qiov->size = total - bytes;
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
