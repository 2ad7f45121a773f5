/*
 * Planted: qemu_iovec_discard_back subtracts the bytes from size after
 * iov_discard_back has shortened the entries; for an embedded vector
 * local_iov.iov_len and size are one object (QEMUIOVector's union), so it
 * is subtracted twice.
 * The harness must report: a wrong result (the vector's size after
 * qemu_iovec_discard_back on an embedded vector).
 */
#define PLANT_UNION_ALIAS
#include "emulator_iov.c"
