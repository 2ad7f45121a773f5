"""ci/conformance: one row per function of SPEC.md for an external implementation.

  ci/conformance --impl SOURCE... [--include DIR...] [--profile P] [--programs N]
                 [--asan] [--call-timeout S] [--only FUNCTION[,FUNCTION...]]
                 [--known FILE] [--out DIR]

Builds the harness against an external implementation of SPEC.md's API (C or
C++ sources, e.g. an emulator's util/iov.c: external/compat supplies
qemu/osdep.h, qemu/iov.h, qemu/sockets.h, qemu/cutils.h) in its own build
folder, then prints one row per function: pass, or
the first counterexample in the oracle's words (shrunk; the full text is
under the build's counterexamples/), and a one-line summary.  The build is
build/impl-dev-<hash> (build/impl-asan-<hash> with --asan), one per set of
sources (impl.py).
Strict mode: a failed assert() is a rejected call.  --call-timeout S (default
10): a program that runs longer is a hang, reported with the program.

Every failing row is a finding (findings.py): its class, the first frame
inside the implementation, the one-line summary and the command that reruns
it.  The report's first line names the implementation and the profile.
Beside the table, --out DIR (default <build>/conformance) receives
findings.json, junit.xml (one test case per function) and findings.sarif
(SARIF 2.1.0, one result per distinct finding).  --known FILE (lines
'<signature> <reason>') accepts known findings: still counted, not failing.

Exit status: 0 no finding outside --known, 1 some, 2 bad arguments or paths,
3 the sources do not build (the first errors and the log are shown),
130/143 interrupted.

Example: ci/conformance --impl external/example/iov_example.c
"""
import os
import re
import signal
import subprocess
import sys

from . import build, cli, impl, profiles
from . import findings as found
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError

REPO = fuzz_targets.repo_root()
MAX_PROGRAMS = 10_000_000
MAX_CALL_TIMEOUT_S = 3600


def parse_args(argv):
    p = cli.OneLineParser(prog="conformance", description=__doc__.split("\n\n")[0])
    impl.add_arguments(p)
    p.add_argument("--programs", type=cli.bounded(int, 1, MAX_PROGRAMS, "a whole number"),
                   default=300, help="generated programs per function (default 300)")
    p.add_argument("--call-timeout", type=cli.positive_float(MAX_CALL_TIMEOUT_S), default=10.0,
                   metavar="S", help="seconds one program may run before it is a hang (default 10)")
    p.add_argument("--asan", action="store_true", help="build with clang, ASan and UBSan")
    p.add_argument("--only", metavar="FUNCTION[,FUNCTION...]", help="check only these functions")
    p.add_argument("--known", metavar="FILE", help="known findings: '<signature> <reason>' per line")
    p.add_argument("--out", metavar="DIR", help="folder of findings.json, junit.xml, findings.sarif "
                   "(default <build>/conformance)")
    args = p.parse_args(argv)
    if args.only is not None and not re.fullmatch(r"\w+(,\w+)*", args.only):
        raise UsageError("--only needs function names separated by commas, not %r" % args.only)
    if not args.impl:
        raise UsageError("--impl needs at least one source file")
    for source in args.impl:
        if not os.path.exists(source):
            raise UsageError("no such source file: %s" % source)
    return args, impl.from_args(args)


def build_harness(implementation, preset):
    """The conformance binary of the implementation's build of preset."""
    build_dir = implementation.build_dir(preset)
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "build.log")
    open(log, "w").close()
    try:
        impl.ensure_built(implementation, preset, ["iovcheck_conformance"], log, "conformance")
    except ToolFailure:
        with open(log, errors="replace") as f:
            errors = [line for line in f if re.search(r"error|undefined reference|CMake Error", line)]
        sys.stdout.write("".join(errors[:5]))  # stderr keeps the one line
        raise ToolFailure("the sources do not build; full log: %s" % log)
    return build_dir, os.path.join(build_dir, "external", "iovcheck_conformance")


def supports(binary, option):
    """Whether this build of the conformance binary knows option (older ones do not)."""
    proc = subprocess.run([binary, "--help"], capture_output=True, text=True, errors="replace")
    return option in proc.stdout + proc.stderr


_ROW = re.compile(r"^(\w+)\s+(pass|FAIL|absent)$")
_HANG = "conformance: hang:"
_CRASHED = re.compile(r"^conformance: the implementation crashed: (.*?)(?: \(stderr: .*\))?$", re.M)
_NO_RESULT = re.compile(r"^conformance: the row ended without a result \(exit status (\d+)\)", re.M)


def _read(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def _signal_number(description):
    """The signal whose strsignal() text is description (0 when none is)."""
    for number in range(1, signal.NSIG):
        try:
            if signal.strsignal(number) == description:
                return number
        except ValueError:
            continue
    return 0


def row_finding(function, explanation, stderr_text, impl_paths, rerun):
    """The finding of one failing row: the binary's explanation (a counterexample,
    a hang with its program, a crash or an exit) read together with what the
    row's process wrote on stderr (a sanitizer report), so that a sanitizer's
    kind and stack win over the bare "crashed" or "exit status" the binary saw."""
    timed_out = explanation.startswith(_HANG)
    crashed = _CRASHED.search(explanation)
    no_result = _NO_RESULT.search(explanation)
    status = -_signal_number(crashed.group(1)) if crashed else int(no_result.group(1)) if no_result else 1
    finding = found.classify(stderr_text + "\n" + explanation, status or 1, timed_out, impl_paths, function)
    if finding is None:  # a FAIL the binary could not explain: still a finding, never a silent row
        first = explanation.strip().splitlines()[0] if explanation.strip() else "no explanation"
        finding = found.Finding("unexpected exit", "no result", first[:300], function,
                                signature=found._digest("unexpected exit", "no result", function))
    if timed_out and not finding.program:
        finding.program = "\n".join(line[len("program: "):] for line in explanation.splitlines()
                                    if line.startswith("program: "))
    finding.rerun = rerun
    finding.where = "conformance " + function
    return finding


def rerun_command(args, implementation, function):
    words = ["ci/conformance"] + implementation.arguments(os.path.relpath)
    if args.asan:
        words.append("--asan")
    return " ".join(words + ["--programs", str(args.programs), "--only", function])


def print_row(function, result, lines, finding):
    if finding is None:
        print("%-28s %s" % (function, result))
        return
    mark = "  [known: %s]" % finding.suppressed if finding.suppressed else ""
    print("%-28s FAIL  %s (%s)%s" % (function, finding.cls, finding.kind, mark))
    print("    at:      %s" % (finding.frame or "(no stack frame inside the implementation)"))
    print("    summary: %s" % finding.summary)
    print("    rerun:   %s" % finding.rerun)
    for line in lines:  # the binary's own words, less those the finding above replaces
        text = line.strip()
        if not (text.startswith("full counterexample:") or _CRASHED.match(text) or _NO_RESULT.match(text)):
            print(line)
    if finding.program and finding.cls != "hang":  # a hang's program is among the binary's lines
        print("    program (shrunk):")
        for line in finding.program.splitlines():
            print("      " + line)


def run_rows(cmd, env, args, implementation, details, known):
    """Runs the binary, printing one row per function as it ends; returns
    ({function: [finding]}, the binary's closing line, its exit status)."""
    cases = {}
    closing = ""
    pending = None  # [function, result, indented lines]

    def finish(row):
        function, result, lines = row
        finding = None
        if result == "FAIL":
            finding = row_finding(function, _read(os.path.join(details, function + ".txt")),
                                  _read(os.path.join(details, function + ".stderr")),
                                  implementation.sources, rerun_command(args, implementation, function))
            finding.suppressed = known.get(finding.signature, "")
        if result != "absent":
            cases[function] = [finding] if finding else []
        print_row(function, result, lines, finding)
        sys.stdout.flush()

    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, text=True, errors="replace")
    for line in proc.stdout:
        line = line.rstrip("\n")
        row = _ROW.match(line)
        if row or line.startswith("conformance:"):
            if pending:
                finish(pending)
            pending = [row.group(1), row.group(2), []] if row else None
            if not row:
                closing = line
        elif pending and line.startswith("    "):
            pending[2].append(line)
    if pending:
        finish(pending)
    return cases, closing, proc.wait()


def write_results(out, cases, metadata):
    """findings.json, junit.xml and findings.sarif in out, each naming the
    implementation, profile and build (metadata); returns their paths and
    the deduplicated findings."""
    os.makedirs(out, exist_ok=True)
    unique = found.deduplicate([f for row in cases.values() for f in row])
    paths = [os.path.join(out, name) for name in ("findings.json", "junit.xml", "findings.sarif")]
    found.write_json(unique, paths[0], {"tool": "conformance", **metadata})
    found.write_junit(unique, paths[1], "conformance", cases, metadata)
    found.write_sarif(unique, paths[2], "iovcheck conformance", metadata, REPO)
    return paths, unique


def main(argv):
    args, implementation = parse_args(argv)
    try:
        known = found.read_known(args.known)
    except found.KnownFindingsError as e:
        raise UsageError(str(e))
    print(implementation.header(implementation.build_dir("asan" if args.asan else "dev")), flush=True)
    build_dir, binary = build_harness(implementation, "asan" if args.asan else "dev")
    details = os.path.join(build_dir, "counterexamples")
    os.makedirs(details, exist_ok=True)
    cmd = [binary, "--programs", str(args.programs), "--details", details]
    if args.only:
        cmd += ["--only", args.only]
    if supports(binary, "--call-timeout"):
        cmd += ["--call-timeout", "%g" % args.call_timeout]
    if supports(binary, "--profile"):  # the environment's IOVCHECK_PROFILE names it too
        cmd += ["--profile", implementation.profile]
    elif implementation.profile != profiles.DEFAULT:
        raise ToolFailure("%s cannot apply a contract profile (an older build?)" % binary)
    cases, closing, status = run_rows(cmd, implementation.env(), args, implementation, details, known)
    if status not in (cli.OK, cli.FINDINGS):
        raise ToolFailure("%s ended with exit status %d" % (binary, status))
    paths, unique = write_results(args.out or os.path.join(build_dir, "conformance"), cases,
                                  implementation.metadata(build_dir))
    active = found.unsuppressed(unique)
    print(closing)
    print("conformance: %d finding(s), %d known (suppressed); %s" % (
        len(active), len(unique) - len(active), ", ".join(os.path.relpath(p) for p in paths)))
    return cli.FINDINGS if active else cli.OK


if __name__ == "__main__":
    cli.run_tool("conformance", main)
