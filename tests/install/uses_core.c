/*
 * A C program using the installed core library the way another project
 * would: through <iovcheck/iov.h>, linked by the C compiler with nothing but
 * what find_package(iovcheck) or `pkg-config --libs iovcheck` gives.  Every
 * result is checked; a wrong one exits 1 with one line naming it.
 */
#include <iovcheck/iov.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void expect(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "uses_core: wrong result: %s\n", what);
        ++failures;
    }
}

static const char *reported_function;

static void remember_violation(const char *function, const char *message)
{
    (void)message;
    reported_function = function;
}

int main(void)
{
    /* Two segments of one buffer with a gap: a below b. */
    char memory[16] = "abc.....defgh";
    char *a = memory, *b = memory + 8;
    struct iovec iov[2] = {{a, 3}, {b, 5}};
    char flat[9] = {0};

    expect(iov_size(iov, 2) == 8, "iov_size");
    expect(iov_to_buf(iov, 2, 1, flat, 6) == 6 && memcmp(flat, "bcdefg", 6) == 0, "iov_to_buf");

    /* The owned vector, its growth and the clone (which sorts addresses). */
    QEMUIOVector owned, cloned;
    qemu_iovec_init(&owned, 0);
    qemu_iovec_add(&owned, b, 5);
    qemu_iovec_add(&owned, a, 3);
    qemu_iovec_init(&cloned, 0);
    char base[8];
    qemu_iovec_clone(&cloned, &owned, base);
    expect(cloned.niov == 2 && cloned.size == 8, "qemu_iovec_clone shape");
    expect(cloned.iov[0].iov_base == base + 3 && cloned.iov[1].iov_base == base,
           "qemu_iovec_clone bases (a's bytes come first in the union)");

    QEMUIOVector slice;
    qemu_iovec_init_slice(&slice, &owned, 2, 4);
    expect(slice.niov == 2 && slice.size == 4, "qemu_iovec_init_slice");
    qemu_iovec_destroy(&slice);

    /* Lenient mode: a violation is reported and the call has no effect. */
    iov_set_contract_handler(remember_violation);
    expect(iov_memset(iov, 2, 9, 0, 1) == 0, "iov_memset past the end returns 0");
    expect(reported_function != NULL && strcmp(reported_function, "iov_memset") == 0,
           "the violation names iov_memset");
    iov_set_contract_handler(NULL);

    qemu_iovec_destroy(&cloned);
    qemu_iovec_destroy(&owned);
    if (failures == 0) {
        puts("uses_core: all results as expected");
    }
    return failures == 0 ? 0 : 1;
}
