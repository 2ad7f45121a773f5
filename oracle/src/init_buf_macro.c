/* QEMU_IOVEC_INIT_BUF is a C designated initializer (of anonymous union
 * members), so the oracle reaches it through this C translation unit. */
#include <iovcheck/iov.h>

void iovcheck_core_init_buf_macro(QEMUIOVector *qiov, void *buf, size_t len)
{
    QEMUIOVector initialized = QEMU_IOVEC_INIT_BUF(*qiov, buf, len);
    *qiov = initialized;
}
