// The oracle: runs a Program on an implementation and on the model, and
// compares everything observable after every call.  The one place where
// core/ (through an IovImpl table) and model/ meet; the RapidCheck
// properties, the libFuzzer targets and the reproducer all call check().
//
// What is compared after each call: the return value; errno (iov_send_recv);
// every byte of guarded memory (segments, the canaries around them, the
// head/tail and clone buffers); destination buffers of to_buf (with a canary
// after them); the bytes the socket peer received; hexdump text (through
// open_memstream); the caller's iovec array and its view (with guard
// entries around it); iov_copy's destination array (with guard entries);
// every vector slot (niov, nalloc, size, owned/embedded/external, entries
// as addresses relative to guarded memory); the undo records.  A contract
// violation the model predicts must reach the handler with nothing changed;
// none may be reported when the model predicts none.
//
// The profile (profile.h) says what each precondition promises.  Before
// each call the model names the preconditions it violates, and the call's
// class decides:
//   caller's duty  the call is run on neither side (counted in
//                  callers_duty_skipped, never a finding): the safety net of
//                  every driver, decoded fuzz input included;
//   checked        the implementation must report it (else "missed check");
//                  under `spec` with nothing changed; under a profile that
//                  does not compare effects before a report (`emulator`: an
//                  assert() may fire after bytes moved) the program ends
//                  there and passes;
//   lenient        reported through a handler that returns (for this call,
//                  whatever the mode): neutral result, no effect;
//   tolerated      not reported: neutral result, no effect.
// The explanation names the precondition and its class under the profile.
//
// Usage:
//   #include <iovcheck/impl.h>
//   #include <iovcheck/oracle.h>
//   iovcheck::CheckResult r = iovcheck::check(iovcheck::core_impl(), program,
//                                             iovcheck::Mode::Strict);
//   ASSERT_TRUE(r.ok) << r.explanation;
//
// Deterministic (same program, same result), single-threaded except for
// the socket peer of SendRecv ops, and every socket wait is bounded (2 s).
// check() installs the implementation's process-wide contract handler for
// its duration: do not run two checks of one implementation concurrently.
// It ignores SIGPIPE (once, process-wide) so that a vanished peer is an
// EPIPE result, not a dead process.
//
// Memory layout (addresses in explanations): "seg#3[5]" is byte 5 of
// segment 3 (separate layout), "arena[17]" byte 17 of the shared arena,
// "canary after seg#3[0]" the first canary byte past it; zero-length
// segments point at bytes of their own that ASan builds poison, so any
// access through them is reported where it happens.  ASan builds poison the
// canaries too (the oracle unpoisons them only for its own comparison), so a
// read past a region is reported as well as a write.
//
// Guard pages (Guards::GuardPages, or IOVCHECK_GUARD_PAGES=1 in the
// environment): every separate segment of length > 0 also ends exactly at a
// page boundary, followed by an inaccessible (PROT_NONE) page, so that a
// read or write past its end faults in any build: the process dies with a
// message naming the implementation, the call and the segment ("guard page
// after seg#3").  Slower (two pages per segment): for part of the suite.
#pragma once

#include <cstddef>
#include <string>

#include <iovcheck/impl.h>
#include <iovcheck/profile.h>
#include <iovcheck/program.h>

namespace iovcheck {

enum class Mode {
    Strict,   // the contract handler does not return: it longjmps out of the call
    Lenient,  // the contract handler returns: the call returns its neutral result
};

// How the implementation's memory is guarded (see above).
enum class Guards {
    Canaries,    // canary bytes after every region (poisoned under ASan)
    GuardPages,  // also a PROT_NONE page after every separate segment
};

// Guards::GuardPages when IOVCHECK_GUARD_PAGES is set to 1 in the
// environment, Guards::Canaries otherwise (read once).
Guards default_guards();

struct CheckResult {
    bool ok = true;
    // Index of the first call that diverged (ops.size() when ok).
    size_t op_index = 0;
    // For a person: the layout, the call and its arguments, expected and
    // actual, the first differing byte or field, and the program.
    std::string explanation;
    size_t ops_run = 0;     // calls run (skipped ones excluded)
    size_t violations = 0;  // calls run that violate a precondition (tolerated ones included)
    // Calls not run because they break a caller's-duty precondition of the
    // profile, and the first one's reason ("qemu_iovec_init.hint_nonneg is
    // the caller's duty under profile emulator").
    size_t callers_duty_skipped = 0;
    std::string first_callers_duty;
    // The program ended at a checked report whose effects the profile does
    // not compare (nothing after it is comparable).
    bool ended_at_report = false;
    explicit operator bool() const { return ok; }
};

// Runs `p` (normalized) on `impl` and on the model under `profile`; stops
// at the first divergence.
CheckResult check(const IovImpl &impl, const Program &p, Mode mode, const Profile &profile,
                  Guards guards = default_guards());
// The same under the profile `spec` (every precondition checked).
CheckResult check(const IovImpl &impl, const Program &p, Mode mode, Guards guards = default_guards());

// Runs `p` on two implementations in lockstep and compares them with each
// other (the model only plans buffer sizes and skipped calls).
CheckResult check_differential(const IovImpl &a, const IovImpl &b, const Program &p,
                               Mode mode = Mode::Strict, Guards guards = default_guards());

}  // namespace iovcheck
