// The oracle's entry points (see oracle.h): one program run on an
// implementation and on the model (check), or on two implementations in
// lockstep (check_differential), call by call, stopping at the first
// divergence.  The parts live beside this file: guarded_space (where every
// byte lives), model_world and real_world (the two sides), handlers (the
// contract handlers a call runs under), compare (comparison and explanation).
#include <iovcheck/oracle.h>

#include <iovcheck/absent.h>

#include "compare.h"
#include "guarded_space.h"
#include "handlers.h"
#include "model_world.h"
#include "real_world.h"

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>

namespace iovcheck {

static_assert(model::kIovMax == IOV_MAX, "model and header disagree on IOV_MAX");

using namespace oracle_internal;

namespace {

void ignore_sigpipe_once()
{
    // A peer that went away must fail the send with EPIPE, not kill the process.
    static std::once_flag once;
    std::call_once(once, [] { signal(SIGPIPE, SIG_IGN); });
}

CheckResult diverged(const Program &p, const Space &space, size_t index, const std::string &who, Mode mode,
                     const Difference &d)
{
    CheckResult result;
    result.ok = false;
    result.op_index = index;
    result.explanation = explain(p, space, index, who, mode, d);
    return result;
}

}  // namespace

Guards default_guards()
{
    static const Guards guards = [] {
        const char *value = std::getenv("IOVCHECK_GUARD_PAGES");
        return value && std::strcmp(value, "1") == 0 ? Guards::GuardPages : Guards::Canaries;
    }();
    return guards;
}

CheckResult check(const IovImpl &impl, const Program &program, Mode mode, Guards guards)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const Space space = make_space(p.layout, guards);
    ModelWorld expected(space, p.layout);
    CheckResult result;
    HandlerScope handler(impl, mode);
    RealWorld actual(impl, space, p.layout);
    auto who = [&] { return std::string("implementation \"") + impl.name + "\" against the model"; };
    size_t i = 0;
    std::string guarded_who;
    std::optional<GuardPageReport> fault_report;
    if (space.guard_pages) {
        guarded_who = who();
        fault_report.emplace(space, actual.host, guarded_who, p, i);
    }
    for (; i < p.ops.size(); i++) {
        if (!can_run(impl, p.ops[i])) {
            continue;  // an absent function: neither world runs the call
        }
        const Observed e = model_step(expected, p.layout, p.ops[i], i);
        if (e.skipped) {
            continue;
        }
        const Observed r = actual.step(p.ops[i], i, e);
        Difference d;
        const HostMemory::Readable readable(actual.host);
        if (!compare_call(space, e, r, mode, d) || !compare_state(space, expected.state(), actual.state(), d)) {
            return diverged(p, space, i, who(), mode, d);
        }
        result.ops_run++;
        result.violations += e.violation;
    }
    result.op_index = p.ops.size();
    return result;
}

CheckResult check_differential(const IovImpl &impl_a, const IovImpl &impl_b, const Program &program, Mode mode,
                               Guards guards)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const Space space = make_space(p.layout, guards);
    ModelWorld planner(space, p.layout);
    RealWorld world_a(impl_a, space, p.layout);
    RealWorld world_b(impl_b, space, p.layout);
    CheckResult result;
    const std::string who = std::string("\"") + impl_a.name + "\" (expected) against \"" + impl_b.name + "\"";
    size_t i = 0;
    const std::string who_a = std::string("implementation \"") + impl_a.name + "\"";
    const std::string who_b = std::string("implementation \"") + impl_b.name + "\"";
    std::optional<GuardPageReport> fault_report_a, fault_report_b;
    if (space.guard_pages) {
        fault_report_a.emplace(space, world_a.host, who_a, p, i);
        fault_report_b.emplace(space, world_b.host, who_b, p, i);
    }
    for (; i < p.ops.size(); i++) {
        if (!can_run(impl_a, p.ops[i]) || !can_run(impl_b, p.ops[i])) {
            continue;  // an absent function: no world runs the call
        }
        const Observed plan = model_step(planner, p.layout, p.ops[i], i);
        if (plan.skipped) {
            continue;
        }
        Observed oa, ob;
        {
            HandlerScope handler(impl_a, mode);
            oa = world_a.step(p.ops[i], i, plan);
        }
        {
            HandlerScope handler(impl_b, mode);
            ob = world_b.step(p.ops[i], i, plan);
        }
        // A non-blocking send may legitimately move different amounts:
        // each is held to the model's range instead.
        const bool ranged = plan.ret_min != plan.ret;
        Difference d;
        const HostMemory::Readable readable_a(world_a.host), readable_b(world_b.host);
        bool same = ranged ? compare_call(space, plan, oa, mode, d) && compare_call(space, plan, ob, mode, d)
                           : compare_call(space, oa, ob, mode, d);
        if (!same || !compare_state(space, world_a.state(), world_b.state(), d)) {
            return diverged(p, space, i, who, mode, d);
        }
        result.ops_run++;
        result.violations += plan.violation;
    }
    result.op_index = p.ops.size();
    return result;
}

}  // namespace iovcheck
