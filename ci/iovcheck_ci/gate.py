"""ci/gate: what every change must pass (.ci/run calls it; so does the GitHub
workflow .github/workflows/gate.yml).

  1. build `dev` (g++) and `asan` (clang, ASan + UBSan) and run ctest in each:
     example tests, properties, corpus and regression replay, self-test, the
     CI tools' own tests, and (asan only) the local ClusterFuzzLite build; the
     long soak (label soak_long), the real fuzzing campaign of ci/nightly
     (label campaign, several minutes) and ci/bench's build against another
     implementation (label long_build, a whole Release build) are left out.
     JUnit XML: build/<preset>/junit.xml.
  2. build `fuzz` and give every fuzz target of the manifest a smoke run: a
     few thousand executions with a fixed seed from a scratch copy of its corpus.
  3. ci/coverage: coverage of core/src by the property suite.
Prints one summary table (stage, result, time) ending with the plain line
"gate: N passed, N failed" (N counts stages).
Exit status: 0 every stage passed, 1 a test stage failed, 3 a build (or
ci/setup) failed, 2 bad arguments (nothing is started), 130/143 interrupted.
"""
import os
import shutil
import subprocess
import time

from . import build, cli, smoke
from . import targets as fuzz_targets

REPO = fuzz_targets.repo_root()


def parse_args(argv):
    p = cli.OneLineParser(prog="ci/gate", description=__doc__.split("\n\n")[0],
                          epilog="Environment: GATE_JOBS and GATE_SMOKE_RUNS give the defaults "
                                 "of --jobs and --smoke-runs.")
    p.add_argument("--jobs", type=cli.bounded(int, 1, 256, "an integer"), metavar="N",
                   default=os.environ.get("GATE_JOBS", "2"),
                   help="build and ctest jobs (default 2)")
    p.add_argument("--smoke-runs", type=cli.bounded(int, 1, 10**9, "an integer"), metavar="N",
                   default=os.environ.get("GATE_SMOKE_RUNS", "4000"),
                   help="libFuzzer executions per target in the smoke run (default 4000)")
    return p.parse_args(argv)


class Stages:
    """The stages run so far: name, result, seconds, and whether a failure
    is a build failure (exit 3) or a test failure (exit 1)."""

    def __init__(self):
        self.rows = []

    def run(self, name, action, is_build=False):
        print("\n=== gate: %s" % name, flush=True)
        start = time.monotonic()
        try:
            ok = bool(action())
        except cli.ToolFailure as e:
            print("gate: %s" % e, flush=True)
            ok = False
        self.rows.append((name, ok, is_build, time.monotonic() - start))
        return ok

    def table(self):
        lines = ["", "%-32s %-6s %8s" % ("stage", "result", "time")]
        total = 0.0
        for name, ok, _is_build, seconds in self.rows:
            total += seconds
            lines.append("%-32s %-6s %5d:%02d" % (name, "pass" if ok else "FAIL",
                                                  seconds // 60, seconds % 60))
        lines.append("%-32s %-6s %5d:%02d" % ("total", "", total // 60, total % 60))
        passed = sum(ok for _n, ok, _b, _s in self.rows)
        lines.append("gate: %d passed, %d failed" % (passed, len(self.rows) - passed))
        return "\n".join(lines)

    def status(self):
        if any(not ok and is_build for _n, ok, is_build, _s in self.rows):
            return cli.TOOL_FAILURE
        return cli.OK if all(ok for _n, ok, _b, _s in self.rows) else cli.FINDINGS


def call(cmd):
    return subprocess.run(cmd, cwd=REPO).returncode == 0


def build_stage(preset, jobs):
    return lambda: (call(["cmake", "--preset", preset])
                    and call(["cmake", "--build", "--preset", preset, "-j", str(jobs)]))


def test_stage(preset, jobs):
    junit = os.path.join(REPO, "build", preset, "junit.xml")
    return lambda: call(["ctest", "--preset", preset, "-j", str(jobs), "-LE", "soak_long|campaign|long_build",
                         "--output-junit", junit])


def fuzz_smoke_stages(stages, runs):
    fuzzer_dir = os.path.join(build.preset_dir("fuzz"), "fuzz")
    shutil.rmtree(os.path.join(fuzzer_dir, "gate-crashes"), ignore_errors=True)
    manifest = fuzz_targets.read_manifest(fuzzer_dir)
    if not manifest:
        stages.run("fuzz smoke (no %s/targets.txt)" % fuzzer_dir, lambda: False)
    for target in manifest:
        stages.run("fuzz smoke " + target, lambda t=target: smoke.smoke(fuzzer_dir, t, runs))


def main(argv):
    args = parse_args(argv)
    stages = Stages()
    try:
        if stages.run("setup", lambda: build.setup() is None, is_build=True):
            for preset in ("dev", "asan"):
                if stages.run("build " + preset, build_stage(preset, args.jobs), is_build=True):
                    stages.run("ctest " + preset, test_stage(preset, args.jobs))
            if stages.run("build fuzz", build_stage("fuzz", args.jobs), is_build=True):
                fuzz_smoke_stages(stages, args.smoke_runs)
            stages.run("coverage", lambda: call([os.path.join(REPO, "ci", "coverage")]))
    finally:
        print(stages.table(), flush=True)
    return stages.status()


if __name__ == "__main__":
    cli.run_tool("ci/gate", main)
