// FaultSession: the in-memory peer that answers the scheduled calls.
#include <iovcheck/faults.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/socket.h>

namespace iovcheck::faults {
namespace detail {
extern thread_local FaultSession *t_session;
}

namespace {

// Past the schedule every call transfers what it offers, so a correct
// implementation needs at most one more call per byte.  An implementation
// that keeps calling after that (retrying an error forever, offering empty
// messages) would hang the test: stop it loudly instead.
constexpr size_t kRunawayCalls = 1 << 20;

const char *errno_name(int err)
{
    switch (err) {
    case EINTR: return "EINTR";
    case EAGAIN: return "EAGAIN";
    case ECONNRESET: return "ECONNRESET";
    case EPIPE: return "EPIPE";
    case ENOTCONN: return "ENOTCONN";
    case ETIMEDOUT: return "ETIMEDOUT";
    default: return nullptr;
    }
}

}  // namespace

std::string describe(const Fault &fault)
{
    switch (fault.kind) {
    case FaultKind::Transfer:
        return fault.limit == SIZE_MAX ? "transfer-all" : "transfer<=" + std::to_string(fault.limit);
    case FaultKind::Eintr: return "EINTR";
    case FaultKind::Eagain: return "EAGAIN";
    case FaultKind::Error: {
        const char *name = errno_name(fault.err);
        return name ? name : "errno " + std::to_string(fault.err);
    }
    case FaultKind::PeerShutdown: return "shutdown";
    }
    return "?";
}

std::string describe(const std::vector<Fault> &schedule)
{
    std::string text = "[";
    for (size_t i = 0; i < schedule.size(); i++) {
        text += (i ? ", " : "") + describe(schedule[i]);
    }
    return text + "] then transfer-all";
}

FaultSession::FaultSession(int fd, std::vector<Fault> schedule, std::vector<uint8_t> recv_source)
    : fd_(fd), schedule_(std::move(schedule)), recv_source_(std::move(recv_source))
{
    if (detail::t_session) {
        std::fprintf(stderr, "iovcheck faults: a FaultSession is already active on this thread\n");
        std::abort();
    }
    detail::t_session = this;
}

FaultSession::~FaultSession() { detail::t_session = nullptr; }

void FaultSession::expect_stream(std::vector<const uint8_t *> stream_addresses)
{
    stream_ = std::move(stream_addresses);
    check_stream_ = true;
}

void FaultSession::watch_array(const struct iovec *array, size_t count)
{
    array_ = array;
    array_copy_.assign(array, array + count);
}

size_t FaultSession::moved() const { return sent_.size() + recv_pos_; }

ssize_t FaultSession::answer(bool is_send, const struct msghdr *msg)
{
    if (calls_.size() >= schedule_.size() + kRunawayCalls) {
        std::fprintf(stderr,
                     "iovcheck faults: %zu calls of %s in one iov_send_recv (schedule %s): "
                     "the implementation does not stop\n",
                     calls_.size(), is_send ? "sendmsg" : "recvmsg", describe(schedule_).c_str());
        std::abort();
    }
    CallRecord record;
    record.is_send = is_send;
    record.entries = msg->msg_iovlen;
    const struct iovec *entries = msg->msg_iov;
    for (size_t e = 0; e < msg->msg_iovlen; e++) {
        record.offered += entries[e].iov_len;
    }
    if (array_) {
        record.array_intact = std::memcmp(array_, array_copy_.data(),
                                          array_copy_.size() * sizeof(struct iovec)) == 0;
    }
    if (check_stream_) {
        size_t at = moved();
        for (size_t e = 0; e < msg->msg_iovlen && record.window_error.empty(); e++) {
            const uint8_t *base = static_cast<const uint8_t *>(entries[e].iov_base);
            for (size_t j = 0; j < entries[e].iov_len; j++, at++) {
                if (at >= stream_.size()) {
                    record.window_error = "entry " + std::to_string(e) + " reaches stream position " +
                                          std::to_string(at) + ", past the range of " +
                                          std::to_string(stream_.size()) + " bytes";
                    break;
                }
                if (base + j != stream_[at]) {
                    record.window_error = "entry " + std::to_string(e) + " byte " + std::to_string(j) +
                                          " is not the address of range position " +
                                          std::to_string(at);
                    break;
                }
            }
        }
    }
    const Fault fault = calls_.size() < schedule_.size() ? schedule_[calls_.size()]
                                                         : Fault::transfer(SIZE_MAX);
    record.fault = fault;
    int err = 0;
    switch (fault.kind) {
    case FaultKind::Transfer: {
        size_t n = std::min(fault.limit, record.offered);
        if (!is_send) {
            n = std::min(n, recv_source_.size() - recv_pos_);
        }
        record.result = static_cast<ssize_t>(n);
        for (size_t e = 0; e < msg->msg_iovlen && n > 0; e++) {
            const size_t piece = std::min(n, entries[e].iov_len);
            if (piece == 0) {
                continue;  // its base may be anything, NULL included
            }
            uint8_t *base = static_cast<uint8_t *>(entries[e].iov_base);
            if (is_send) {
                sent_.insert(sent_.end(), base, base + piece);
            } else {
                std::memcpy(base, recv_source_.data() + recv_pos_, piece);
                recv_pos_ += piece;
            }
            n -= piece;
        }
        break;
    }
    case FaultKind::Eintr: err = EINTR; break;
    case FaultKind::Eagain: err = EAGAIN; break;
    case FaultKind::Error: err = fault.err; break;
    case FaultKind::PeerShutdown:
        if (is_send) {
            err = EPIPE;
        }
        record.result = 0;
        break;
    }
    if (err) {
        record.result = -1;
    }
    calls_.push_back(std::move(record));
    if (err) {
        errno = err;
    }
    return calls_.back().result;
}

}  // namespace iovcheck::faults
