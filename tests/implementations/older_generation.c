/*
 * The older generation of external/generations/older (plain iov_from_buf and
 * iov_to_buf, no undo, no init_extended/init_slice/subvec_niov), built with
 * its header and adapter:
 *   ci/conformance --impl tests/implementations/older_generation.c \
 *       external/generations/older/adapter.c --include external/generations/older/include
 * Planted: iov_copy's loop runs while j <= dst_iov_cnt, so when the range
 * meets more source entries than dst has room for, it writes one entry past
 * the end of dst.
 * The harness must report: a memory error (an out-of-bounds store past
 * dst[dst_iov_cnt - 1] in iov_copy; the oracle sees its guard entry changed).
 */
#define PLANT_OLDER_COPY_OVERRUN
#include "../../external/generations/older/iov.c"
