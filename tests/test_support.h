// Helpers shared by the example tests of core/.
#pragma once

#include <iovcheck/iov.h>

#include <gtest/gtest.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

namespace iovcheck::test {

// A set of segments cut from one backing buffer (so the stream is easy to
// reason about), with optional gaps so that neighbouring segments never touch.
// backing[i] = static_cast<unsigned char>(i) unless filled otherwise.
struct Layout {
    std::vector<unsigned char> backing;
    std::vector<struct iovec> iov;

    // lengths[k] is the length of segment k; each segment starts `gap` bytes
    // after the end of the previous one.
    explicit Layout(std::vector<size_t> lengths, size_t gap = 3)
    {
        size_t total = 0;
        for (size_t len : lengths) {
            total += len + gap;
        }
        backing.resize(total + 1);
        for (size_t i = 0; i < backing.size(); ++i) {
            backing[i] = static_cast<unsigned char>(i);
        }
        size_t at = gap;
        for (size_t len : lengths) {
            iov.push_back({backing.data() + at, len});
            at += len + gap;
        }
    }

    unsigned cnt() const { return static_cast<unsigned>(iov.size()); }

    // The stream's bytes, read through the segments by hand.
    std::vector<unsigned char> stream() const
    {
        std::vector<unsigned char> bytes;
        for (const struct iovec &segment : iov) {
            const unsigned char *p = static_cast<const unsigned char *>(segment.iov_base);
            bytes.insert(bytes.end(), p, p + segment.iov_len);
        }
        return bytes;
    }
};

// Installs a handler that returns (lenient mode) and counts the reports;
// restores the previous handler on destruction.
class LenientMode {
public:
    LenientMode() { previous_ = iov_set_contract_handler(&LenientMode::record); }
    ~LenientMode() { iov_set_contract_handler(previous_); }
    LenientMode(const LenientMode &) = delete;
    LenientMode &operator=(const LenientMode &) = delete;

    static int reports() { return reports_; }
    static const std::string &last_function() { return last_function_; }
    static const std::string &last_message() { return last_message_; }

private:
    static void record(const char *function, const char *message)
    {
        ++reports_;
        last_function_ = function;
        last_message_ = message;
    }

    iov_contract_handler previous_;
    static inline int reports_ = 0;
    static inline std::string last_function_;
    static inline std::string last_message_;
};

// Bitwise equality of two iovec arrays.
inline bool same_entries(const std::vector<struct iovec> &a, const std::vector<struct iovec> &b)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (size_t k = 0; k < a.size(); ++k) {
        if (a[k].iov_base != b[k].iov_base || a[k].iov_len != b[k].iov_len) {
            return false;
        }
    }
    return true;
}

}  // namespace iovcheck::test
