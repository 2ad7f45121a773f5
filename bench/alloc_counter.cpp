// Replaces glibc's malloc family in the benchmark executable (the manual's
// "Replacing malloc": an executable that defines these symbols interposes
// them for every library of the process, libstdc++'s operator new included).
// Each replacement counts and forwards to glibc's own allocator through its
// exported __libc_* entry points, so every pointer still belongs to glibc and
// the functions we do not replace (malloc_usable_size, reallocarray...) keep
// working on it.
#include "alloc_counter.h"

#include <atomic>
#include <cerrno>
#include <cstddef>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define IOVCHECK_BENCH_RUNTIME_OWNS_MALLOC 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define IOVCHECK_BENCH_RUNTIME_OWNS_MALLOC 1
#endif
#endif

namespace iovcheck::bench {
namespace {
// Constant-initialised: malloc runs before any dynamic initialiser.
std::atomic<std::uint64_t> allocations{0};
}  // namespace

#ifdef IOVCHECK_BENCH_RUNTIME_OWNS_MALLOC
bool allocation_counting_available() { return false; }
#else
bool allocation_counting_available() { return true; }
#endif

std::uint64_t allocation_count() { return allocations.load(std::memory_order_relaxed); }

}  // namespace iovcheck::bench

#ifndef IOVCHECK_BENCH_RUNTIME_OWNS_MALLOC

extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void *__libc_valloc(size_t size);
void *__libc_pvalloc(size_t size);
void __libc_free(void *ptr);
}

namespace {
void count_one_allocation()
{
    iovcheck::bench::allocations.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {

void *malloc(size_t size)
{
    count_one_allocation();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    count_one_allocation();
    return __libc_calloc(count, size);
}

void *realloc(void *ptr, size_t size)
{
    count_one_allocation();
    return __libc_realloc(ptr, size);
}

void free(void *ptr) { __libc_free(ptr); }

void *memalign(size_t alignment, size_t size)
{
    count_one_allocation();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    count_one_allocation();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    bool power_of_two = alignment != 0 && (alignment & (alignment - 1)) == 0;
    if (!power_of_two || alignment % sizeof(void *) != 0) {
        return EINVAL;
    }
    count_one_allocation();
    void *ptr = __libc_memalign(alignment, size);
    if (ptr == nullptr) {
        return ENOMEM;
    }
    *out = ptr;
    return 0;
}

void *valloc(size_t size)
{
    count_one_allocation();
    return __libc_valloc(size);
}

void *pvalloc(size_t size)
{
    count_one_allocation();
    return __libc_pvalloc(size);
}

}  // extern "C"

#endif  // IOVCHECK_BENCH_RUNTIME_OWNS_MALLOC
