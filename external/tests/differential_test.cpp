// The external implementation against core/ directly (check_differential)
// and against the model (check), on programs decoded from deterministic
// pseudo-random bytes with every flavour of the fuzz decoder, plus the
// hand-made programs that pin SPEC.md's edges.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include <iovcheck/oracle.h>
#include <iovcheck/registry.h>

#include "decoder.h"

namespace iovcheck {
namespace {

const IovImpl &external_impl()
{
    const IovImpl *impl = find_impl("external");
    if (impl == nullptr) {
        ADD_FAILURE() << "no implementation named \"external\" is registered";
        return core_impl();
    }
    return *impl;
}

void expect_agrees(const Program &p)
{
    CheckResult differential = check_differential(core_impl(), external_impl(), p, Mode::Strict);
    EXPECT_TRUE(differential.ok) << differential.explanation;
    CheckResult against_model = check(external_impl(), p, Mode::Strict);
    EXPECT_TRUE(against_model.ok) << against_model.explanation;
}

Program program(std::vector<size_t> lens, std::vector<Op> ops)
{
    Program p;
    p.layout.seg_len = std::move(lens);
    p.ops = std::move(ops);
    return p;
}

TEST(ExternalDifferential, EdgesOfSpec)
{
    const size_t all = SIZE_MAX;
    expect_agrees(program({3, 0, 4}, {Op::to_buf_full(0, all), Op::from_buf(2, 3), Op::memset(7, 1, 0),
                                      Op::to_buf_full(8, 1), Op::copy(3, 1, 0), Op::copy(3, 3, 0),
                                      Op::copy(0, 1, 2), Op::hexdump(0, all), Op::hexdump(2, 3)}));
    expect_agrees(program({4, 0, 4}, {Op::qiov_init_external(0, 3), Op::qiov_subvec_niov(0, 4, 0),
                                      Op::qiov_subvec_niov(0, 2, 0), Op::qiov_init_extended(1, 3, 0, 2, 4, 5),
                                      Op::qiov_init_extended(2, 0, 0, 1, 2, 0), Op::qiov_init_slice(3, 0, 4, 0),
                                      Op::qiov_init_extended(1, all, 0, 0, 1, 2), Op::qiov_is_zero(0, 1, all),
                                      Op::qiov_discard_back(2, 2), Op::qiov_buf(2)}));
    expect_agrees(program({3, 3, 3}, {Op::discard_front(4, true), Op::discard_undo(), Op::discard_back(3, true),
                                      Op::discard_undo(), Op::discard_front(0, false), Op::discard_back(all, true)}));
    expect_agrees(program({5, 6}, {Op::qiov_init(0, 0), Op::qiov_add(0, 0, 1, 3), Op::qiov_add(0, 1, 0, 0),
                                   Op::qiov_concat_iov(0, 2, all), Op::qiov_concat(0, 0, 1, 4),
                                   Op::qiov_clone(1, 0), Op::qiov_compare(0, 0), Op::qiov_reset(0),
                                   Op::qiov_destroy(1), Op::qiov_init_buf_macro(2, 1, 1, 3)}));
    expect_agrees(program({4, 9}, {Op::send_recv(1, 10, kDoSend, 3, 0), Op::send_recv(0, 13, 0, 2, 13),
                                   Op::send_recv(2, 9, kNonBlocking | kPeerKeepsOpen, 9, 4),
                                   Op::send_recv(0, 14, kDoSend, 1, 0)}));
}

// Programs decoded from pseudo-random bytes (a fixed seed: the same programs
// every run), per decoder flavour.
class RandomPrograms : public testing::TestWithParam<fuzz::Flavour> {};

TEST_P(RandomPrograms, ExternalAgreesWithCoreAndTheModel)
{
    std::mt19937_64 random(0x10c4ec + static_cast<unsigned>(GetParam()));
    const int programs = GetParam() == fuzz::Flavour::SendRecv ? 30 : 300;
    for (int i = 0; i < programs; ++i) {
        std::vector<uint8_t> bytes(16 + random() % 240);
        for (uint8_t &b : bytes) {
            b = static_cast<uint8_t>(random());
        }
        const Program p = fuzz::decode(GetParam(), bytes.data(), bytes.size()).program;
        CheckResult differential = check_differential(core_impl(), external_impl(), p, Mode::Strict);
        ASSERT_TRUE(differential.ok) << "program " << i << ":\n" << differential.explanation;
        CheckResult against_model = check(external_impl(), p, Mode::Strict);
        ASSERT_TRUE(against_model.ok) << "program " << i << ":\n" << against_model.explanation;
    }
}

std::string flavour_name(const testing::TestParamInfo<fuzz::Flavour> &info)
{
    static const char *const names[] = {"Ops", "Ranges", "Undo", "Clone", "SendRecv"};
    return names[static_cast<int>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(Flavours, RandomPrograms,
                         testing::Values(fuzz::Flavour::Ops, fuzz::Flavour::Ranges, fuzz::Flavour::Undo,
                                         fuzz::Flavour::Clone, fuzz::Flavour::SendRecv),
                         flavour_name);

}  // namespace
}  // namespace iovcheck
