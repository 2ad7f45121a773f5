"""ci/coverage: the one coverage computation of iovcheck, for every tool.

  ci/coverage [--corpus] [--corpus-dir DIR] [--html DIR] [--build-dir DIR]
              [--min-lines PCT] [--min-branches PCT] [--impl SOURCE... [--include DIR...]]

Coverage is always measured over one source set, SOURCE_DIRS (core/src), or
with --impl the implementation's own sources (its build build/impl-coverage-
<hash>, see impl.py), from the `coverage` preset (clang source-based coverage).  Two sources of inputs:
  - default: the property suite alone (ctest -L property -R '^properties\\.');
    ci/gate runs this mode;
  - --corpus: the corpus alone: every target of the manifest replays its
    corpus/<corpus>/ and corpus/regressions/<corpus>/ (ci/nightly measures its
    final corpus the same way, through measure_corpus()).
Exit status: 0 at or above the minimums (default 98% lines, 95% branches),
1 below them or when an input fails its replay, 2 bad arguments, 3 a build
or tool failure.
"""
import json
import os
import re
import shutil
import subprocess

from . import build, cli, impl, targets
from .cli import ToolFailure, UsageError
from .process import run_logged

REPO = targets.repo_root()
# The one source set every coverage number of iovcheck is computed over.
SOURCE_DIRS = ("core/src",)
MIN_LINES, MIN_BRANCHES = 98.0, 95.0


def llvm_tool(name):
    path = shutil.which(name + "-14") or shutil.which(name)
    if not path:
        raise ToolFailure("%s not found (ci/setup installs llvm-14)" % name)
    return path


def source_paths(implementation=None):
    """The source set measured: core/src, or the sources of an external implementation."""
    if implementation is not None and implementation.external:
        return list(implementation.sources)
    return [os.path.join(REPO, d) for d in SOURCE_DIRS]


def _objects(binaries):
    # llvm-cov takes the first binary plainly and the others after -object.
    return [binaries[0]] + sum((["-object", b] for b in binaries[1:]), [])


def merge_profiles(raw_files, profdata):
    if not raw_files:
        raise ToolFailure("no coverage profiles to merge into %s" % profdata)
    proc = subprocess.run([llvm_tool("llvm-profdata"), "merge", "-sparse", "-o", profdata]
                          + sorted(raw_files), capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        raise ToolFailure("llvm-profdata merge failed: %s" % (proc.stderr.strip().splitlines()
                                                              or ["no output"])[-1])
    return profdata


def _export(profdata, binaries):
    cmd = [llvm_tool("llvm-cov"), "export", "-summary-only", "-instr-profile=" + profdata] + \
        _objects(binaries)
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        raise ToolFailure("llvm-cov export failed: %s" % (proc.stderr.strip().splitlines()
                                                          or ["no output"])[-1])
    return json.loads(proc.stdout)["data"][0]["files"]


def _in_source_set(filename, sources):
    """Whether a file named in the coverage mapping is (under) one of sources.
    The names are compared normalized: a build through ccache records them
    as <build>/../../core/src/x.cpp, which llvm-cov's own filter misses."""
    path = os.path.normpath(filename)
    return any(path == os.path.normpath(d) or path.startswith(os.path.normpath(d) + os.sep)
               for d in sources)


def _measured_files(profdata, binaries, sources):
    """(files of the source set, names of every other file) in the coverage mapping."""
    files, others = [], []
    for f in _export(profdata, binaries):
        (files if _in_source_set(f["filename"], sources) else others).append(f)
    if not files:
        raise ToolFailure("no file of %s in the coverage of %s" % (", ".join(sources),
                                                                   binaries[0]))
    return files, [f["filename"] for f in others]


def summary(profdata, binaries, sources):
    """{"lines": {percent, covered, count}, "branches": ..., "functions": ...}
    summed over the files of sources (see source_paths)."""
    totals = {}
    for f in _measured_files(profdata, binaries, sources)[0]:
        for kind in ("lines", "branches", "functions"):
            t = totals.setdefault(kind, {"count": 0, "covered": 0})
            t["count"] += f["summary"][kind]["count"]
            t["covered"] += f["summary"][kind]["covered"]
    for t in totals.values():
        t["percent"] = 100.0 * t["covered"] / t["count"] if t["count"] else 100.0
    return totals


def write_html(profdata, binaries, html_dir, sources):
    # Every other file by name: llvm-cov's source filter misses unnormalized names.
    others = _measured_files(profdata, binaries, sources)[1]
    ignore = ["-ignore-filename-regex=^(%s)$" % "|".join(re.escape(n) for n in others)] if others else []
    cmd = [llvm_tool("llvm-cov"), "show", "-format=html", "-show-branches=count",
           "-output-dir=" + html_dir, "-instr-profile=" + profdata] + ignore + _objects(binaries)
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        raise ToolFailure("llvm-cov show failed: %s" % (proc.stderr.strip().splitlines()
                                                        or ["no output"])[-1])
    return os.path.join(html_dir, "index.html")


def percents(totals):
    """{"lines": 98.1, ...}: the percentages alone, for reports."""
    return {k: round(v["percent"], 2) for k, v in (totals or {}).items()}


def describe(totals):
    lines, branches = totals["lines"], totals["branches"]
    return ("lines %.2f%% (%d/%d), branches %.2f%% (%d/%d)" % (
        lines["percent"], lines["covered"], lines["count"],
        branches["percent"], branches["covered"], branches["count"]))


def _raw_profiles(prof_dir, prefix=""):
    return [os.path.join(prof_dir, f) for f in os.listdir(prof_dir)
            if f.startswith(prefix) and f.endswith(".profraw")]


def measure_corpus(build_dir, manifest, corpus_root, work_dir, log_dir, html_dir=None,
                   implementation=None):
    """Replays each target's corpus and regressions with its coverage build
    (<build_dir>/fuzz/<target>_replay), against implementation (default core).
    manifest: {target: corpus name}.  Returns (per-target totals, all targets'
    totals or None, html path or None, targets whose replay failed)."""
    sources = source_paths(implementation)
    prof_dir = os.path.join(work_dir, "profiles")
    os.makedirs(prof_dir, exist_ok=True)
    per_target, profiles, binaries, failed = {}, [], [], []
    for target, corpus in manifest.items():
        binary = os.path.join(build_dir, "fuzz", target + "_replay")
        dirs = [d for d in (targets.corpus_dir(corpus_root, corpus),
                            targets.regressions_dir(corpus_root, corpus)) if os.path.isdir(d)]
        if not os.path.isfile(binary) or not dirs:
            per_target[target] = None
            continue
        env = _run_env(implementation, os.path.join(prof_dir, target + "-%p.profraw"))
        log = os.path.join(log_dir, target + "-coverage-replay.log")
        if run_logged([binary] + dirs, log, env=env, timeout=1800) != 0:
            failed.append((target, log))
        raws = _raw_profiles(prof_dir, target + "-")
        if not raws:
            per_target[target] = None
            continue
        profdata = merge_profiles(raws, os.path.join(prof_dir, target + ".profdata"))
        per_target[target] = summary(profdata, [binary], sources)
        profiles.append(profdata)
        binaries.append(binary)
    if not profiles:
        return per_target, None, None, failed
    merged = merge_profiles(profiles, os.path.join(prof_dir, "all.profdata"))
    html = write_html(merged, binaries, html_dir, sources) if html_dir else None
    return per_target, summary(merged, binaries, sources), html, failed


def _run_env(implementation, profile_pattern):
    env = implementation.env() if implementation is not None else dict(os.environ)
    env["LLVM_PROFILE_FILE"] = profile_pattern
    return env


def measure_properties(build_dir, work_dir, html_dir=None, implementation=None):
    """Runs the property suite of the coverage build; returns (totals, html)."""
    sources = source_paths(implementation)
    prof_dir = os.path.join(work_dir, "profiles")
    shutil.rmtree(prof_dir, ignore_errors=True)
    os.makedirs(prof_dir)
    # %p: one file per process (ctest runs one property per process), %m: per binary.
    env = _run_env(implementation, os.path.join(prof_dir, "%p-%m.profraw"))
    proc = subprocess.run(["ctest", "--test-dir", build_dir, "--no-tests=error", "-L", "property",
                           "-R", r"^properties\.", "-j", build.build_jobs(), "--output-on-failure"],
                          env=env)
    if proc.returncode != 0:
        return None, None
    folder = os.path.join(build_dir, "properties")
    binaries = sorted(os.path.join(folder, n) for n in os.listdir(folder)
                      if n.startswith("properties_") and os.access(os.path.join(folder, n), os.X_OK)
                      and os.path.isfile(os.path.join(folder, n)))
    if not binaries:
        raise ToolFailure("no property binaries in %s" % folder)
    merged = merge_profiles(_raw_profiles(prof_dir), os.path.join(work_dir, "merged.profdata"))
    html = write_html(merged, binaries, html_dir, sources) if html_dir else None
    return summary(merged, binaries, sources), html


def parse_args(argv):
    p = cli.OneLineParser(prog="ci/coverage", description=__doc__.split("\n\n")[0])
    p.add_argument("--corpus", action="store_true", help="measure the corpus instead of the properties")
    p.add_argument("--corpus-dir", default=os.path.join(REPO, "corpus"), metavar="DIR",
                   help="corpus root for --corpus (default corpus/)")
    p.add_argument("--html", metavar="DIR", help="write llvm-cov's HTML report into DIR")
    p.add_argument("--build-dir", metavar="DIR", help="build here instead of build/coverage")
    p.add_argument("--min-lines", type=cli.bounded(float, 0, 100, "a percentage"), default=MIN_LINES)
    p.add_argument("--min-branches", type=cli.bounded(float, 0, 100, "a percentage"),
                   default=MIN_BRANCHES)
    impl.add_arguments(p)
    args = p.parse_args(argv)
    if args.corpus and not os.path.isdir(args.corpus_dir):
        raise UsageError("no such corpus folder: %s" % args.corpus_dir)
    for name in ("html", "build_dir"):
        value = getattr(args, name)
        if value is not None:
            if not value:
                raise UsageError("--%s needs a folder" % name.replace("_", "-"))
            setattr(args, name, os.path.abspath(value))
    implementation = impl.from_args(args)
    if implementation.external and args.build_dir:
        raise UsageError("--build-dir and --impl: the implementation has its own build")
    return args, implementation


def build_coverage(args, implementation, log, target_names):
    if implementation.external:
        return impl.ensure_built(implementation, "coverage", target_names, log, "ci/coverage")
    build_dir = args.build_dir or build.preset_dir("coverage")
    build.configure("coverage", log, build_dir)
    build.build(build_dir, log, target_names)
    return build_dir


def main(argv):
    args, implementation = parse_args(argv)
    build_dir = args.build_dir or implementation.build_dir("coverage")
    print(implementation.header(build_dir), flush=True)
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "ci-coverage.log")
    open(log, "w").close()
    if args.corpus:
        build.configure("coverage", log, build_dir, implementation.cmake_args())
        manifest = targets.read_manifest(os.path.join(build_dir, "fuzz"))
        if not manifest:
            raise ToolFailure("no fuzz targets in %s/fuzz/targets.txt" % build_dir)
        build_coverage(args, implementation, log, [t + "_replay" for t in manifest])
        work = os.path.join(build_dir, "corpus-coverage")
        shutil.rmtree(work, ignore_errors=True)
        _per_target, totals, html, failed = measure_corpus(
            build_dir, manifest, os.path.abspath(args.corpus_dir), work, work, args.html,
            implementation)
        if totals is None:
            raise ToolFailure("no target produced a coverage profile (logs in %s)" % work)
    else:
        build_coverage(args, implementation, log, ["iovcheck_properties"])
        totals, html = measure_properties(build_dir, os.path.join(build_dir, "property-coverage"),
                                          args.html, implementation)
        if totals is None:
            print("coverage: the property suite failed")
            return cli.FINDINGS
        failed = []
    shown = [os.path.relpath(p, REPO) for p in source_paths(implementation)]
    print("coverage of %s: %s" % (", ".join(shown), describe(totals)))
    if html:
        print("coverage: HTML report in %s" % html)
    short = []
    if totals["lines"]["percent"] < args.min_lines:
        short.append("lines %.2f%% < %s%%" % (totals["lines"]["percent"], args.min_lines))
    if totals["branches"]["percent"] < args.min_branches:
        short.append("branches %.2f%% < %s%%" % (totals["branches"]["percent"], args.min_branches))
    for target, target_log in failed:
        print("coverage: %s fails on its corpus (see %s)" % (target, target_log))
    if short:
        print("coverage: below the minimum: " + ", ".join(short))
    return cli.FINDINGS if short or failed else cli.OK


if __name__ == "__main__":
    cli.run_tool("ci/coverage", main)
