// Counts this thread's heap allocations, whoever makes them.
//
// Without a sanitizer the executable defines the malloc family itself (the
// glibc manual's "Replacing malloc": definitions in the executable interpose
// for every library of the process, libstdc++'s operator new included) and
// forwards to glibc's allocator through its exported __libc_* entry points,
// so every pointer still belongs to glibc.  -Wl,--wrap=malloc would only see
// the calls made by the binary's own objects, not operator new inside
// libstdc++.so, and would miss allocations an implementation makes through
// std::string or std::vector members compiled into libstdc++.
//
// Under ASan the runtime owns malloc (defining it again would clash); it
// offers allocation hooks instead, which it calls for every allocation.
#include <iovcheck/alloc_count.h>

#include "counters.h"

#include <cstddef>

#if defined(__SANITIZE_ADDRESS__)
#define IOVCHECK_FAULTS_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define IOVCHECK_FAULTS_ASAN 1
#endif
#endif

#if defined(__has_feature)
#if __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define IOVCHECK_FAULTS_NO_ALLOC_COUNT 1
#endif
#endif

namespace iovcheck::faults {

namespace detail {
thread_local uint64_t t_allocations = 0;
thread_local unsigned t_counting_paused = 0;
}  // namespace detail

uint64_t allocations() { return detail::t_allocations; }

#ifdef IOVCHECK_FAULTS_NO_ALLOC_COUNT
bool allocation_counting_available() { return false; }
#else
bool allocation_counting_available() { return true; }
#endif

}  // namespace iovcheck::faults

#if defined(IOVCHECK_FAULTS_ASAN)

#include <sanitizer/allocator_interface.h>

namespace {

void on_malloc(const volatile void *, size_t) { iovcheck::faults::detail::count_allocation(); }
void on_free(const volatile void *) {}

// Installed before main so that every test sees the hook.
[[maybe_unused]] const int hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free);

}  // namespace

#elif !defined(IOVCHECK_FAULTS_NO_ALLOC_COUNT)

extern "C" {
void *__libc_malloc(size_t size);
void *__libc_calloc(size_t count, size_t size);
void *__libc_realloc(void *ptr, size_t size);
void *__libc_memalign(size_t alignment, size_t size);
void *__libc_valloc(size_t size);
void __libc_free(void *ptr);
}

using iovcheck::faults::detail::count_allocation;

extern "C" {

void *malloc(size_t size)
{
    count_allocation();
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size)
{
    count_allocation();
    return __libc_calloc(count, size);
}

void *realloc(void *ptr, size_t size)
{
    count_allocation();
    return __libc_realloc(ptr, size);
}

void free(void *ptr) { __libc_free(ptr); }

void *memalign(size_t alignment, size_t size)
{
    count_allocation();
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size)
{
    count_allocation();
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size)
{
    // glibc's rule: a power of two multiple of sizeof(void *).
    if (alignment % sizeof(void *) != 0 || (alignment & (alignment - 1)) != 0) {
        return 22;  // EINVAL
    }
    count_allocation();
    void *p = __libc_memalign(alignment, size);
    if (!p) {
        return 12;  // ENOMEM
    }
    *out = p;
    return 0;
}

void *valloc(size_t size)
{
    count_allocation();
    return __libc_valloc(size);
}

}  // extern "C"

#endif
