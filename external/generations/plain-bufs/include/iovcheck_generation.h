/*
 * What an adapter of external/generations/adapters sees of this
 * generation: the API's names as the harness calls them, and the
 * generation's own forms under the names its header gives them.
 */
#define IOVCHECK_GENERATION_ADAPTER 1
#include "qemu/iov.h"
