// Counts the heap allocations of the calling thread, whoever makes them
// (faults/src/count_allocations.cpp says how).  Its own OBJECT library,
// iovcheck_alloc_count, so that any binary (a benchmark too) can use it
// without the fault layer's socket wrapping.
#pragma once

#include <cstdint>

namespace iovcheck::faults {

// Heap allocations this thread made since it started: every malloc,
// calloc, realloc, memalign, aligned_alloc, posix_memalign, valloc and
// operator new (which allocates through malloc), by any code of the process.
uint64_t allocations();
// False when this build cannot count them (then allocations() stays 0).
bool allocation_counting_available();

}  // namespace iovcheck::faults
