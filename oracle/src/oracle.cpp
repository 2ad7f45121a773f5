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
#include "violated.h"

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
                     const Difference &d, const std::string &rule = "")
{
    CheckResult result;
    result.ok = false;
    result.op_index = index;
    result.explanation = explain(p, space, index, who, mode, d, rule);
    return result;
}

const char *class_words(PreconditionClass c)
{
    switch (c) {
    case PreconditionClass::Checked: return "checked";
    case PreconditionClass::CallersDuty: return "the caller's duty";
    case PreconditionClass::Lenient: return "lenient";
    case PreconditionClass::Tolerated: return "tolerated";
    }
    return "?";
}

// "qemu_iovec_init.hint_nonneg is the caller's duty under profile emulator"
// (several: "a.x is checked, a.y is tolerated under profile P").
std::string rule_text(const PreconditionSet &broken, const Profile &profile)
{
    std::string text;
    broken.for_each([&](Precondition pre) {
        text += text.empty() ? "" : ", ";
        text += precondition_name(pre);
        text += " is ";
        text += class_words(profile.of(pre));
    });
    return text + " under profile " + profile.name;
}

// What the profile makes of one call the model reported a violation of.
struct Verdict {
    PreconditionClass cls = PreconditionClass::Checked;
    std::string rule;  // rule_text() of the preconditions it violates
};

Verdict judge(const ModelWorld &w, const Op &op, const Profile &profile)
{
    const PreconditionSet broken = violated_preconditions(w, op);
    return {profile.of(broken), rule_text(broken, profile)};
}

// The rule line of an explanation: what the profile promised for the call.
std::string rule_line(const Verdict &v, const Observed &expected, const Observed &actual)
{
    if (v.rule.empty()) {
        return "";  // the model predicted no violation
    }
    if (v.cls == PreconditionClass::Checked && !actual.violation) {
        return "missed check: " + v.rule;
    }
    if (v.cls == PreconditionClass::Tolerated) {
        return v.rule + " (not reported: the neutral result, nothing changed)";
    }
    return expected.violation ? v.rule : "";
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
    return check(impl, program, mode, spec_profile(), guards);
}

CheckResult check(const IovImpl &impl, const Program &program, Mode mode, const Profile &profile, Guards guards)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const std::shared_ptr<const Space> shared = shared_space(p.layout, guards);
    const Space &space = *shared;
    ModelWorld expected(space, p.layout);
    expected.empty_slice_inside_an_entry_is_embedded = profile.empty_slice_inside_an_entry_is_embedded;
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
        Observed e = model_step(expected, p.layout, p.ops[i], i);
        if (e.skipped) {
            continue;
        }
        Verdict verdict;
        if (e.violation) {
            verdict = judge(expected, p.ops[i], profile);
        }
        if (e.violation && verdict.cls == PreconditionClass::CallersDuty) {
            actual.skip(p.ops[i]);  // the model changed nothing either
            if (result.callers_duty_skipped++ == 0) {
                result.first_callers_duty = verdict.rule;
            }
            continue;
        }
        // A lenient precondition is reported through a handler that returns,
        // whatever the mode.
        const Mode call_mode = e.violation && verdict.cls == PreconditionClass::Lenient ? Mode::Lenient : mode;
        std::optional<HandlerScope> lenient_handler;
        if (call_mode != mode) {
            lenient_handler.emplace(impl, call_mode);
        }
        const Observed r = actual.step(p.ops[i], i, e);  // a tolerated call's buffers are sized as a violation's
        lenient_handler.reset();
        const bool violated = e.violation;
        if (violated && verdict.cls == PreconditionClass::Tolerated) {
            e.violation = false;  // not reported: the neutral result, nothing changed
        }
        Difference d;
        const HostMemory::Readable readable(actual.host);
        if (!compare_call(space, e, r, call_mode, d)) {
            return diverged(p, space, i, who() + ", profile " + profile.name, mode, d, rule_line(verdict, e, r));
        }
        result.ops_run++;
        result.violations += violated;
        if (e.violation && call_mode == Mode::Strict && !profile.compares_effects_before_report) {
            result.ended_at_report = true;  // the process would stop at the assert: nothing after it compares
            break;
        }
        if (!compare_state(space, expected.state(), actual.state(), d)) {
            return diverged(p, space, i, who() + ", profile " + profile.name, mode, d, rule_line(verdict, e, r));
        }
    }
    result.op_index = p.ops.size();
    return result;
}

CheckResult check_differential(const IovImpl &impl_a, const IovImpl &impl_b, const Program &program, Mode mode,
                               Guards guards)
{
    ignore_sigpipe_once();
    const Program p = normalize(program);
    const std::shared_ptr<const Space> shared = shared_space(p.layout, guards);
    const Space &space = *shared;
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
