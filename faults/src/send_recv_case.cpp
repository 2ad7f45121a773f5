// check_case: one iov_send_recv call under a schedule, against the model of
// SPEC.md (model/ gives the stream bytes; the schedule gives the return
// value and errno through expected_outcome, the rule of send_recv_case.h).
#include <iovcheck/send_recv_case.h>

#include <iovcheck/model.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sys/socket.h>

namespace iovcheck::faults {

Expectation expected_outcome(const std::vector<Fault> &schedule, const std::vector<size_t> &offered,
                             size_t bytes, bool do_send)
{
    Expectation e;
    if (bytes == 0) {
        return e;
    }
    size_t done = 0;
    for (size_t i = 0;; i++) {
        e.calls = i + 1;
        if (i == offered.size()) {
            e.stopped_early = true;
            e.moved = done;
            return e;
        }
        const Fault f = i < schedule.size() ? schedule[i] : Fault::transfer(SIZE_MAX);
        switch (f.kind) {
        case FaultKind::Transfer:
            done += std::min(f.limit, offered[i]);
            if (done >= bytes) {
                e.ret = static_cast<ssize_t>(done);
                e.moved = done;
                return e;
            }
            break;
        case FaultKind::Eintr: break;
        case FaultKind::Eagain:
            e.moved = done;
            e.ret = done > 0 ? static_cast<ssize_t>(done) : -1;
            e.err = done > 0 ? 0 : EAGAIN;
            return e;
        case FaultKind::Error:
            e.moved = done;
            e.ret = -1;
            e.err = f.err;
            return e;
        case FaultKind::PeerShutdown:
            e.moved = done;
            if (do_send) {
                e.ret = -1;
                e.err = EPIPE;
            } else {
                e.ret = static_cast<ssize_t>(done);
            }
            return e;
        }
    }
}

namespace {

constexpr size_t kNoAllocationMaxSegments = 64;

uint32_t next_random(uint32_t &state)
{
    // xorshift32; state never 0.
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

std::vector<uint8_t> random_bytes(uint32_t seed, size_t n)
{
    uint32_t state = seed * 2654435761u + 0x9e3779b9u;
    if (state == 0) {
        state = 1;
    }
    std::vector<uint8_t> out(n);
    for (uint8_t &b : out) {
        b = static_cast<uint8_t>(next_random(state) >> 24);
    }
    return out;
}

// The model's iovec: segment k is arena positions [start_k, start_k + len_k).
model::Iov model_iov(const SendRecvCase &c)
{
    model::Iov iov;
    size_t next = 0;
    for (size_t k = 0; k < c.seg_len.size(); k++) {
        const size_t start = c.seg_start.empty() ? next : c.seg_start[k];
        iov.push_back({start, c.seg_len[k]});
        next = start + c.seg_len[k] + 1;
    }
    return iov;
}

size_t arena_size(const model::Iov &iov)
{
    size_t end = 1;
    for (const model::Seg &s : iov) {
        end = std::max(end, s.base + s.len + 1);
    }
    return end;
}

// One socket for every case of this thread: the session answers its calls,
// so it only matters when an implementation bypasses sendmsg/recvmsg (the
// call count shows that; non-blocking, so such a call cannot hang).
int case_fd()
{
    static thread_local int fds[2] = {-1, -1};
    if (fds[0] < 0) {
        socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds);
    }
    return fds[0];
}

thread_local unsigned t_violations_reported = 0;
void lenient_handler(const char *, const char *) { ++t_violations_reported; }

std::string errno_text(int err)
{
    return std::to_string(err) + " (" + std::strerror(err) + ")";
}

std::string return_text(ssize_t ret, int err)
{
    return ret == -1 ? "-1 with errno " + errno_text(err) : std::to_string(ret);
}

std::string call_log(const std::vector<CallRecord> &calls)
{
    std::string text;
    for (size_t i = 0; i < calls.size(); i++) {
        const CallRecord &r = calls[i];
        text += "    call " + std::to_string(i + 1) + ": " + (r.is_send ? "sendmsg" : "recvmsg") +
                " offered " + std::to_string(r.offered) + " bytes in " + std::to_string(r.entries) +
                " entries, " + describe(r.fault) + " -> " + std::to_string(r.result) + "\n";
    }
    return text.empty() ? "    (no call)\n" : text;
}

// The first position where two byte strings differ, as words.
std::string first_difference(const std::vector<uint8_t> &expected, const std::vector<uint8_t> &actual,
                             const char *what)
{
    if (expected == actual) {
        return "";
    }
    size_t i = 0;
    while (i < expected.size() && i < actual.size() && expected[i] == actual[i]) {
        i++;
    }
    std::string text = std::string(what) + ": expected " + std::to_string(expected.size()) +
                       " bytes, got " + std::to_string(actual.size());
    if (i < expected.size() && i < actual.size()) {
        text += "; first difference at " + std::to_string(i) + ": expected " +
                std::to_string(expected[i]) + ", got " + std::to_string(actual[i]);
    }
    return text;
}

}  // namespace

std::string describe(const SendRecvCase &c)
{
    std::string text = std::string(c.do_send ? "send" : "recv") + " of stream [" +
                       std::to_string(c.offset) + ", " + std::to_string(c.offset) + "+" +
                       std::to_string(c.bytes) + ") over " + std::to_string(c.seg_len.size()) +
                       " segments, lengths [";
    for (size_t k = 0; k < c.seg_len.size(); k++) {
        // Two appends: `(k ? " " : "") + std::to_string(...)` trips g++ 12's
        // -Wrestrict false positive in Release builds.
        text += k ? " " : "";
        text += std::to_string(c.seg_len[k]);
    }
    text += "]";
    if (!c.seg_start.empty()) {
        text += " at arena positions [";
        for (size_t k = 0; k < c.seg_start.size(); k++) {
            text += k ? " " : "";
            text += std::to_string(c.seg_start[k]);
        }
        text += "] (may alias)";
    }
    return text + ", seed " + std::to_string(c.seed) + ", schedule " + describe(c.schedule);
}

CaseResult check_case(const IovImpl &impl, const SendRecvCase &c, Clauses clauses)
{
    const model::Iov miov = model_iov(c);
    std::vector<uint8_t> arena = random_bytes(c.seed, arena_size(miov));
    model::Memory before(arena.size());
    before.bytes() = arena;

    // The caller's array between two guard entries.
    const unsigned cnt = static_cast<unsigned>(miov.size());
    std::vector<struct iovec> array(cnt + 2);
    array.front() = {reinterpret_cast<void *>(uintptr_t{0x6a7a8a9a}), 0x1234567};
    array.back() = {reinterpret_cast<void *>(uintptr_t{0x9a8a7a6a}), 0x7654321};
    for (unsigned k = 0; k < cnt; k++) {
        array[k + 1] = {arena.data() + miov[k].base, miov[k].len};
    }
    const std::vector<struct iovec> array_before = array;

    // The model decides whether the call is inside the contract.
    model::Memory scratch = before;
    const bool violation =
        model::send_recv(scratch, miov, c.offset, c.bytes, c.do_send, model::Peer{}).violation;

    // The peer's bytes (recv): more than the range, so that reading past
    // it would show.
    const std::vector<uint8_t> peer_bytes =
        random_bytes(c.seed ^ 0x5eed5eedu, (violation ? 0 : c.bytes) + 16);

    CaseResult result;
    result.violation = violation;
    const int fd = case_fd();
    std::vector<CallRecord> calls;
    std::vector<uint8_t> sent;
    size_t received = 0;
    uint64_t socket_calls_made = 0;
    uint64_t allocations_made = 0;
    unsigned violations_reported = 0;
    {
        FaultSession session(fd, c.schedule, peer_bytes);
        if (!violation) {
            const std::vector<uintptr_t> positions = model::stream(miov);
            std::vector<const uint8_t *> range;
            for (size_t i = 0; i < c.bytes; i++) {
                range.push_back(arena.data() + positions[c.offset + i]);
            }
            session.expect_stream(std::move(range));
        }
        session.watch_array(array.data(), array.size());
        const iov_contract_handler previous = impl.set_contract_handler(lenient_handler);
        t_violations_reported = 0;
        errno = 0;
        const uint64_t socket_calls_before = socket_calls();
        const uint64_t allocations_before = allocations();
        result.ret = impl.iov_send_recv(fd, array.data() + 1, cnt, c.offset, c.bytes, c.do_send);
        result.err = errno;
        allocations_made = allocations() - allocations_before;
        socket_calls_made = socket_calls() - socket_calls_before;
        violations_reported = t_violations_reported;
        impl.set_contract_handler(previous);
        calls = session.calls();
        sent = session.sent();
        received = session.received();
    }
    result.calls = calls.size();

    std::vector<std::string> failures;
    auto fail = [&](std::string why) { failures.push_back(std::move(why)); };

    if (std::memcmp(array.data(), array_before.data(), array.size() * sizeof(struct iovec)) != 0) {
        fail("the caller's iovec array (or a guard entry around it) changed");
    }
    for (size_t i = 0; i < calls.size(); i++) {
        if (!calls[i].array_intact) {
            fail("the caller's iovec array was modified when call " + std::to_string(i + 1) +
                 " was made (another thread could see it)");
            break;
        }
    }
    if (socket_calls_made != calls.size()) {
        fail(std::to_string(socket_calls_made) + " socket calls were made but only " +
             std::to_string(calls.size()) + " were sendmsg/recvmsg on the socket");
    }
    for (const CallRecord &r : calls) {
        if (r.is_send != c.do_send) {
            fail(std::string("a ") + (r.is_send ? "send" : "receive") + " call during a " +
                 (c.do_send ? "send" : "receive"));
            break;
        }
    }

    Expectation expect;
    if (violation) {
        expect.ret = -1;
        expect.err = EINVAL;
        if (violations_reported == 0) {
            fail("the range is outside the contract but the contract handler was not called");
        }
        if (!calls.empty()) {
            fail("a call outside the contract made a system call");
        }
    } else {
        if (violations_reported != 0) {
            fail("the contract handler was called for a call inside the contract");
        }
        std::vector<size_t> offered;
        size_t moved_before = 0;
        for (size_t i = 0; i < calls.size(); i++) {
            const CallRecord &r = calls[i];
            offered.push_back(r.offered);
            if (r.offered == 0 || r.offered > c.bytes - std::min(moved_before, c.bytes)) {
                fail("call " + std::to_string(i + 1) + " offered " + std::to_string(r.offered) +
                     " bytes with " + std::to_string(c.bytes - std::min(moved_before, c.bytes)) +
                     " left to move (must be 1..left)");
                break;
            }
            if (!r.window_error.empty()) {
                fail("call " + std::to_string(i + 1) + ": " + r.window_error);
                break;
            }
            if (r.result > 0) {
                moved_before += static_cast<size_t>(r.result);
            }
        }
        expect = expected_outcome(c.schedule, offered, c.bytes, c.do_send);
        if (expect.stopped_early) {
            fail("returned after " + std::to_string(calls.size()) + " calls with " +
                 std::to_string(expect.moved) + " of " + std::to_string(c.bytes) +
                 " bytes moved; the contract makes call " + std::to_string(expect.calls));
        } else if (calls.size() != expect.calls) {
            fail(std::to_string(calls.size()) + " calls made; the contract makes " +
                 std::to_string(expect.calls));
        }
        if (c.bytes == 0 && socket_calls_made != 0) {
            fail("bytes == 0 made a system call");
        }
        if (clauses.no_allocation && cnt <= kNoAllocationMaxSegments && allocations_made != 0) {
            fail(std::to_string(allocations_made) + " heap allocations during the call (" +
                 std::to_string(cnt) + " segments; none allowed up to 64)");
        }
    }
    if (!expect.stopped_early &&
        (result.ret != expect.ret || (expect.ret == -1 && result.err != expect.err))) {
        fail("returned " + return_text(result.ret, result.err) + ", expected " +
             return_text(expect.ret, expect.err));
    }

    // The bytes: send moves stream [offset, offset+moved) to the peer and
    // changes no memory; recv fills exactly that range from the peer.
    const size_t moved = violation ? 0 : std::min(expect.moved, c.bytes);
    model::Memory after = before;
    if (c.do_send) {
        std::vector<uint8_t> expected_sent =
            moved ? model::to_buf(before, miov, c.offset, moved).value : std::vector<uint8_t>{};
        if (std::string d = first_difference(expected_sent, sent, "bytes the peer received");
            !d.empty()) {
            fail(d);
        }
    } else {
        model::from_buf(after, miov, c.offset, peer_bytes.data(), moved);
        if (received != moved) {
            fail("took " + std::to_string(received) + " bytes from the peer; " +
                 std::to_string(moved) + " are accounted for");
        }
    }
    if (std::string d = first_difference(after.bytes(), arena, "memory (arena) after the call");
        !d.empty()) {
        fail(d);
    }

    if (!failures.empty()) {
        result.ok = false;
        std::string text = "iov_send_recv under faults (" + std::string(impl.name) + "): " +
                           describe(c) + "\n";
        for (const std::string &f : failures) {
            text += "  - " + f + "\n";
        }
        text += "  calls made:\n" + call_log(calls);
        text += "  returned " + return_text(result.ret, result.err) + "; contract: ";
        text += expect.stopped_early ? "another call" : return_text(expect.ret, expect.err);
        text += ", " + std::to_string(moved) + " bytes moved\n";
        result.explanation = text;
    }
    return result;
}

}  // namespace iovcheck::faults
