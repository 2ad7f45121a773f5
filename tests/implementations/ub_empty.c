/*
 * Planted: qemu_iovec_clone copies the source's array with memcpy even when
 * it has no entries, where both pointers are NULL (g_new of 0 entries).
 * The harness must report: undefined behaviour (UBSan: null pointer passed
 * as an argument declared never null, in qemu_iovec_clone).
 */
#define PLANT_UB_EMPTY
#include "emulator_iov.c"
