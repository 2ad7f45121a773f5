// Standalone replay of a fuzz target, for any compiler (no libFuzzer):
//
//   <target>_replay PATH...            replays every file given, and every
//                                      regular file of every folder given (not
//                                      recursive; names starting with '.' are
//                                      skipped); exit 1 if any input fails
//   <target>_replay --explain FILE     the decoded program, the oracle's verdict
//                                      in each mode, and a GoogleTest regression
//                                      test to paste; exit 0 passes, 1 fails
//
// Exit 2 on bad arguments or an unreadable path.  ctest's corpus.<target>
// and ci/repro run this binary.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include <iovcheck/profile.h>

#include "target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
// Weak: a target written without IOVCHECK_FUZZ_TARGET replays through
// LLVMFuzzerTestOneInput alone.
__attribute__((weak)) const iovcheck::fuzz::TargetSpec *iovcheck_fuzz_target();

namespace {

namespace fs = std::filesystem;
using iovcheck::fuzz::Outcome;
using iovcheck::fuzz::TargetSpec;

// The whole file, or nothing (with one line on stderr) when it cannot be opened or read:
// an input that was never run must not count as passed.
std::optional<std::vector<uint8_t>> read_bytes(const fs::path &file)
{
    errno = 0;
    std::ifstream in(file, std::ios::binary);
    std::vector<uint8_t> bytes;
    // istream::read, not istreambuf_iterator: read() turns a read error into badbit.
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        bytes.insert(bytes.end(), chunk, chunk + in.gcount());
    }
    if (!in.is_open() || in.bad()) {
        std::fprintf(stderr, "cannot read %s: %s\n", file.c_str(), errno ? std::strerror(errno) : "read error");
        return std::nullopt;
    }
    return bytes;
}

// The files PATH names, sorted; false when it does not exist.
bool collect(const fs::path &path, std::vector<fs::path> &files)
{
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        files.push_back(path);
        return true;
    }
    if (!fs::is_directory(path, ec)) {
        return false;
    }
    std::vector<fs::path> found;
    for (const fs::directory_entry &e : fs::directory_iterator(path, ec)) {
        if (e.is_regular_file() && e.path().filename().string()[0] != '.') {
            found.push_back(e.path());
        }
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
    return !ec;
}

// A GoogleTest name from the target and the file name.
std::string test_name(const TargetSpec &spec, const fs::path &file)
{
    std::string name = std::string(spec.name) + "_" + file.filename().string();
    for (char &c : name) {
        if (!std::isalnum(static_cast<unsigned char>(c))) {
            c = '_';
        }
    }
    return name;
}

int replay(const std::vector<fs::path> &files)
{
    const TargetSpec *spec = iovcheck_fuzz_target ? iovcheck_fuzz_target() : nullptr;
    size_t failures = 0;
    for (const fs::path &file : files) {
        const std::optional<std::vector<uint8_t>> read = read_bytes(file);
        if (!read) {
            return 2;
        }
        const std::vector<uint8_t> &bytes = *read;
        if (!spec) {
            std::fprintf(stderr, "replaying %s\n", file.c_str());
            LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
            continue;
        }
        const Outcome out = iovcheck::fuzz::run_input(*spec, bytes.data(), bytes.size());
        if (!out.result.ok) {
            failures++;
            std::fprintf(stderr, "FAIL %s (%s mode)\n%s\nexplain: ci/repro %s --target %s\n\n", file.c_str(),
                         iovcheck::fuzz::mode_name(out.mode), out.result.explanation.c_str(), file.c_str(),
                         spec->name);
        }
    }
    std::printf("replayed %zu input(s): %zu failed\n", files.size(), failures);
    return failures ? 1 : 0;
}

int explain(const fs::path &file)
{
    if (!iovcheck_fuzz_target) {
        std::fprintf(stderr, "--explain: this target does not use IOVCHECK_FUZZ_TARGET (fuzz/target.h)\n");
        return 2;
    }
    const TargetSpec &spec = *iovcheck_fuzz_target();
    const std::optional<std::vector<uint8_t>> read = read_bytes(file);
    if (!read) {
        return 2;
    }
    const std::vector<uint8_t> &bytes = *read;
    const iovcheck::fuzz::Decoded d = iovcheck::fuzz::decode(spec.flavour, bytes.data(), bytes.size());
    const iovcheck::Program p = iovcheck::normalize(d.program);
    std::printf("input: %s (%zu bytes), target %s\n\n%s\n", file.c_str(), bytes.size(), spec.name,
                iovcheck::describe(p).c_str());
    // The program is out before it runs: a crash of the code under test must not swallow it.
    std::fflush(stdout);
    bool failed = false;
    for (iovcheck::Mode mode : iovcheck::fuzz::modes_of(spec, d)) {
        const iovcheck::CheckResult r = spec.check(p, mode);
        if (r.ok) {
            std::printf("%s mode: passes (%zu call(s) run, %zu contract violation(s), %zu call(s) not made as the "
                        "caller's duty under profile %s%s%s)\n",
                        iovcheck::fuzz::mode_name(mode), r.ops_run, r.violations, r.callers_duty_skipped,
                        iovcheck::profile_under_test().name.c_str(), r.first_callers_duty.empty() ? "" : ", first: ",
                        r.first_callers_duty.c_str());
            continue;
        }
        failed = true;
        std::printf("%s mode: FAILS at op#%zu\n%s\n", iovcheck::fuzz::mode_name(mode), r.op_index,
                    r.explanation.c_str());
        break;
    }
    std::printf("\n---- GoogleTest regression test (paste into a test file) ----\n%s",
                iovcheck::to_gtest(p, test_name(spec, file)).c_str());
    return failed ? 1 : 0;
}

int usage(const char *argv0, const char *why)
{
    std::fprintf(stderr, "%s: %s; usage: %s PATH... | %s --explain FILE\n", argv0, why, argv0, argv0);
    return 2;
}

}  // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool explaining = !args.empty() && args[0] == "--explain";
    if (explaining) {
        args.erase(args.begin());
    }
    if (args.empty() || (explaining && args.size() != 1)) {
        return usage(argv[0], explaining ? "--explain takes one FILE" : "no PATH given");
    }
    std::vector<fs::path> files;
    for (const std::string &arg : args) {
        if (!collect(arg, files) || (explaining && !fs::is_regular_file(arg))) {
            return usage(argv[0], ("not a readable file or folder: " + arg).c_str());
        }
    }
    return explaining ? explain(files[0]) : replay(files);
}
