/*
 * Planted: qemu_iovec_reset does not assert that the vector owns its array,
 * so resetting an external or embedded vector zeroes it silently.
 * The harness must report: a missed check (qemu_iovec_reset.owned must be
 * reported under every shipped profile).
 */
#define PLANT_MISSED_CHECK
#include "emulator_iov.c"
