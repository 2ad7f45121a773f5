"""ci/repro: explains one fuzz input.

  ci/repro [--target T] [--minimize] [--impl SOURCE... [--include DIR...]] [--] FILE
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
build, build/impl-dev-<hash>; see impl.py) instead of core/.

The replay binary is brought up to date first; when its build folder is not
writable and nothing needs building, the existing binary is used.

Exit status: 0 the input passes, 1 it fails (or the code under test crashes on
it), 2 bad arguments (a missing,
unreadable or non-regular FILE, an unknown target), 3 the replay binary
cannot be built or did not run, 130/143 interrupted.

Environment:
  IOVCHECK_REPRO_BUILD_DIR       replay build (default build/dev; build/asan for
                                 *_integer targets, which need clang)
  IOVCHECK_REPRO_FUZZ_BUILD_DIR  libFuzzer build for --minimize (default build/fuzz)
  IOVCHECK_REPRO_MINIMIZE_RUNS   -runs of the minimization (default 20000)
  IOVCHECK_IMPL                  the implementation under test (default core)
"""
import os
import re
import signal
import subprocess
import sys
import tempfile

from . import build, cli, impl
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError

REPO = fuzz_targets.repo_root()
TARGET_NAME = re.compile(r"^fuzz_[a-z0-9_]+$")


def parse_args(argv):
    p = cli.OneLineParser(prog="ci/repro", usage="ci/repro [--target T] [--minimize] "
                                                 "[--impl SOURCE... [--include DIR...]] [--] FILE",
                          description=__doc__.split("\n\n")[2])
    impl.add_arguments(p)
    p.add_argument("--target", help="the fuzz target (default: from the path)")
    p.add_argument("--minimize", action="store_true", help="shrink a failing FILE into FILE.min")
    # Optional for argparse, so that an unknown option is reported before a missing FILE.
    p.add_argument("file", metavar="FILE", nargs="?")
    args = p.parse_args(argv)
    if args.file is None:
        raise UsageError("no FILE given (--impl takes every word after it: put FILE first, "
                         "or after --)" if args.impl else "no FILE given (try --help)")
    cli.readable_file(args.file, "input file")
    implementation = impl.from_args(args)
    implementation.require_no_profile("ci/repro")
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


def explain(replay, path, env):
    """Runs the replay binary's --explain; 0 passes, 1 fails."""
    status = subprocess.run([replay, "--explain", path], env=env).returncode
    if status < 0:
        # Killed by a signal: what crashed is the code under test (the replay's
        # own failures exit 2), so this is a finding.
        print("ci/repro: the replay died of signal %d (%s) on %s: the implementation under test "
              "crashed on this input" % (-status, signal.Signals(-status).name, path), flush=True)
        return cli.FINDINGS
    if status not in (0, 1):
        raise ToolFailure("%s --explain %s ended with exit status %d" % (replay, path, status))
    return status


def minimize(target, path, implementation):
    if implementation.external:
        fuzz_dir = implementation.build_dir("fuzz")
    else:
        fuzz_dir = os.path.join(REPO, os.environ.get("IOVCHECK_REPRO_FUZZ_BUILD_DIR", "build/fuzz"))
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
    status = explain(replay, path, implementation.env())
    if not args.minimize:
        return status
    if status == cli.OK:
        print("ci/repro: %s passes: nothing to minimize" % args.file)
        return status
    minimized = minimize(target, path, implementation)
    print("\n==== minimized: %s (%d bytes, from %d) ====" % (
        minimized, os.path.getsize(minimized), os.path.getsize(path)), flush=True)
    return explain(replay, minimized, implementation.env())


if __name__ == "__main__":
    cli.run_tool("ci/repro", main)
