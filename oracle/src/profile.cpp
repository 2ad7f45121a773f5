// The shipped profiles (SPEC.md "Contract profiles" and "Newer generations")
// and the profile-file parser (format: profile.h).
#include <iovcheck/profile.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace iovcheck {
namespace {

using P = Precondition;
using C = PreconditionClass;

constexpr std::array<std::pair<C, const char *>, 4> kClassNames = {{
    {C::Checked, "checked"},
    {C::CallersDuty, "caller-duty"},
    {C::Lenient, "lenient"},
    {C::Tolerated, "tolerated"},
}};

Profile uniform(const char *name, C c)
{
    Profile profile{name, {}};
    profile.classes.fill(c);
    return profile;
}

// SPEC.md's table of the emulator's asserts: everything it asserts is
// checked (including the wrapping range tests: a huge offset that slips past
// them must still be found), and what it leaves unchecked is the caller's duty.
Profile emulator_profile()
{
    Profile profile = uniform("emulator", C::Checked);
    profile.compares_effects_before_report = false;  // an assert() may fire after bytes moved
    for (P p : {P::iov_send_recv__empty_offset_inside, P::qemu_iovec_init__hint_nonneg,
                P::qemu_iovec_init_external__count_nonneg, P::qemu_iovec_buf__embedded,
                P::qemu_iovec_clone__dst_owned_empty_src}) {
        profile.set(p, C::CallersDuty);
    }
    return profile;
}

// The newer generation no longer asserts on an offset past the end in the
// byte movers (and everything built on them), iov_copy and concat_iov: it
// moves nothing and returns 0.  Its range asserts (slice, subvec_niov,
// is_zero, init_slice) stay.
Profile emulator_new_profile()
{
    Profile profile = emulator_profile();
    profile.name = "emulator-new";
    profile.empty_slice_inside_an_entry_is_embedded = true;
    for (P p : {P::iov_from_buf_full__offset_inside, P::iov_to_buf_full__offset_inside,
                P::iov_from_buf__offset_inside, P::iov_to_buf__offset_inside,
                P::iov_memset__offset_inside, P::iov_copy__offset_inside,
                P::qemu_iovec_concat_iov__offset_inside, P::qemu_iovec_concat__offset_inside,
                P::qemu_iovec_to_buf__offset_inside, P::qemu_iovec_from_buf__offset_inside,
                P::qemu_iovec_memset__offset_inside}) {
        profile.set(p, C::Tolerated);
    }
    return profile;
}

const std::array<Profile, 4> &shipped()
{
    static const std::array<Profile, 4> profiles = {
        uniform("spec", C::Checked),
        uniform("lenient", C::Lenient),
        emulator_profile(),
        emulator_new_profile(),
    };
    return profiles;
}

std::vector<std::string_view> split_words(std::string_view line)
{
    std::vector<std::string_view> words;
    size_t at = 0;
    while (at < line.size()) {
        const size_t start = line.find_first_not_of(" \t\r", at);
        if (start == std::string_view::npos) {
            break;
        }
        const size_t end = std::min(line.find_first_of(" \t\r", start), line.size());
        words.push_back(line.substr(start, end - start));
        at = end;
    }
    return words;
}

std::string known_profiles()
{
    std::string list;
    for (std::string_view name : shipped_profile_names()) {
        list += list.empty() ? "" : ", ";
        list += name;
    }
    return list;
}

// The parser's state between lines.
struct ProfileParser {
    std::string_view file;
    std::optional<Profile> profile;
    bool named = false;
    std::array<size_t, kPreconditionCount> set_on_line{};  // 0: not overridden

    // One line's directive; an error message, or empty.
    std::string directive(const std::vector<std::string_view> &words, size_t line)
    {
        if (words[0] == "base") {
            if (profile) {
                return "'base' must come once, before every other directive";
            }
            if (words.size() != 2) {
                return "expected 'base PROFILE'";
            }
            const Profile *base = shipped_profile(words[1]);
            if (!base) {
                return "unknown profile '" + std::string(words[1]) + "' (known: " +
                       known_profiles() + ")";
            }
            profile = *base;
            profile->name = named ? profile->name : std::string(file);
            return {};
        }
        if (!profile) {
            return "expected 'base PROFILE' before any other directive";
        }
        if (words[0] == "name") {
            if (words.size() != 2 || named) {
                return "expected one 'name NAME'";
            }
            profile->name = words[1];
            named = true;
            return {};
        }
        return override_class(words, line);
    }

    std::string override_class(const std::vector<std::string_view> &words, size_t line)
    {
        if (words.size() != 2) {
            return "expected 'PRECONDITION CLASS'";
        }
        const std::optional<Precondition> p = precondition_by_name(words[0]);
        if (!p) {
            return "unknown precondition '" + std::string(words[0]) + "'";
        }
        const std::optional<PreconditionClass> c = class_by_name(words[1]);
        if (!c) {
            return "unknown class '" + std::string(words[1]) +
                   "' (known: checked, caller-duty, lenient, tolerated)";
        }
        size_t &previous = set_on_line[static_cast<size_t>(*p)];
        if (previous != 0) {
            // Built from a std::string, not `"'" + std::string(...)`: that form
            // trips g++ 12's -Wrestrict false positive in Release builds.
            std::string message(1, '\'');
            return message.append(words[0]).append("' already set on line ").append(std::to_string(previous));
        }
        previous = line;
        profile->set(*p, *c);
        return {};
    }
};

}  // namespace

const char *class_name(PreconditionClass c)
{
    for (const auto &[value, name] : kClassNames) {
        if (value == c) {
            return name;
        }
    }
    return "?";
}

std::optional<PreconditionClass> class_by_name(std::string_view name)
{
    for (const auto &[value, known] : kClassNames) {
        if (name == known) {
            return value;
        }
    }
    return std::nullopt;
}

const Profile *shipped_profile(std::string_view name)
{
    for (const Profile &profile : shipped()) {
        if (profile.name == name) {
            return &profile;
        }
    }
    return nullptr;
}

std::vector<std::string_view> shipped_profile_names()
{
    std::vector<std::string_view> names;
    for (const Profile &profile : shipped()) {
        names.push_back(profile.name);
    }
    return names;
}

ProfileResult parse_profile(std::string_view text, std::string_view file)
{
    ProfileParser parser{file, std::nullopt, false, {}};
    size_t line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const size_t end = std::min(text.find('\n'), text.size());
        std::string_view line = text.substr(0, end);
        text.remove_prefix(std::min(end + 1, text.size()));
        line = line.substr(0, std::min(line.find('#'), line.size()));
        const std::vector<std::string_view> words = split_words(line);
        if (words.empty()) {
            continue;
        }
        std::string error = parser.directive(words, line_number);
        if (!error.empty()) {
            return {std::nullopt, std::string(file) + ":" + std::to_string(line_number) + ": " + error};
        }
    }
    if (!parser.profile) {
        return {std::nullopt, std::string(file) + ": no 'base PROFILE' line (known: " +
                                  known_profiles() + ")"};
    }
    return {std::move(parser.profile), {}};
}

ProfileResult load_profile_file(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!std::filesystem::is_regular_file(path) || !in) {
        return {std::nullopt, path + ": cannot read the profile file"};
    }
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad()) {
        return {std::nullopt, path + ": cannot read the profile file"};
    }
    return parse_profile(text, path);
}

PreconditionClass Profile::of(const PreconditionSet &violated) const
{
    bool any[4] = {};
    violated.for_each([&](Precondition p) { any[static_cast<size_t>(of(p))] = true; });
    for (C c : {C::CallersDuty, C::Checked, C::Lenient}) {
        if (any[static_cast<size_t>(c)]) {
            return c;
        }
    }
    return C::Tolerated;
}

const Profile &spec_profile() { return shipped()[0]; }

namespace {

std::optional<Profile> &chosen_profile()
{
    static std::optional<Profile> chosen;
    return chosen;
}

}  // namespace

void set_profile_under_test(const Profile &profile) { chosen_profile() = profile; }

const Profile &profile_under_test()
{
    std::optional<Profile> &chosen = chosen_profile();
    if (!chosen) {
        const char *wanted = std::getenv("IOVCHECK_PROFILE");
        if (!wanted || !*wanted) {
            chosen = spec_profile();
        } else {
            ProfileResult r = resolve_profile(wanted);
            if (!r.profile) {
                std::fprintf(stderr, "IOVCHECK_PROFILE=%s: %s\n", wanted, r.error.c_str());
                std::exit(2);
            }
            chosen = std::move(r.profile);
        }
    }
    return *chosen;
}

ProfileResult resolve_profile(const std::string &arg)
{
    if (const Profile *profile = shipped_profile(arg)) {
        return {*profile, {}};
    }
    if (!std::filesystem::is_regular_file(arg)) {
        return {std::nullopt, "unknown profile '" + arg + "' (known: " + known_profiles() +
                                  "; nor is it a readable profile file)"};
    }
    return load_profile_file(arg);
}

}  // namespace iovcheck
