/*
 * The newer generation of external/generations/newer (qemu_iovec_slice, no
 * init_extended, offsets past the end tolerated by the byte movers, iov_copy
 * and concat_iov), built with its header and adapter:
 *   ci/conformance --impl tests/implementations/newer_generation.c \
 *       external/generations/newer/adapter.c --include external/generations/newer/include
 * Planted: qemu_iovec_slice tests its range as `offset + len <= size`, which
 * wraps, so a huge offset with a small length is not reported.
 * The harness must report: a missed check of qemu_iovec_subvec_niov.range_inside
 * and qemu_iovec_init_slice.range_inside (both go through qemu_iovec_slice).
 */
#define PLANT_NEWER_SLICE_WRAPS
#include "../../external/generations/newer/iov.c"
