/*
 * The header inlines and macros of the API (api_functions.h,
 * IOVCHECK_API_HEADER_ENTRIES) as an implementation sees them, exported under
 * names of their own for the IovImpl table.  C, because QEMU_IOVEC_INIT_BUF
 * is a C designated initializer (of anonymous union members).
 *
 * Compiled twice: for core/ (iovcheck_core_<name>), and for the external
 * implementation with -DIOVCHECK_EXTERNAL_ENTRIES and the renaming header
 * (iovcheck_external_<name>), so that there iov_from_buf is the header's
 * inline calling ext_iov_from_buf_full.
 */
#include <iovcheck/api_functions.h>

#ifdef IOVCHECK_EXTERNAL_ENTRIES
#define IOVCHECK_ENTRY(name) iovcheck_external_##name
/* Weak references: the external sources may lack any function (absent);
 * the table then leaves out the entries built on it, and nothing calls them.
 * (Only the functions the header declares: a newer generation's is neither
 * declared nor called here.) */
#define IOVCHECK_PRAGMA(text) _Pragma(#text)
#define IOVCHECK_WEAK_REFERENCE_every(symbol) IOVCHECK_PRAGMA(weak symbol)
#define IOVCHECK_WEAK_REFERENCE_newer(symbol)
/* ext_ is pasted here, before the renaming header could expand `name`. */
#define IOVCHECK_WEAK_REFERENCE(return_type, name, parameters, generation) \
    IOVCHECK_WEAK_REFERENCE_##generation(ext_##name)
IOVCHECK_API_FUNCTIONS(IOVCHECK_WEAK_REFERENCE)
#else
#define IOVCHECK_ENTRY(name) iovcheck_core_##name
#endif

#include <iovcheck/iov.h>

/* Declared before they are defined, as -Wmissing-declarations asks. */
#define IOVCHECK_DECLARE_ENTRY(return_type, name, parameters, built_on) \
    return_type IOVCHECK_ENTRY(name) parameters;
IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_DECLARE_ENTRY)

size_t IOVCHECK_ENTRY(iov_from_buf)(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                                    const void *buf, size_t bytes)
{
    return iov_from_buf(iov, iov_cnt, offset, buf, bytes);
}

size_t IOVCHECK_ENTRY(iov_to_buf)(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                                  void *buf, size_t bytes)
{
    return iov_to_buf(iov, iov_cnt, offset, buf, bytes);
}

void IOVCHECK_ENTRY(qemu_iovec_init_buf)(QEMUIOVector *qiov, void *buf, size_t len)
{
    qemu_iovec_init_buf(qiov, buf, len);
}

void IOVCHECK_ENTRY(qemu_iovec_init_buf_macro)(QEMUIOVector *qiov, void *buf, size_t len)
{
    QEMUIOVector initialized = QEMU_IOVEC_INIT_BUF(*qiov, buf, len);
    *qiov = initialized;
}

void *IOVCHECK_ENTRY(qemu_iovec_buf)(QEMUIOVector *qiov)
{
    return qemu_iovec_buf(qiov);
}
