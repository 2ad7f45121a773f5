// The implementation table generated from the one list of the API's
// functions: names, presence, and absent functions, which no driver calls
// and the oracle skips in both worlds.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>

#include <iovcheck/absent.h>
#include <iovcheck/oracle.h>

namespace iovcheck {
namespace {

TEST(ImplTable, NamesRoundTripAndAreUnique)
{
    std::set<std::string> seen;
    for (size_t i = 0; i < kFnCount; ++i) {
        const Fn fn = static_cast<Fn>(i);
        EXPECT_TRUE(seen.insert(fn_name(fn)).second) << fn_name(fn);
        EXPECT_EQ(fn_by_name(fn_name(fn)), fn);
    }
    EXPECT_STREQ(fn_name(Fn::qemu_iovec_init_buf_macro), "qemu_iovec_init_buf_macro");
    EXPECT_EQ(fn_by_name("qemu_iovec_frobnicate"), std::nullopt);
    EXPECT_STREQ(fn_name(Fn::Count), "?");
}

// core/ has every function of the revision SPEC.md describes.
TEST(ImplTable, CoreHasEveryFunctionOfItsGeneration)
{
    const IovImpl &core = core_impl();
#define IOVCHECK_EXPECT_EVERY_every(name) EXPECT_TRUE(core.has(Fn::name)) << #name;
#define IOVCHECK_EXPECT_EVERY_newer(name)
#define IOVCHECK_EXPECT_CORE_HAS(return_type, name, parameters, generation) \
    IOVCHECK_EXPECT_EVERY_##generation(name)
    IOVCHECK_API_FUNCTIONS(IOVCHECK_EXPECT_CORE_HAS)
#define IOVCHECK_EXPECT_HEADER_ENTRY(return_type, name, parameters, built_on) \
    EXPECT_TRUE(core.has(Fn::name)) << #name;
    IOVCHECK_API_HEADER_ENTRIES(IOVCHECK_EXPECT_HEADER_ENTRY)
    EXPECT_TRUE(core.honours_lenient_mode);
}

TEST(ImplTable, HasFollowsTheEntry)
{
    IovImpl older = core_impl();
    EXPECT_TRUE(older.has(Fn::qemu_iovec_init_extended));
    older.qemu_iovec_init_extended = nullptr;
    EXPECT_FALSE(older.has(Fn::qemu_iovec_init_extended));
    EXPECT_FALSE(older.has(Fn::Count));
    const std::vector<Fn> absent = absent_functions(older);
    EXPECT_NE(std::find(absent.begin(), absent.end(), Fn::qemu_iovec_init_extended), absent.end());
}

TEST(AbsentFunctions, EachOpNamesTheFunctionItCalls)
{
    EXPECT_EQ(op_function(Op::discard_front(3, false)), Fn::iov_discard_front);
    EXPECT_EQ(op_function(Op::discard_front(3, true)), Fn::iov_discard_front_undoable);
    EXPECT_EQ(op_function(Op::discard_back(3, true)), Fn::iov_discard_back_undoable);
    EXPECT_EQ(op_function(Op::qiov_init_buf_macro(0, 0, 0, 1)), Fn::qemu_iovec_init_buf_macro);
    // Every op kind's row is named after its function.
    for (unsigned k = 0; k < kOpKinds; ++k) {
        const OpKind kind = static_cast<OpKind>(k);
        if (kind != OpKind::QInitBufMacro) {
            EXPECT_STREQ(fn_name(op_kind_function(kind)), op_name(kind));
        }
    }
}

Program program_with_undo()
{
    Program p;
    p.layout.seg_len = {3, 0, 5};
    p.ops = {Op::discard_front(4, true), Op::to_buf_full(0, SIZE_MAX), Op::discard_undo(),
             Op::qiov_init(0, 1), Op::qiov_add(0, 0, 0, 2), Op::qiov_init_extended(1, 0, 0, 0, 2, 0),
             Op::qiov_to_buf(1, 0, 2)};
    return p;
}

// An older generation: no undo, no init_extended.  The calls of those are
// skipped in both worlds; everything else is still checked.
TEST(AbsentFunctions, TheOracleSkipsTheirCalls)
{
    IovImpl older = core_impl();
    older.name = "older";
    older.iov_discard_front_undoable = nullptr;
    older.iov_discard_undo = nullptr;
    older.qemu_iovec_init_extended = nullptr;
    const Program p = program_with_undo();
    const CheckResult all = check(core_impl(), p, Mode::Strict);
    ASSERT_TRUE(all.ok) << all.explanation;
    const CheckResult r = check(older, p, Mode::Strict);
    ASSERT_TRUE(r.ok) << r.explanation;
    EXPECT_EQ(r.ops_run, all.ops_run - 3);
    const CheckResult d = check_differential(core_impl(), older, p, Mode::Strict);
    ASSERT_TRUE(d.ok) << d.explanation;
    EXPECT_EQ(d.ops_run, all.ops_run - 3);
}

// What is present is still judged: a wrong add is caught next to an absent init_extended.
TEST(AbsentFunctions, PresentFunctionsAreStillJudged)
{
    IovImpl older = core_impl();
    older.name = "older";
    older.qemu_iovec_init_extended = nullptr;
    older.qemu_iovec_add = [](QEMUIOVector *q, void *base, size_t len) { qemu_iovec_add(q, base, len + 1); };
    const CheckResult r = check(older, program_with_undo(), Mode::Strict);
    EXPECT_FALSE(r.ok);
    EXPECT_EQ(r.op_index, 4u) << r.explanation;
}

}  // namespace
}  // namespace iovcheck
