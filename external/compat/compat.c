/*
 * Definitions behind the compatibility headers: glib-style allocation,
 * buffer_is_zero and qemu_hexdump.  buffer_is_zero and qemu_hexdump are
 * weak, so an external source set that brings its own wins.  Compiled with
 * external/rename.h like the external sources.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"

static void out_of_memory(size_t count, size_t size)
{
    fprintf(stderr, "iovcheck external compat: out of memory (%zu x %zu bytes)\n", count, size);
    abort();
}

void *iovcheck_compat_alloc(size_t count, size_t size, bool zeroed)
{
    if (count == 0 || size == 0) {
        return NULL;
    }
    if (count > SIZE_MAX / size) {
        out_of_memory(count, size);
    }
    void *memory = zeroed ? calloc(count, size) : malloc(count * size);
    if (memory == NULL) {
        out_of_memory(count, size);
    }
    return memory;
}

void *iovcheck_compat_realloc(void *memory, size_t count, size_t size)
{
    if (count == 0 || size == 0) {
        free(memory);
        return NULL;
    }
    if (count > SIZE_MAX / size) {
        out_of_memory(count, size);
    }
    void *grown = realloc(memory, count * size);
    if (grown == NULL) {
        out_of_memory(count, size);
    }
    return grown;
}

void iovcheck_compat_autofree(void *pointer_to_pointer)
{
    free(*(void **)pointer_to_pointer);
}

__attribute__((weak)) bool buffer_is_zero(const void *buf, size_t len)
{
    const unsigned char *bytes = buf;
    for (size_t i = 0; i < len; i++) {
        if (bytes[i] != 0) {
            return false;
        }
    }
    return true;
}

__attribute__((weak)) void qemu_hexdump(FILE *fp, const char *prefix, const void *buf, size_t size)
{
    const unsigned char *bytes = buf;
    for (size_t line = 0; line < size; line += 16) {
        size_t count = MIN(size - line, 16);
        fprintf(fp, "%s: %04zx:", prefix, line);
        for (size_t slot = 0; slot < 16; slot++) {
            if (slot % 4 == 0) {
                fputc(' ', fp);
            }
            if (slot < count) {
                fprintf(fp, " %02x", bytes[line + slot]);
            } else {
                fputs("   ", fp);
            }
        }
        fputc(' ', fp);
        for (size_t i = 0; i < count; i++) {
            signed char c = (signed char)bytes[line + i];
            fputc(c < ' ' || c > '~' ? '.' : c, fp);
        }
        fputc('\n', fp);
    }
}
