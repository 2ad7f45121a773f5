/* The emulator's "qemu/sockets.h" as an iovec implementation uses it. */
#ifndef IOVCHECK_COMPAT_QEMU_SOCKETS_H
#define IOVCHECK_COMPAT_QEMU_SOCKETS_H

#include <errno.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

/* The error of the last socket call (errno on POSIX hosts). */
#define socket_error() errno

#endif
