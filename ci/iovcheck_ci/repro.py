"""ci/repro: explains one fuzz input.

  ci/repro [--target T] [--minimize] [--known FILE] [--impl SOURCE... [--include DIR...]]
           [--profile P] [--] FILE
  ci/repro FILE --impl SOURCE...

Prints the program the input decodes to, runs it through the oracle (Strict
mode, and Lenient when the input asks for it), prints the oracle's
explanation of the first difference or "passes", and a GoogleTest
regression test to paste.  The target comes from the path (corpus/<target>/,
corpus/regressions/<target>/, artifacts/<date>/<target>/) or from --target.
`--` ends the options, for a FILE whose name starts with '-'.

--minimize: when FILE fails, shrinks it with libFuzzer's -minimize_crash
(the `fuzz` preset's binary, built if missing) into FILE.min beside it, then
explains FILE.min.

--impl: explain the input against another implementation of the API (its own
build, build/impl-dev-<hash>; see impl.py) instead of core/; --profile: under
that contract profile (default spec).  The first line names both and the
build, and the regression test judges that implementation under that profile.

A failing input is a finding (findings.py), printed with its signature, the
one ci/nightly gives the same bug; --known FILE ('<signature> <reason>'
lines) accepts it: exit 0.

The replay binary is brought up to date first; when its build folder is not
writable and nothing needs building, the existing binary is used.

Exit status: 0 the input passes (or its finding is known), 1 it fails (or
the code under test crashes on it), 2 bad arguments (a missing, unreadable
or non-regular FILE, an unknown target, a bad profile or known-findings
file), 3 the replay binary cannot be built or did not run, 130/143
interrupted.

Environment:
  IOVCHECK_REPRO_BUILD_DIR       replay build (default build/dev; build/asan for
                                 *_integer targets, which need clang)
  IOVCHECK_REPRO_FUZZ_BUILD_DIR  libFuzzer build for --minimize and, when built, the
                                 sanitizer report of a failing input (default build/fuzz)
  IOVCHECK_REPRO_MINIMIZE_RUNS   -runs of the minimization (default 20000)
  IOVCHECK_PROFILE               the profile when --profile is not given (default spec)
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

from . import build, cli, impl, profiles
from . import findings as found
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError

REPO = fuzz_targets.repo_root()
TARGET_NAME = re.compile(r"^fuzz_[a-z0-9_]+$")


def parse_args(argv):
    p = cli.OneLineParser(prog="ci/repro", usage="ci/repro [--target T] [--minimize] [--known FILE] "
                                                 "[--impl SOURCE... [--include DIR...]] [--profile P] "
                                                 "[--] FILE",
                          description=__doc__.split("\n\n")[2])
    impl.add_arguments(p)
    p.add_argument("--target", help="the fuzz target (default: from the path)")
    p.add_argument("--minimize", action="store_true", help="shrink a failing FILE into FILE.min")
    p.add_argument("--known", metavar="FILE",
                   help="known findings, '<signature> <reason>' per line: an accepted one exits 0")
    # Optional for argparse, so that an unknown option is reported before a missing FILE.
    p.add_argument("file", metavar="FILE", nargs="?")
    args = p.parse_args(argv)
    if args.file is None:
        raise UsageError("no FILE given (--impl takes every word after it: put FILE first, "
                         "or after --)" if args.impl else "no FILE given (try --help)")
    cli.readable_file(args.file, "input file")
    try:
        args.known_findings = found.read_known(args.known)
    except found.KnownFindingsError as e:
        raise UsageError(str(e))
    implementation = impl.from_args(args)
    return args, implementation


def target_from_path(path):
    """The folder after corpus/ or corpus/regressions/, or the second folder
    after artifacts/."""
    parts = os.path.abspath(path).split(os.sep)
    for i, part in enumerate(parts[:-1]):
        after = parts[i + 1]
        if part == "regressions":
            return after
        if part == "corpus" and after != "regressions":
            return after
        if part == "artifacts" and i + 2 < len(parts):
            return parts[i + 2]
    return None


def known_targets(build_dir):
    """The targets of the manifest of build_dir (or of any configured preset)."""
    for folder in (build_dir, build.preset_dir("dev"), build.preset_dir("asan"),
                   build.preset_dir("fuzz")):
        manifest = fuzz_targets.read_manifest(os.path.join(folder, "fuzz"))
        if manifest:
            return list(manifest)
    return None


def replay_build(target, implementation):
    """(build folder, preset) of the replay binary of target."""
    preset = "asan" if target.endswith("_integer") else "dev"
    if implementation.external:
        return implementation.build_dir(preset), preset
    chosen = os.environ.get("IOVCHECK_REPRO_BUILD_DIR", "build/" + preset)
    preset = "asan" if os.path.normpath(chosen).endswith("build/asan") else "dev"
    return os.path.join(REPO, chosen), preset


def ensure(build_dir, preset, what, binary, implementation=None):
    with tempfile.NamedTemporaryFile(prefix="repro-build-", suffix=".log", delete=False) as log:
        log_path = log.name
    try:
        if implementation is not None and implementation.external:
            impl.ensure_built(implementation, preset, [what], log_path, "ci/repro")
        else:
            build.ensure_built(build_dir, preset, what, log_path, binary)
    except ToolFailure:
        with open(log_path, errors="replace") as f:
            sys.stdout.write("".join(f.readlines()[-20:]))  # stderr keeps the one line
        raise
    finally:
        os.unlink(log_path)


# The call the replay's regression test judges with: core/ under spec.
_CORE_CHECK = "iovcheck::check(iovcheck::core_impl(), p, mode)"


def profile_expression(profile):
    """C++ for the Profile a regression test applies (profile.h)."""
    if profile in profiles.SHIPPED:
        return '*iovcheck::shipped_profile("%s")' % profile
    return '*iovcheck::load_profile_file("%s").profile' % profile


def regression_test(text, implementation):
    """The replay's GoogleTest test, judging the implementation and profile
    this run judged: core_impl() is core/ under spec, and a test that names it
    for another implementation would pass where the input fails."""
    if implementation.profile == profiles.DEFAULT and not implementation.external:
        return text
    if _CORE_CHECK not in text:
        return text + ("ci/repro: note: the test above does not name core_impl(); it may not judge "
                       "%s\n" % implementation.describe())
    impl_expression = "iovcheck::core_impl()"
    if implementation.external:
        impl_expression = '*iovcheck::find_impl("external")'
    arguments = [impl_expression, "p", "mode"]
    if implementation.profile != profiles.DEFAULT:
        arguments.append(profile_expression(implementation.profile))
    note = ("// Judges %s: link it into a test binary of the harness built against those\n"
            "// sources (ci/ tools: --impl, build/impl-<preset>-<hash>).\n" % implementation.describe())
    start = text.rfind("\n", 0, text.find(_CORE_CHECK)) + 1
    indent = text[start:len(text) - len(text[start:].lstrip(" "))]
    text = text.replace(_CORE_CHECK, "iovcheck::check(%s)" % ", ".join(arguments))
    return text[:start] + "".join(indent + line + "\n" for line in note.splitlines()) + text[start:]


def explain(replay, path, env, implementation):
    """Runs the replay binary's --explain and prints what it says, its
    regression test naming the implementation and profile; returns (0 passes,
    1 fails; everything it printed; the replay's exit status)."""
    proc = subprocess.run([replay, "--explain", path], env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace")
    status, output = proc.returncode, proc.stdout
    marker = "---- GoogleTest regression test"
    at = output.find(marker)
    print(output if at < 0 else output[:at] + regression_test(output[at:], implementation), end="", flush=True)
    if status < 0:
        # Killed by a signal: what crashed is the code under test (the replay's
        # own failures exit 2), so this is a finding.
        print("ci/repro: the replay died of signal %d (%s) on %s: the implementation under test "
              "crashed on this input" % (-status, signal.Signals(-status).name, path), flush=True)
        return cli.FINDINGS, output, status
    if status not in (0, 1):
        raise ToolFailure("%s --explain %s ended with exit status %d" % (replay, path, status))
    return status, output, status


def fuzz_build(implementation):
    if implementation.external:
        return implementation.build_dir("fuzz")
    return os.path.join(REPO, os.environ.get("IOVCHECK_REPRO_FUZZ_BUILD_DIR", "build/fuzz"))


def judge(target, path, status, output, implementation, known, replay_status):
    """The finding a failing input shows, classified as ci/nightly classifies
    its crash files (the libFuzzer binary's sanitizer report, when that build
    exists, read with the replay's explanation), so that one signature names
    the bug in both tools; printed with its signature.  Returns the exit
    status: a finding accepted by --known is 0."""
    if status == cli.OK:
        return status
    fuzzer = os.path.join(fuzz_build(implementation), "fuzz", target)
    fuzzer_log = ""
    if os.access(fuzzer, os.X_OK):
        try:
            fuzzer_log = subprocess.run([fuzzer, "-runs=1", "-timeout=25", path], capture_output=True,
                                        text=True, errors="replace", env=implementation.env(),
                                        timeout=120).stderr
        except subprocess.TimeoutExpired:
            fuzzer_log = "ERROR: libFuzzer: timeout"
    finding = found.of_input(fuzzer_log, output, implementation.sources, exit_status=replay_status)
    if finding is None:
        return status
    reason = known.get(finding.signature)
    print("ci/repro: finding [%s] %s%s" % (finding.signature, finding.headline(),
                                          "  [known: %s]" % reason if reason else ""), flush=True)
    return cli.OK if reason else status


def minimize(target, path, implementation):
    fuzz_dir = fuzz_build(implementation)
    fuzzer = os.path.join(fuzz_dir, "fuzz", target)
    ensure(fuzz_dir, "fuzz", target, fuzzer, implementation)
    minimized = path + ".min"
    runs = os.environ.get("IOVCHECK_REPRO_MINIMIZE_RUNS", "20000")
    proc = subprocess.run([fuzzer, "-minimize_crash=1",
                           "-runs=" + runs, "-exact_artifact_path=" + minimized, path],
                          capture_output=True, text=True, errors="replace", env=implementation.env())
    if not os.path.isfile(minimized):
        print("\n".join((proc.stdout + proc.stderr).splitlines()[-20:]))
        raise ToolFailure("libFuzzer wrote no minimized input for %s" % path)
    return minimized


def main(argv):
    args, implementation = parse_args(argv)
    path = os.path.abspath(args.file)
    target = args.target or target_from_path(path)
    if not target:
        raise UsageError("cannot tell the target from %s; give --target" % args.file)
    if not TARGET_NAME.match(target):
        raise UsageError("not a fuzz target name: %s" % target)
    build_dir, preset = replay_build(target, implementation)
    known = known_targets(build_dir)
    if known is not None and target not in known:
        raise UsageError("unknown target %s; known: %s" % (target, ", ".join(known)))
    replay = os.path.join(build_dir, "fuzz", target + "_replay")
    ensure(build_dir, preset, target + "_replay", replay, implementation)
    print("ci/repro: " + implementation.header(build_dir), flush=True)
    status, output, replay_status = explain(replay, path, implementation.env(), implementation)
    if args.minimize and status != cli.OK:
        path = minimize(target, path, implementation)
        print("\n==== minimized: %s (%d bytes, from %d) ====" % (
            path, os.path.getsize(path), os.path.getsize(args.file)), flush=True)
        status, output, replay_status = explain(replay, path, implementation.env(), implementation)
    elif args.minimize:
        print("ci/repro: %s passes: nothing to minimize" % args.file)
    return judge(target, path, status, output, implementation, args.known_findings, replay_status)


if __name__ == "__main__":
    cli.run_tool("ci/repro", main)
