// Per-thread counters shared by the socket and allocation wrappers.
#pragma once

#include <cstdint>

namespace iovcheck::faults::detail {

// initial-exec: the executable's own TLS, usable from inside malloc.
extern thread_local uint64_t t_socket_calls __attribute__((tls_model("initial-exec")));
extern thread_local uint64_t t_allocations __attribute__((tls_model("initial-exec")));
extern thread_local unsigned t_counting_paused __attribute__((tls_model("initial-exec")));

// The layer's own bookkeeping (a session's logs) is not the implementation's
// allocation: allocations made while one of these lives are not counted.
struct CountingPause {
    CountingPause() { ++t_counting_paused; }
    ~CountingPause() { --t_counting_paused; }
    CountingPause(const CountingPause &) = delete;
    CountingPause &operator=(const CountingPause &) = delete;
};

inline void count_allocation()
{
    if (t_counting_paused == 0) {
        ++t_allocations;
    }
}

}  // namespace iovcheck::faults::detail
