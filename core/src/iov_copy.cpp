// iov_copy: pointer entries into the source's memory, one per segment met.
#include <iovcheck/iov.h>

#include "internal.h"

using namespace iovcheck::detail;

extern "C" unsigned iov_copy(struct iovec *dst_iov, unsigned int dst_iov_cnt,
                             const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                             size_t bytes)
{
    StreamCursor start;
    if (!seek(iov, iov_cnt, offset, &start)) {
        iov_contract_violation("iov_copy", "offset=%zu is past size=%zu", offset,
                               iov_size(iov, iov_cnt));
        return 0;
    }
    if (offset > 0 && dst_iov_cnt == 0) {
        iov_contract_violation("iov_copy", "dst_iov_cnt=0 with offset=%zu", offset);
        return 0;
    }
    if (bytes == 0 && start.within > 0) {
        // The range is empty but starts strictly inside a segment: one
        // zero-length entry marks the position.
        dst_iov[0].iov_base = static_cast<char *>(iov[start.index].iov_base) + start.within;
        dst_iov[0].iov_len = 0;
        return 1;
    }
    size_t covered = 0;
    return static_cast<unsigned>(
        write_pieces(iov, iov_cnt, start, bytes, dst_iov, dst_iov_cnt, &covered));
}
