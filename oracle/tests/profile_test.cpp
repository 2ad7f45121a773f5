// The precondition list and the contract profiles: names are stable and
// unique, the shipped profiles say exactly what SPEC.md's tables say, and
// every malformed profile file is refused with its file and line.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <set>
#include <string>

#include <iovcheck/profile.h>

namespace iovcheck {
namespace {

using P = Precondition;
using C = PreconditionClass;

std::vector<P> all_preconditions()
{
    std::vector<P> all;
    for (size_t i = 0; i < kPreconditionCount; ++i) {
        all.push_back(static_cast<P>(i));
    }
    return all;
}

TEST(Preconditions, NamesAreFunctionDotRuleUniqueAndFoundAgain)
{
    std::set<std::string> seen;
    for (P p : all_preconditions()) {
        const std::string name = precondition_name(p);
        const std::string function = precondition_function(p);
        EXPECT_EQ(name.rfind(function + ".", 0), 0u) << name;
        EXPECT_GT(name.size(), function.size() + 1) << name;
        EXPECT_TRUE(seen.insert(name).second) << "twice: " << name;
        EXPECT_EQ(precondition_by_name(name), p) << name;
        EXPECT_STRNE(precondition_text(p), "") << name;
    }
}

TEST(Preconditions, EnumeratorsNameTheirPrecondition)
{
    EXPECT_STREQ(precondition_name(P::qemu_iovec_is_zero__range_inside),
                 "qemu_iovec_is_zero.range_inside");
    EXPECT_STREQ(precondition_name(P::iov_copy__dst_cnt_positive), "iov_copy.dst_cnt_positive");
    EXPECT_STREQ(precondition_function(P::qemu_iovec_init__hint_nonneg), "qemu_iovec_init");
    EXPECT_STREQ(precondition_text(P::iov_memset__offset_inside), "offset <= size");
}

TEST(Preconditions, UnknownNamesAndValuesAreRefused)
{
    EXPECT_EQ(precondition_by_name("iov_copy"), std::nullopt);
    EXPECT_EQ(precondition_by_name("iov_copy.nonsense"), std::nullopt);
    EXPECT_EQ(precondition_by_name(""), std::nullopt);
    EXPECT_STREQ(precondition_name(P::Count), "?");
}

TEST(Profiles, ClassNamesRoundTrip)
{
    for (C c : {C::Checked, C::CallersDuty, C::Lenient, C::Tolerated}) {
        EXPECT_EQ(class_by_name(class_name(c)), c);
    }
    EXPECT_EQ(class_by_name("Checked"), std::nullopt);
}

TEST(Profiles, ShippedInOrder)
{
    const std::vector<std::string_view> expected = {"spec", "lenient", "emulator", "emulator-new"};
    EXPECT_EQ(shipped_profile_names(), expected);
    for (std::string_view name : expected) {
        ASSERT_NE(shipped_profile(name), nullptr);
        EXPECT_EQ(shipped_profile(name)->name, name);
    }
    EXPECT_EQ(shipped_profile("emulator-old"), nullptr);
}

TEST(Profiles, SpecChecksEverythingAndLenientReturnsEverywhere)
{
    for (P p : all_preconditions()) {
        EXPECT_EQ(shipped_profile("spec")->of(p), C::Checked) << precondition_name(p);
        EXPECT_EQ(shipped_profile("lenient")->of(p), C::Lenient) << precondition_name(p);
    }
}

// SPEC.md's table: the caller's-duty column, everything else asserted.
const std::set<P> kEmulatorCallersDuty = {
    P::iov_send_recv__empty_offset_inside, P::qemu_iovec_init__hint_nonneg,
    P::qemu_iovec_init_external__count_nonneg, P::qemu_iovec_buf__embedded,
    P::qemu_iovec_clone__dst_owned_empty_src};

TEST(Profiles, EmulatorIsSpecTable)
{
    const Profile &emulator = *shipped_profile("emulator");
    for (P p : all_preconditions()) {
        EXPECT_EQ(emulator.of(p), kEmulatorCallersDuty.count(p) ? C::CallersDuty : C::Checked)
            << precondition_name(p);
    }
    // The wrapping range tests stay checked: what slips past them is a finding.
    EXPECT_EQ(emulator.of(P::qemu_iovec_is_zero__range_inside), C::Checked);
    EXPECT_FALSE(emulator.may_violate(P::qemu_iovec_init__hint_nonneg));
    EXPECT_TRUE(emulator.must_report(P::qemu_iovec_subvec_niov__range_inside));
}

TEST(Profiles, EmulatorNewToleratesOffsetsPastTheEndOnly)
{
    const std::set<P> tolerated = {
        P::iov_from_buf_full__offset_inside, P::iov_to_buf_full__offset_inside,
        P::iov_from_buf__offset_inside,      P::iov_to_buf__offset_inside,
        P::iov_memset__offset_inside,        P::iov_copy__offset_inside,
        P::qemu_iovec_concat_iov__offset_inside, P::qemu_iovec_concat__offset_inside,
        P::qemu_iovec_to_buf__offset_inside, P::qemu_iovec_from_buf__offset_inside,
        P::qemu_iovec_memset__offset_inside};
    const Profile &emulator = *shipped_profile("emulator");
    const Profile &newer = *shipped_profile("emulator-new");
    for (P p : all_preconditions()) {
        EXPECT_EQ(newer.of(p), tolerated.count(p) ? C::Tolerated : emulator.of(p))
            << precondition_name(p);
    }
    EXPECT_EQ(newer.of(P::qemu_iovec_slice__range_inside), C::Checked);
    EXPECT_FALSE(newer.must_report(P::iov_copy__offset_inside));
    EXPECT_TRUE(newer.may_violate(P::iov_copy__offset_inside));
}

TEST(ProfileFile, OverridesSinglePreconditions)
{
    const ProfileResult r = parse_profile(
        "# our fork\n"
        "\n"
        "  base emulator   # start here\n"
        "name my-fork\n"
        "qemu_iovec_init.hint_nonneg checked\n"
        "\tiov_copy.offset_inside\ttolerated\r\n",
        "fork.profile");
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(r.error, "");
    EXPECT_EQ(r.profile->name, "my-fork");
    EXPECT_EQ(r.profile->of(P::qemu_iovec_init__hint_nonneg), C::Checked);
    EXPECT_EQ(r.profile->of(P::iov_copy__offset_inside), C::Tolerated);
    EXPECT_EQ(r.profile->of(P::qemu_iovec_buf__embedded), C::CallersDuty);
}

TEST(ProfileFile, NameDefaultsToTheFile)
{
    const ProfileResult r = parse_profile("base lenient", "x/y.profile");
    ASSERT_TRUE(r.profile) << r.error;
    EXPECT_EQ(r.profile->name, "x/y.profile");
    EXPECT_EQ(r.profile->classes, shipped_profile("lenient")->classes);
}

struct BadProfile {
    const char *text;
    const char *error;
};

void PrintTo(const BadProfile &bad, std::ostream *out) { *out << testing::PrintToString(std::string(bad.text)); }

class ProfileFileError : public testing::TestWithParam<BadProfile> {};

TEST_P(ProfileFileError, NamesFileAndLine)
{
    const ProfileResult r = parse_profile(GetParam().text, "f.profile");
    EXPECT_FALSE(r.profile);
    EXPECT_EQ(r.error, GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    EveryError, ProfileFileError,
    testing::Values(
        BadProfile{"", "f.profile: no 'base PROFILE' line (known: spec, lenient, emulator, emulator-new)"},
        BadProfile{"# only a comment\n\n",
                   "f.profile: no 'base PROFILE' line (known: spec, lenient, emulator, emulator-new)"},
        BadProfile{"base qemu\n",
                   "f.profile:1: unknown profile 'qemu' (known: spec, lenient, emulator, emulator-new)"},
        BadProfile{"base\n", "f.profile:1: expected 'base PROFILE'"},
        BadProfile{"base spec lenient\n", "f.profile:1: expected 'base PROFILE'"},
        BadProfile{"base spec\nbase lenient\n",
                   "f.profile:2: 'base' must come once, before every other directive"},
        BadProfile{"iov_copy.offset_inside checked\nbase spec\n",
                   "f.profile:1: expected 'base PROFILE' before any other directive"},
        BadProfile{"name x\nbase spec\n",
                   "f.profile:1: expected 'base PROFILE' before any other directive"},
        BadProfile{"base spec\nname\n", "f.profile:2: expected one 'name NAME'"},
        BadProfile{"base spec\nname a\nname b\n", "f.profile:3: expected one 'name NAME'"},
        BadProfile{"base spec\n\n# x\niov_copy.offset_inside\n",
                   "f.profile:4: expected 'PRECONDITION CLASS'"},
        BadProfile{"base spec\niov_copy.offset_inside checked extra\n",
                   "f.profile:2: expected 'PRECONDITION CLASS'"},
        BadProfile{"base spec\niov_copy.offset_in checked\n",
                   "f.profile:2: unknown precondition 'iov_copy.offset_in'"},
        BadProfile{"base spec\niov_copy.offset_inside callers-duty\n",
                   "f.profile:2: unknown class 'callers-duty' (known: checked, caller-duty, lenient, "
                   "tolerated)"},
        BadProfile{"base spec\niov_copy.offset_inside lenient\niov_copy.offset_inside checked\n",
                   "f.profile:3: 'iov_copy.offset_inside' already set on line 2"}));

TEST(ProfileFile, ResolvesShippedNamesThenFiles)
{
    ASSERT_TRUE(resolve_profile("emulator").profile);
    EXPECT_EQ(resolve_profile("emulator").profile->name, "emulator");

    const ProfileResult unknown = resolve_profile("emulater");
    EXPECT_FALSE(unknown.profile);
    EXPECT_EQ(unknown.error, "unknown profile 'emulater' (known: spec, lenient, emulator, "
                             "emulator-new; nor is it a readable profile file)");

    const std::string path = testing::TempDir() + "resolve_test.profile";
    std::ofstream(path) << "base emulator-new\nqemu_iovec_is_zero.range_inside tolerated\n";
    const ProfileResult from_file = resolve_profile(path);
    ASSERT_TRUE(from_file.profile) << from_file.error;
    EXPECT_EQ(from_file.profile->name, path);
    EXPECT_EQ(from_file.profile->of(P::qemu_iovec_is_zero__range_inside), C::Tolerated);

    std::ofstream(path) << "base emulator-new\nqemu_iovec_is_zero.range_inside sometimes\n";
    EXPECT_EQ(load_profile_file(path).error,
              path + ":2: unknown class 'sometimes' (known: checked, caller-duty, lenient, tolerated)");
    std::remove(path.c_str());
    EXPECT_EQ(load_profile_file(path).error, path + ": cannot read the profile file");
    EXPECT_EQ(load_profile_file(testing::TempDir()).error,
              testing::TempDir() + ": cannot read the profile file");
}

}  // namespace
}  // namespace iovcheck
