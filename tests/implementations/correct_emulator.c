/*
 * The emulator-style implementation as it is, with no planted bug: under
 * --profile emulator the harness must report nothing.
 */
#include "emulator_iov.c"
