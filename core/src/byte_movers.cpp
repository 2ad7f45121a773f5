// Byte movers: one memcpy/memset per segment met, after the start segment is
// found and the precondition `offset <= size` has been checked.
#include <iovcheck/iov.h>

#include "internal.h"

#include <cstring>

namespace iovcheck::detail {

namespace {

// Finds `offset` or reports `offset > size`; false means "return neutral".
bool seek_checked(const char *function, const struct iovec *iov, unsigned cnt,
                  size_t offset, StreamCursor *cursor)
{
    if (seek(iov, cnt, offset, cursor)) {
        return true;
    }
    iov_contract_violation(function, "offset=%zu is past size=%zu", offset, iov_size(iov, cnt));
    return false;
}

}  // namespace

size_t copy_from_buf(const char *function, const struct iovec *iov, unsigned cnt,
                     size_t offset, const void *buf, size_t bytes)
{
    StreamCursor start;
    if (!seek_checked(function, iov, cnt, offset, &start)) {
        return 0;
    }
    const char *source = static_cast<const char *>(buf);
    return for_each_chunk(iov, cnt, start, bytes, [source](char *p, size_t n, size_t done) {
        std::memcpy(p, source + done, n);
        return true;
    });
}

size_t copy_to_buf(const char *function, const struct iovec *iov, unsigned cnt,
                   size_t offset, void *buf, size_t bytes)
{
    StreamCursor start;
    if (!seek_checked(function, iov, cnt, offset, &start)) {
        return 0;
    }
    char *target = static_cast<char *>(buf);
    return for_each_chunk(iov, cnt, start, bytes, [target](char *p, size_t n, size_t done) {
        std::memcpy(target + done, p, n);
        return true;
    });
}

size_t fill_bytes(const char *function, const struct iovec *iov, unsigned cnt,
                  size_t offset, int fillc, size_t bytes)
{
    StreamCursor start;
    if (!seek_checked(function, iov, cnt, offset, &start)) {
        return 0;
    }
    return for_each_chunk(iov, cnt, start, bytes, [fillc](char *p, size_t n, size_t) {
        std::memset(p, static_cast<unsigned char>(fillc), n);
        return true;
    });
}

}  // namespace iovcheck::detail

using namespace iovcheck::detail;

extern "C" size_t iov_from_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                                    size_t offset, const void *buf, size_t bytes)
{
    return copy_from_buf("iov_from_buf_full", iov, iov_cnt, offset, buf, bytes);
}

extern "C" size_t iov_to_buf_full(const struct iovec *iov, unsigned int iov_cnt,
                                  size_t offset, void *buf, size_t bytes)
{
    return copy_to_buf("iov_to_buf_full", iov, iov_cnt, offset, buf, bytes);
}

extern "C" size_t iov_from_buf_out_of_line(const struct iovec *iov, unsigned int iov_cnt,
                                           size_t offset, const void *buf, size_t bytes)
{
    return copy_from_buf("iov_from_buf", iov, iov_cnt, offset, buf, bytes);
}

extern "C" size_t iov_to_buf_out_of_line(const struct iovec *iov, unsigned int iov_cnt,
                                         size_t offset, void *buf, size_t bytes)
{
    return copy_to_buf("iov_to_buf", iov, iov_cnt, offset, buf, bytes);
}

extern "C" size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                             int fillc, size_t bytes)
{
    return fill_bytes("iov_memset", iov, iov_cnt, offset, fillc, bytes);
}

// SPEC.md defines the sum modulo 2^64: the wrap is intended.
extern "C" IOVCHECK_WRAPS_ON_PURPOSE size_t iov_size(const struct iovec *iov, unsigned int iov_cnt)
{
    size_t size = 0;
    for (unsigned k = 0; k < iov_cnt; ++k) {
        size += iov[k].iov_len;
    }
    return size;
}
