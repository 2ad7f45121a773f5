/*
 * The header inlines and macros of the API as the external implementation
 * sees them: compiled, like the external sources, with external/rename.h, so
 * iov_from_buf here is the header's inline calling ext_iov_from_buf_full.
 * Exported under names of their own for the IovImpl table.
 */
#include <iovcheck/iov.h>

size_t iovcheck_external_iov_from_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                                      const void *buf, size_t bytes)
{
    return iov_from_buf(iov, iov_cnt, offset, buf, bytes);
}

size_t iovcheck_external_iov_to_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                                    void *buf, size_t bytes)
{
    return iov_to_buf(iov, iov_cnt, offset, buf, bytes);
}

ssize_t iovcheck_external_iov_send_recv(int sockfd, const struct iovec *iov, unsigned int iov_cnt,
                                        size_t offset, size_t bytes, bool do_send)
{
    return do_send ? iov_send(sockfd, iov, iov_cnt, offset, bytes)
                   : iov_recv(sockfd, iov, iov_cnt, offset, bytes);
}

void iovcheck_external_qemu_iovec_init_buf(QEMUIOVector *qiov, void *buf, size_t len)
{
    qemu_iovec_init_buf(qiov, buf, len);
}

void iovcheck_external_qemu_iovec_init_buf_macro(QEMUIOVector *qiov, void *buf, size_t len)
{
    QEMUIOVector initialized = QEMU_IOVEC_INIT_BUF(*qiov, buf, len);
    *qiov = initialized;
}

void *iovcheck_external_qemu_iovec_buf(QEMUIOVector *qiov)
{
    return qemu_iovec_buf(qiov);
}
