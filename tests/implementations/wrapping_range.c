/*
 * Planted: qemu_iovec_is_zero tests its range as `offset + bytes <= size`,
 * which wraps: a huge offset with a small count passes the assert and the
 * walk to the offset runs past the end of the array.
 * The harness must report: a memory error (ASan heap-buffer-overflow read in
 * iov_skip_offset), or, without ASan, a missed check of
 * qemu_iovec_is_zero.range_inside.
 */
#define PLANT_WRAPPING_RANGE
#include "emulator_iov.c"
