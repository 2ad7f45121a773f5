// The default contract handler (SPEC.md): with no handler installed (or
// after iov_set_contract_handler(NULL)), a violation prints the function's
// name and the offending values to stderr, then aborts.  Every other
// property runs with the oracle's handler, so this one forks: the child
// restores the default handler, makes one generated out-of-contract call,
// and the parent checks that the child aborted before returning, with the
// function named on stderr.
//
// Under the `coverage` preset the child's counters would be lost with the
// abort: the child's SIGABRT handler writes them first (when the profile
// runtime is linked in), then exits with kAbortedStatus.
//
// Seen to fail on a deliberately broken core/: see properties/BITES.md.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <csignal>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "property_support.h"

extern "C" int __llvm_profile_write_file(void) __attribute__((weak));

namespace iovcheck::props {
namespace {

constexpr int kAbortedStatus = 86;     // the child's SIGABRT handler exits with this
constexpr int kReturnedStatus = 87;    // the call returned: no abort
constexpr int kUnwoundStatus = 88;     // an exception escaped: not the default handler

void on_abort(int)
{
    if (__llvm_profile_write_file) {
        __llvm_profile_write_file();
    }
    _exit(kAbortedStatus);
}

// One out-of-contract call, in the child, and the function name it must report.
struct Violation {
    const char *function;
    void (*call)(const IovImpl &, struct iovec *, unsigned, uint64_t);
};

const Violation kViolations[] = {
    {"iov_from_buf_full",
     [](const IovImpl &impl, struct iovec *iov, unsigned cnt, uint64_t off) {
         char buf[1] = {};
         impl.iov_from_buf_full(iov, cnt, off, buf, 1);
     }},
    {"iov_to_buf_full",
     [](const IovImpl &impl, struct iovec *iov, unsigned cnt, uint64_t off) {
         char buf[1] = {};
         impl.iov_to_buf_full(iov, cnt, off, buf, 1);
     }},
    {"iov_memset", [](const IovImpl &impl, struct iovec *iov, unsigned cnt, uint64_t off) { impl.iov_memset(iov, cnt, off, 0, 1); }},
    {"iov_send_recv",
     [](const IovImpl &impl, struct iovec *iov, unsigned cnt, uint64_t off) { impl.iov_send_recv(-1, iov, cnt, off, 1, true); }},
    {"iov_copy",
     [](const IovImpl &impl, struct iovec *iov, unsigned cnt, uint64_t off) {
         struct iovec dst[1];
         impl.iov_copy(dst, 1, iov, cnt, off, 1);
     }},
    {"qemu_iovec_init", [](const IovImpl &impl, struct iovec *, unsigned, uint64_t) {
         QEMUIOVector q;
         impl.qemu_iovec_init(&q, -1);
     }},
};

RC_GTEST_PROP(Contract, DefaultHandlerNamesTheFunctionAndAborts, ())
{
    const Layout layout = *separate_layout();
    const uint64_t off = *position_past_end(layout);
    const Violation &v = kViolations[*index_below(std::size(kViolations))];
    RC_TAG(v.function);
    const IovImpl &impl = impl_under_test();

    int err_pipe[2];
    RC_ASSERT(pipe(err_pipe) == 0);
    const pid_t child = fork();
    RC_ASSERT(child >= 0);
    if (child == 0) {
        dup2(err_pipe[1], STDERR_FILENO);
        close(err_pipe[0]);
        signal(SIGABRT, on_abort);
        // The caller's memory: never touched, the call must abort first.
        std::vector<std::vector<char>> bytes;
        std::vector<struct iovec> iov;
        for (size_t len : layout.seg_len) {
            bytes.emplace_back(len);
            iov.push_back({bytes.back().data(), len});
        }
        impl.set_contract_handler(nullptr);
        try {
            v.call(impl, iov.data(), static_cast<unsigned>(iov.size()), off);
        } catch (...) {
            _exit(kUnwoundStatus);
        }
        _exit(kReturnedStatus);
    }
    close(err_pipe[1]);
    std::string text;
    char chunk[256];
    for (ssize_t n; (n = read(err_pipe[0], chunk, sizeof chunk)) != 0;) {
        if (n < 0) {
            RC_ASSERT(errno == EINTR);
            continue;
        }
        text.append(chunk, static_cast<size_t>(n));
    }
    close(err_pipe[0]);
    int status = 0;
    while (waitpid(child, &status, 0) < 0) {
        RC_ASSERT(errno == EINTR);
    }
    const bool aborted = WIFEXITED(status) && WEXITSTATUS(status) == kAbortedStatus;
    if (!aborted) {
        RC_FAIL(std::string("the default handler did not abort: ") + v.function + " with offset " +
                std::to_string(off) + " on\n" + describe(layout) + "child status " + std::to_string(status) +
                ", stderr: " + text);
    }
    if (text.find(v.function) == std::string::npos) {
        RC_FAIL(std::string("the default handler's message does not name ") + v.function + ": " + text);
    }
    // The offending value: the offset (or the negative hint).
    const std::string value = std::string(v.function) == "qemu_iovec_init" ? "-1" : std::to_string(off);
    if (text.find(value) == std::string::npos) {
        RC_FAIL("the default handler's message does not show the offending value " + value + ": " + text);
    }
}

}  // namespace
}  // namespace iovcheck::props
