// Counts heap allocations made by the whole process (malloc and every
// function that allocates through it, operator new included), so that a
// benchmark can report how many allocations one call of an operation makes.
#pragma once

#include <cstdint>

namespace iovcheck::bench {

// False when the count is unavailable: under ASan (its runtime owns malloc)
// the counter is not compiled in and allocation_count() stays 0.
bool allocation_counting_available();

// Allocations (malloc, calloc, realloc, memalign, aligned_alloc,
// posix_memalign, valloc, pvalloc) since the start of the process.
std::uint64_t allocation_count();

}  // namespace iovcheck::bench
