/*
 * Planted: qemu_iovec_concat_iov walks the source array while
 * qemu_iovec_add appends to the destination; when they are one vector
 * (qemu_iovec_concat(q, q, ...)) the array is reallocated under the walk.
 * The harness must report: a memory error (ASan heap-use-after-free read in
 * qemu_iovec_concat_iov).
 */
#define PLANT_STALE_POINTER
#include "emulator_iov.c"
