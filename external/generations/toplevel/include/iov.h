/*
 * "iov.h" of the oldest generations, whose iov.c sits at the top of the
 * tree and includes only this header: plain iov_from_buf and iov_to_buf, a
 * non-const iov_send_recv (it changes the array while it works, and
 * restores it), iov_hexdump without the ASCII column, and of the
 * QEMUIOVector functions only init, init_external, add, concat (void),
 * reset, destroy and the byte movers; everything else is absent.
 *
 *   ci/conformance --impl iov.c external/generations/adapters/bufs_full_on_plain.c \
 *       --include external/generations/toplevel/include --profile emulator
 *
 * Why not the generation's own header: its QEMUIOVector (then in
 * qemu-common.h) has no local_iov, so the vectors the harness builds with
 * SPEC.md's layout would be misread; the generation's code names only the
 * fields, so it compiles unchanged against SPEC.md's layout.  Written from
 * SPEC.md and the names the generation's iov.c uses.
 */
#ifndef IOVCHECK_GENERATION_IOV_H
#define IOVCHECK_GENERATION_IOV_H

#include "qemu/osdep.h"
#include "qemu/cutils.h"

/* The API's inlines and its const iov_send_recv are declared under other
 * names, so that the generation's plain functions do not conflict. */
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
