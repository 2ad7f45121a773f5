// Contract profiles (SPEC.md "Contract profiles"): what an implementation
// under test promises for each precondition, so that the harness reports
// broken promises and never a mere policy difference.
//
// Shipped profiles:
//   spec          every precondition checked (core's contract)
//   lenient       every precondition reported through a handler that returns
//   emulator      the emulator's util/iov.c at the revision SPEC.md describes
//   emulator-new  its newer generation (out-of-range offsets in the byte
//                 movers, iov_copy and concat_iov are tolerated)
//
// Profile file: a user starts from a shipped profile and overrides single
// preconditions.  One directive a line; `#` starts a comment; blank lines and
// surrounding blanks are ignored:
//
//     # our fork never asserts on the hint
//     base emulator                              (first directive, required)
//     name my-fork                               (optional; default: the file's path)
//     qemu_iovec_init.hint_nonneg caller-duty    (PRECONDITION CLASS)
//
// CLASS is one of `checked`, `caller-duty`, `lenient`, `tolerated`;
// PRECONDITION is a `function.rule` of preconditions.h.  Any other line is
// an error naming the file and the line, and so is a precondition set twice.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <iovcheck/preconditions.h>

namespace iovcheck {

enum class PreconditionClass : uint8_t {
    Checked,      // a violating call must be reported through the handler
    CallersDuty,  // never violated by the harness; not a finding
    Lenient,      // reported through a handler that returns; neutral result, no effect
    Tolerated,    // not reported; neutral result, no effect
};

// "checked", "caller-duty", "lenient", "tolerated".
const char *class_name(PreconditionClass c);
std::optional<PreconditionClass> class_by_name(std::string_view name);

struct Profile {
    std::string name;
    std::array<PreconditionClass, kPreconditionCount> classes{};

    PreconditionClass of(Precondition p) const { return classes[static_cast<size_t>(p)]; }
    void set(Precondition p, PreconditionClass c) { classes[static_cast<size_t>(p)] = c; }
    // Shorthands for the drivers' two questions.
    bool may_violate(Precondition p) const { return of(p) != PreconditionClass::CallersDuty; }
    bool must_report(Precondition p) const
    {
        return of(p) == PreconditionClass::Checked || of(p) == PreconditionClass::Lenient;
    }
};

// A shipped profile by name, or nullptr.
const Profile *shipped_profile(std::string_view name);
// The shipped profiles' names, in the order above.
std::vector<std::string_view> shipped_profile_names();

// A profile, or the one-line reason why there is none ("FILE:LINE: ...").
struct ProfileResult {
    std::optional<Profile> profile;
    std::string error;
};

// Parses a profile file's text; `file` names it in errors and is the
// default profile name.
ProfileResult parse_profile(std::string_view text, std::string_view file);
// Reads and parses the file at `path`.
ProfileResult load_profile_file(const std::string &path);
// What `--profile ARG` means: a shipped profile's name, else a file's path.
ProfileResult resolve_profile(const std::string &arg);

}  // namespace iovcheck
