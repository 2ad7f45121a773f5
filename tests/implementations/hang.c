/*
 * Planted: iov_memset never passes over a zero-length entry at the current
 * offset (its loop does not advance).
 * The harness must report: a hang (iov_memset does not return).
 */
#define PLANT_HANG
#include "emulator_iov.c"
