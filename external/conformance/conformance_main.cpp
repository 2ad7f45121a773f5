// iovcheck_conformance: one row per function of SPEC.md for an
// implementation (default "external"): pass, or the first counterexample in
// the oracle's words.  ci/conformance builds it against given sources and
// runs it.
//
// Each row runs `--programs` generated programs (a fixed seed: the same
// programs every run) through check() in strict mode: a layout, a prelude
// that gives the four vector slots a state (external, owned, embedded,
// sliced), then calls of the row's function with arguments biased to
// segment boundaries, 0, size, size + 1 and values near SIZE_MAX.  A
// failure is shrunk (calls dropped while it still fails in the same
// function) and credited to the function of the call that diverged.
// Strict mode only: lenient mode is our addition to the emulator's API.
//
// Each row runs in a child process, so that a crash or a hang of the
// implementation costs one row, not the table.  A watchdog restarts before
// every program: a program that runs longer than --call-timeout seconds
// (default 10) ends the row as a hang, reported with that program.
//
// A function the implementation lacks (an older or newer generation of the
// API) is reported `absent`, not failing, and never called.
//
// Usage: iovcheck_conformance [--impl NAME] [--programs N] [--details DIR]
//                             [--only FUNCTION[,FUNCTION...]] [--call-timeout S]
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <iovcheck/absent.h>
#include <iovcheck/oracle.h>
#include <iovcheck/registry.h>

namespace iovcheck {
namespace {

double g_call_timeout_s = 10;

// ---- The watchdog of the row's child ------------------------------------------------------
// The program running now, described before it runs, in one of two buffers: the
// SIGALRM handler reads the one that is complete while the other is rewritten.
std::string g_running[2];
volatile sig_atomic_t g_running_index = 0;
int g_result_fd = -1;
constexpr char kHangMark[] = "HANG\n";

void write_all(int fd, const char *data, size_t size)
{
    while (size > 0) {
        ssize_t n = write(fd, data, size);
        if (n <= 0) {
            return;
        }
        data += n;
        size -= static_cast<size_t>(n);
    }
}

// Async-signal-safe: write() and _exit() only.
extern "C" void on_watchdog(int)
{
    const std::string &program = g_running[g_running_index];
    write_all(g_result_fd, kHangMark, sizeof kHangMark - 1);
    write_all(g_result_fd, program.data(), program.size());
    _exit(5);
}

void arm_watchdog(double seconds)
{
    itimerval timer{};
    timer.it_value.tv_sec = static_cast<time_t>(seconds);
    timer.it_value.tv_usec = static_cast<suseconds_t>((seconds - std::floor(seconds)) * 1e6);
    setitimer(ITIMER_REAL, &timer, nullptr);
}

// check() under the watchdog, with the program kept for the hang report.
CheckResult watched_check(const IovImpl &impl, const Program &p)
{
    const sig_atomic_t next = 1 - g_running_index;
    g_running[next] = describe(p);
    g_running_index = next;
    arm_watchdog(g_call_timeout_s);
    return check(impl, p, Mode::Strict);
}

// ---- Generated programs ---------------------------------------------------------------

class ProgramMaker {
public:
    explicit ProgramMaker(uint64_t seed) : random_(seed) {}

    Program make(OpKind kind)
    {
        if (kind == OpKind::QCompare && below(2)) {
            return same_shape_comparison();
        }
        Program p;
        p.layout = layout(kind);
        size_ = 0;
        starts_ = {0};
        for (size_t len : p.layout.seg_len) {
            size_ += len;
            starts_.push_back(size_);
        }
        segments_ = p.layout.seg_len.size();
        prelude(p);
        const unsigned calls = kind == OpKind::SendRecv ? 1 + below(2) : 2 + below(5);
        for (unsigned i = 0; i < calls; ++i) {
            if (kind == OpKind::DiscardUndo) {
                p.ops.push_back(below(2) ? Op::discard_front(position(), true) : Op::discard_back(position(), true));
            }
            p.ops.push_back(call(kind));
        }
        return p;
    }

private:
    // Two owned vectors of the same entry lengths over different memory,
    // equal except (mostly) for one byte: what compare is for.
    Program same_shape_comparison()
    {
        Program p;
        p.layout.seg_len = {64, 64};
        p.layout.fill_seed = static_cast<uint32_t>(below(16));
        p.ops = {Op::qiov_init(0, below(3)), Op::qiov_init(1, below(3))};
        uint64_t used = 0;
        for (uint64_t entries = 1 + below(6); entries > 0 && used < 64; --entries) {
            uint64_t len = std::min<uint64_t>(below(4) ? below(12) : 0, 64 - used);
            p.ops.push_back(Op::qiov_add(0, 0, used, len));
            p.ops.push_back(Op::qiov_add(1, 1, used, len));
            used += len;
        }
        const uint64_t fill = below(256);
        p.ops.push_back(Op::memset(0, fill, SIZE_MAX));
        if (below(4)) {
            p.ops.push_back(Op::qiov_memset(1, below(used + 1), fill + 1 + below(255), 1 + below(2)));
        }
        p.ops.push_back(Op::qiov_compare(0, 1));
        p.ops.push_back(Op::qiov_compare(1, 0));
        return p;
    }

    uint64_t below(uint64_t n) { return n == 0 ? 0 : random_() % n; }

    Layout layout(OpKind kind)
    {
        Layout l;
        const size_t count = below(7);
        static const size_t kLengths[] = {0, 0, 1, 1, 2, 3, 4, 5, 8, 16, 31};
        for (size_t i = 0; i < count; ++i) {
            l.seg_len.push_back(below(8) == 0 ? below(200) : kLengths[below(std::size(kLengths))]);
        }
        l.fill_seed = static_cast<uint32_t>(below(16));
        const bool aliasing_matters = kind == OpKind::QClone || kind == OpKind::QCompare || kind == OpKind::Copy;
        if (count > 0 && below(aliasing_matters ? 2 : 5) == 0) {
            l.shared_arena = true;
            l.arena_size = 8 + below(64);
            for (size_t i = 0; i < count; ++i) {
                l.arena_offset.push_back(below(l.arena_size));
            }
        }
        return l;
    }

    // Slot 0 wraps the whole array, slot 1 owns entries, slot 2 embeds one
    // piece of a segment, slot 3 is a slice of slot 0 (or stays zeroed).
    void prelude(Program &p)
    {
        p.ops.push_back(Op::qiov_init_external(0, segments_));
        p.ops.push_back(Op::qiov_init(1, below(3)));
        for (uint64_t i = below(4); i > 0; --i) {
            p.ops.push_back(Op::qiov_add(1, below(segments_ + 1), below(4), below(8)));
        }
        if (below(2)) {
            p.ops.push_back(Op::qiov_concat_iov(1, position(), length()));
        }
        p.ops.push_back(Op::qiov_init_buf(2, below(segments_ + 1), below(4), below(8)));
        if (below(2)) {
            uint64_t offset = below(size_ + 1);
            p.ops.push_back(Op::qiov_init_slice(3, 0, offset, below(size_ - offset + 1)));
        }
    }

    // A stream position: a segment boundary or its neighbour, 0, size,
    // size + 1, anything inside, or near SIZE_MAX.
    uint64_t position()
    {
        switch (below(8)) {
        case 0: return 0;
        case 1: return size_;
        case 2: return size_ + 1;
        case 3: return SIZE_MAX - below(3);
        case 4: return starts_[below(starts_.size())] - below(2);
        case 5: return starts_[below(starts_.size())] + below(2);
        default: return below(size_ + 1);
        }
    }

    // A byte count: 0, 1, the rest of the stream, past it, wrapping, anything.
    uint64_t length()
    {
        switch (below(7)) {
        case 0: return 0;
        case 1: return 1;
        case 2: return SIZE_MAX;
        case 3: return SIZE_MAX - below(size_ + 2);
        default: return position();
        }
    }

    uint64_t slot() { return below(kSlots); }

    Op call(OpKind kind)
    {
        switch (kind) {
        case OpKind::FromBufFull: return Op::from_buf_full(position(), length());
        case OpKind::ToBufFull: return Op::to_buf_full(position(), length());
        case OpKind::FromBuf: return Op::from_buf(position(), length());
        case OpKind::ToBuf: return Op::to_buf(position(), length());
        case OpKind::Memset: return Op::memset(position(), below(2) ? below(256) : random_(), length());
        case OpKind::Size: return Op::size();
        case OpKind::Copy: return Op::copy(below(segments_ + 2), position(), length());
        case OpKind::Hexdump: return Op::hexdump(below(4), below(3) ? length() : below(40));
        case OpKind::SendRecv: {
            uint64_t offset = below(4) ? below(size_ + 1) : position();
            uint64_t bytes = below(4) ? below(size_ - std::min(offset, size_) + 1) : length();
            return Op::send_recv(offset, bytes, below(8), 1 + below(8), below(size_ + 4));
        }
        case OpKind::DiscardFront: return Op::discard_front(length(), below(2));
        case OpKind::DiscardBack: return Op::discard_back(length(), below(2));
        case OpKind::DiscardUndo: return Op::discard_undo();
        case OpKind::QInit: return Op::qiov_init(slot(), below(6) ? below(5) : random_());
        case OpKind::QInitExternal: return Op::qiov_init_external(slot(), below(6) ? below(segments_ + 1) : random_());
        case OpKind::QInitBuf: return Op::qiov_init_buf(slot(), below(segments_ + 1), below(4), below(10));
        case OpKind::QInitBufMacro: return Op::qiov_init_buf_macro(slot(), below(segments_ + 1), below(4), below(10));
        case OpKind::QBuf: return Op::qiov_buf(slot());
        case OpKind::QAdd: return Op::qiov_add(slot(), below(segments_ + 1), below(4), below(10));
        case OpKind::QConcatIov: return Op::qiov_concat_iov(slot(), position(), length());
        case OpKind::QConcat: return Op::qiov_concat(slot(), slot(), position(), length());
        case OpKind::QSubvecNiov: return Op::qiov_subvec_niov(slot(), position(), length());
        case OpKind::QInitExtended:
            return Op::qiov_init_extended(slot(), below(5) ? below(9) : length(), slot(), position(), length(),
                                          below(5) ? below(9) : length());
        case OpKind::QInitSlice: return Op::qiov_init_slice(slot(), slot(), position(), length());
        case OpKind::QIsZero: return Op::qiov_is_zero(slot(), position(), length());
        case OpKind::QToBuf: return Op::qiov_to_buf(slot(), position(), length());
        case OpKind::QFromBuf: return Op::qiov_from_buf(slot(), position(), length());
        case OpKind::QMemset: return Op::qiov_memset(slot(), position(), below(256), length());
        case OpKind::QCompare: return Op::qiov_compare(slot(), slot());
        case OpKind::QClone: return Op::qiov_clone(slot(), slot());
        case OpKind::QReset: return Op::qiov_reset(slot());
        case OpKind::QDestroy: return Op::qiov_destroy(slot());
        case OpKind::QDiscardBack: return Op::qiov_discard_back(slot(), length());
        case OpKind::Count: break;
        }
        return Op::size();
    }

    std::mt19937_64 random_;
    uint64_t size_ = 0;
    std::vector<uint64_t> starts_;
    size_t segments_ = 0;
};

// ---- One row --------------------------------------------------------------------------

// The op that diverged, in the normalized program the explanation shows.
OpKind failing_kind(const Program &p, const CheckResult &r) { return normalize(p).ops[r.op_index].kind; }

// Drops calls one at a time while the program still fails in `kind`.
Program shrink(const IovImpl &impl, Program p, OpKind kind)
{
    for (size_t i = p.ops.size(); i-- > 0;) {
        Program smaller = p;
        smaller.ops.erase(smaller.ops.begin() + static_cast<std::ptrdiff_t>(i));
        CheckResult r = watched_check(impl, smaller);
        if (!r.ok && failing_kind(smaller, r) == kind) {
            p = std::move(smaller);
        }
    }
    return p;
}

// "pass" or "FAIL\n<explanation>" for the row of `kind`.
std::string run_row(const IovImpl &impl, OpKind kind, unsigned programs)
{
    ProgramMaker maker(0x5eed0000u + static_cast<unsigned>(kind));
    for (unsigned i = 0; i < programs; ++i) {
        Program p = maker.make(kind);
        CheckResult r = watched_check(impl, p);
        if (!r.ok && failing_kind(p, r) == kind) {
            Program small = shrink(impl, p, kind);
            return "FAIL\n" + watched_check(impl, small).explanation;
        }
        // A divergence in a prelude call belongs to that call's own row.
    }
    return "pass";
}

// Runs the row in a child; a crash or a hang becomes the row's result.
std::string run_row_isolated(const IovImpl &impl, OpKind kind, unsigned programs, const std::string &log_path)
{
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
        return "FAIL\nconformance: pipe() failed";
    }
    std::fflush(nullptr);
    pid_t child = fork();
    if (child == 0) {
        close(pipe_fds[0]);
        if (!log_path.empty() && !std::freopen(log_path.c_str(), "w", stderr)) {
            _exit(3);
        }
        g_result_fd = pipe_fds[1];
        std::signal(SIGALRM, on_watchdog);
        std::string result = run_row(impl, kind, programs);
        arm_watchdog(0);
        write_all(pipe_fds[1], result.data(), result.size());
        _exit(0);
    }
    close(pipe_fds[1]);
    std::string result;
    char buf[4096];
    ssize_t n;
    while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0) {
        result.append(buf, static_cast<size_t>(n));
    }
    close(pipe_fds[0]);
    int status = 0;
    waitpid(child, &status, 0);
    if (result.rfind(kHangMark, 0) == 0) {
        char seconds[32];
        std::snprintf(seconds, sizeof seconds, "%g", g_call_timeout_s);
        std::string report = std::string("FAIL\nconformance: hang: this program ran longer than ") + seconds +
                             " s (--call-timeout)\n";
        std::istringstream program(result.substr(sizeof kHangMark - 1));
        for (std::string line; std::getline(program, line);) {
            report += "program: " + line + "\n";
        }
        return report;
    }
    if (WIFSIGNALED(status)) {
        return std::string("FAIL\nconformance: the implementation crashed: ") + strsignal(WTERMSIG(status)) +
               (log_path.empty() ? "" : " (stderr: " + log_path + ")");
    }
    if (result.empty()) {
        return "FAIL\nconformance: the row ended without a result (exit status " +
               std::to_string(WEXITSTATUS(status)) + ")";
    }
    return result;
}

// The explanation cut to the lines that say what went wrong.
std::vector<std::string> short_explanation(const std::string &explanation)
{
    std::vector<std::string> lines;
    std::istringstream in(explanation);
    std::string line;
    while (std::getline(in, line)) {
        for (const char *key : {"call:", "what:", "expected:", "actual:", "conformance:", "program:"}) {
            if (line.rfind(key, 0) == 0) {
                lines.push_back(line.size() > 150 ? line.substr(0, 147) + "..." : line);
            }
        }
    }
    return lines;
}

int usage()
{
    std::fprintf(stderr, "usage: iovcheck_conformance [--impl NAME] [--programs N] [--details DIR] "
                         "[--only FUNCTION[,FUNCTION...]] [--call-timeout S]\n");
    return 2;
}

// A whole number in [1, UINT_MAX], all of text: no wrap-around to 0, no trailing junk.
bool parse_count(const char *text, unsigned &out)
{
    char *end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || text[0] == '-' || value == 0 || value > UINT_MAX) {
        return false;
    }
    out = static_cast<unsigned>(value);
    return true;
}

// Seconds in (0, 3600].
bool parse_seconds(const char *text, double &out)
{
    char *end = nullptr;
    const double value = std::strtod(text, &end);
    if (end == text || *end != '\0' || !std::isfinite(value) || value <= 0 || value > 3600) {
        return false;
    }
    out = value;
    return true;
}

}  // namespace
}  // namespace iovcheck

int main(int argc, char **argv)
{
    using namespace iovcheck;
    std::string impl_name = "external";
    unsigned programs = 300;
    std::string details;
    std::string only;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (i + 1 >= argc) {
            return usage();
        }
        if (arg == "--impl") {
            impl_name = argv[++i];
        } else if (arg == "--programs") {
            if (!parse_count(argv[++i], programs)) {
                std::fprintf(stderr, "conformance: --programs needs a whole number from 1 to %u, not \"%s\"\n",
                             UINT_MAX, argv[i]);
                return 2;
            }
        } else if (arg == "--call-timeout") {
            if (!parse_seconds(argv[++i], g_call_timeout_s)) {
                std::fprintf(stderr, "conformance: --call-timeout needs seconds above 0, at most 3600, not \"%s\"\n",
                             argv[i]);
                return 2;
            }
        } else if (arg == "--details") {
            details = argv[++i];
        } else if (arg == "--only") {
            only = argv[++i];
        } else {
            return usage();
        }
    }
    const IovImpl *impl = find_impl(impl_name);
    if (impl == nullptr) {
        std::fprintf(stderr, "conformance: no implementation named \"%s\"\n", impl_name.c_str());
        return 2;
    }

    std::printf("%-28s %s\n", "function", "result");
    unsigned passed = 0, failed = 0, absent = 0;
    for (unsigned k = 0; k < kOpKinds; ++k) {
        const OpKind kind = static_cast<OpKind>(k);
        const std::string name = op_name(kind);
        if (!only.empty() && ("," + only + ",").find("," + name + ",") == std::string::npos) {
            continue;
        }
        if (!impl->has(op_kind_function(kind))) {
            ++absent;
            std::printf("%-28s absent\n", name.c_str());
            continue;
        }
        const std::string log = details.empty() ? "" : details + "/" + name + ".stderr";
        const std::string result = run_row_isolated(*impl, kind, programs, log);
        if (result == "pass") {
            ++passed;
            std::printf("%-28s pass\n", name.c_str());
            continue;
        }
        ++failed;
        const std::string explanation = result.substr(result.find('\n') + 1);
        std::printf("%-28s FAIL\n", name.c_str());
        for (const std::string &line : short_explanation(explanation)) {
            std::printf("    %s\n", line.c_str());
        }
        if (!details.empty()) {
            const std::string path = details + "/" + name + ".txt";
            std::ofstream(path) << explanation;
            std::printf("    full counterexample: %s\n", path.c_str());
        }
    }
    std::printf("conformance: %u of %u functions pass, %u fail, %u absent (implementation \"%s\", strict mode, "
                "%u programs each)\n",
                passed, passed + failed, failed, absent, impl->name, programs);
    return failed == 0 ? 0 : 1;
}
