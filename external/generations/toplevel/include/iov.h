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

#include "iovcheck_plain_bufs.h"

#endif
