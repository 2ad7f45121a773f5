/*
 * For the generation headers of external/generations whose iov_from_buf
 * and iov_to_buf are plain functions and whose iov_send_recv takes a
 * non-const array (it changes the entries while it works, and restores
 * them): the API of SPEC.md (<iovcheck/iov.h>, with SPEC.md's
 * QEMUIOVector layout) with those three declared as the generation has
 * them.  The API's inlines and its const iov_send_recv are declared under
 * other names, so that the generation's definitions do not conflict.
 */
#ifndef IOVCHECK_COMPAT_PLAIN_BUFS_H
#define IOVCHECK_COMPAT_PLAIN_BUFS_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"

#pragma push_macro("iov_from_buf")
#pragma push_macro("iov_to_buf")
#pragma push_macro("iov_send_recv")
#undef iov_send_recv
#define iov_from_buf iovcheck_api_iov_from_buf
#define iov_to_buf iovcheck_api_iov_to_buf
#define iov_send_recv iovcheck_api_iov_send_recv
#include <iovcheck/iov.h>
#pragma pop_macro("iov_from_buf")
#pragma pop_macro("iov_to_buf")
#pragma pop_macro("iov_send_recv")

size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                    const void *buf, size_t bytes);
size_t iov_to_buf(const struct iovec *iov, const unsigned int iov_cnt, size_t offset, void *buf,
                  size_t bytes);
ssize_t iov_send_recv(int sockfd, struct iovec *iov, unsigned iov_cnt, size_t offset,
                      size_t bytes, bool do_send);

#endif
