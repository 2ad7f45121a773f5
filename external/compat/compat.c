/*
 * Definitions behind the compatibility headers: glib-style allocation,
 * buffer_is_zero and qemu_hexdump.  buffer_is_zero and qemu_hexdump are
 * weak, so an external source set that brings its own wins.  Compiled with
 * external/rename.h like the external sources.
 */
#include "qemu/osdep.h"
#include "qemu/cutils.h"
#include "abandoned.h"

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
    iovcheck_compat_track(memory);
    return memory;
}

void *iovcheck_compat_realloc(void *memory, size_t count, size_t size)
{
    if (count == 0 || size == 0) {
        iovcheck_compat_free(memory);
        return NULL;
    }
    if (count > SIZE_MAX / size) {
        out_of_memory(count, size);
    }
    iovcheck_compat_untrack(memory);
    void *grown = realloc(memory, count * size);
    if (grown == NULL) {
        out_of_memory(count, size);
    }
    iovcheck_compat_track(grown);
    return grown;
}

void iovcheck_compat_free(void *memory)
{
    iovcheck_compat_untrack(memory);
    free(memory);
}

void iovcheck_compat_autofree(void *pointer_to_pointer)
{
    iovcheck_compat_free(*(void **)pointer_to_pointer);
}

/*
 * buffer_is_zero as the emulator has it: vectorized.  With SSE2 (every
 * x86-64): the unaligned first and last 16 bytes, then the aligned 16-byte
 * vectors between them OR-ed together, tested every 64 bytes.  Short buffers
 * and other targets: a machine word at a time.
 */
#ifdef __SSE2__
#include <emmintrin.h>

static bool vector_is_zero(__m128i v)
{
    return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) == 0xffff;
}

static bool buffer_is_zero_sse2(const unsigned char *p, size_t len)
{
    const unsigned char *end = p + len;
    __m128i any = _mm_or_si128(_mm_loadu_si128((const __m128i *)p),
                               _mm_loadu_si128((const __m128i *)(end - 16)));
    /* [p, v) and [last, end) are inside the two unaligned loads. */
    const __m128i *v = (const __m128i *)(((uintptr_t)p + 16) & ~(uintptr_t)15);
    const __m128i *last = (const __m128i *)((uintptr_t)(end - 1) & ~(uintptr_t)15);
    for (; last - v >= 4; v += 4) {
        if (!vector_is_zero(any)) {
            return false;
        }
        any = _mm_or_si128(_mm_or_si128(_mm_load_si128(v), _mm_load_si128(v + 1)),
                           _mm_or_si128(_mm_load_si128(v + 2), _mm_load_si128(v + 3)));
    }
    for (; v < last; v++) {
        any = _mm_or_si128(any, _mm_load_si128(v));
    }
    return vector_is_zero(any);
}
#endif

__attribute__((weak)) bool buffer_is_zero(const void *buf, size_t len)
{
    const unsigned char *bytes = buf;
#ifdef __SSE2__
    if (len >= 64) {
        return buffer_is_zero_sse2(bytes, len);
    }
#endif
    size_t i = 0;
    for (; i + sizeof(uint64_t) <= len; i += sizeof(uint64_t)) {
        uint64_t word;
        memcpy(&word, bytes + i, sizeof word);
        if (word != 0) {
            return false;
        }
    }
    for (; i < len; i++) {
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

void iovcheck_compat_hexdump_buffer_first(const char *buf, FILE *fp, const char *prefix,
                                          size_t size)
{
    qemu_hexdump(fp, prefix, buf, size);
}
