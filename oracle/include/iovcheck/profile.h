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
    // Whether a checked violation must be reported before anything changes
    // (SPEC.md's contract: `spec`, `lenient`).  False for the emulator's
    // profiles: an assert() may fire after the call has moved bytes, and the
    // process stops there, so nothing from that call on is compared.  A
    // profile file inherits it from its base.
    bool compares_effects_before_report = true;
    // The newer generation's qemu_iovec_init_slice (SPEC.md "Newer
    // generations"): an empty slice at an offset strictly inside an entry is
    // an embedded vector with one zero-length entry there, not an owned empty
    // one.  A profile file inherits it from its base.
    bool empty_slice_inside_an_entry_is_embedded = false;

    PreconditionClass of(Precondition p) const { return classes[static_cast<size_t>(p)]; }
    void set(Precondition p, PreconditionClass c) { classes[static_cast<size_t>(p)] = c; }
    // Shorthands for the drivers' two questions.
    bool may_violate(Precondition p) const { return of(p) != PreconditionClass::CallersDuty; }
    bool must_report(Precondition p) const
    {
        return of(p) == PreconditionClass::Checked || of(p) == PreconditionClass::Lenient;
    }
    // The class of a call that violates every member of `violated` (not
    // empty): caller's duty if any is (the call must not be made), else
    // checked if any is (the implementation reports it), else lenient if
    // any is, else tolerated.
    PreconditionClass of(const PreconditionSet &violated) const;
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

// `spec`: every precondition checked before anything changes.
const Profile &spec_profile();

// The profile the environment variable IOVCHECK_PROFILE names (a shipped
// profile or a profile file; unset or empty: `spec`), resolved once.  Every
// driver reads it next to IOVCHECK_IMPL (registry.h); an unknown name or a
// bad file prints one line and exits 2.
const Profile &profile_under_test();
// Makes profile_under_test() return `profile` from now on (a driver's
// --profile option; call it before the first profile_under_test()).
void set_profile_under_test(const Profile &profile);

}  // namespace iovcheck
