// The replaceable contract-violation handler.
#include <iovcheck/iov.h>

#include "internal.h"

#include <atomic>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>

namespace {

void default_contract_handler(const char *function, const char *message)
{
    std::fprintf(stderr, "iovcheck: contract violation in %s: %s\n", function, message);
    std::fflush(stderr);
    std::abort();
}

// Atomic so that a harness thread may swap handlers while others report.
std::atomic<iov_contract_handler> installed_handler{default_contract_handler};

}  // namespace

extern "C" iov_contract_handler iov_set_contract_handler(iov_contract_handler handler)
{
    return installed_handler.exchange(handler ? handler : default_contract_handler);
}

extern "C" void iov_contract_violation(const char *function, const char *format, ...)
{
    char message[256];
    va_list args;
    va_start(args, format);
    std::vsnprintf(message, sizeof message, format, args);
    va_end(args);
    installed_handler.load()(function, message);
}
