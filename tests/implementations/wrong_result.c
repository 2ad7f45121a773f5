/*
 * Planted: qemu_iovec_compare returns the start of the entry holding the
 * first differing byte instead of the byte's own offset.
 * The harness must report: a wrong result (qemu_iovec_compare's return).
 */
#define PLANT_WRONG_RESULT
#include "emulator_iov.c"
