"""ci/nightly: a time-boxed fuzzing campaign over every target, then triage.

Per target (nightly_target.py): libFuzzer -fork from corpus/<target> into a
scratch corpus, merge what adds coverage back into corpus/<target>
(-set_cover_merge=1 into a scratch folder, then one atomic rename per new
file), collect crashes, leaks and timeouts deduplicated by stack signature,
each minimized and explained by ci/repro.  Then the coverage of core/src by
the final corpus (coverage.py, the same computation as ci/coverage
--corpus), report.md / report.json in artifacts/<date>/, one line in the
corpus's history and its plot (nightly_report.py).

corpus/ safety: libFuzzer only ever reads corpus/<target>; the only writes
are os.rename() of complete files into it, so a run stopped at any point
(SIGINT, SIGTERM, SIGKILL, power loss after the rename's journal commit)
leaves corpus/ with every old file and some complete new ones, never a
partial file.

Every crash signature is also a finding (findings.py): class, frame inside
the implementation, summary, program and the ci/repro command that reruns it,
one per signature across targets and runs; findings.json, junit.xml and
findings.sarif lie beside report.md.  --known FILE ('<signature> <reason>'
lines) accepts findings: counted, not failing.  --mutate-minutes M then runs
ci/mutate --minutes M --sample 1000 (resumed in <out>/mutate) and reports its
score line and survivors.

Exit status: 0 no finding outside --known, 1 some, 2 bad arguments, 3 the
build or a tool failed, 130/143 interrupted.
"""
import argparse
import datetime
import os
import re
import shutil
import sys
import time

from . import build, cli, coverage, findings, impl, nightly_report
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError
from .nightly_target import fuzz_target, remove_stale_staging, shown_path
from .process import ChildGroup, run_logged, sanitizer_env

REPO = fuzz_targets.repo_root()
MAX_MINUTES_PER_TARGET = 7 * 24 * 60  # a week: anything longer is a typing mistake
MAX_JOBS = 1024


def parse_args(argv):
    p = cli.OneLineParser(
        prog="ci/nightly",
        description="Fuzz every target from corpus/ for a time budget, merge new coverage "
                    "into corpus/, triage crashes into artifacts/<date>/, write report.md/json.")
    p.add_argument("--minutes-per-target", default=1.0, metavar="N",
                   type=cli.positive_float(MAX_MINUTES_PER_TARGET),
                   help="fuzzing budget per target in minutes (default 1; fractions allowed)")
    p.add_argument("--targets", default="", metavar="a,b",
                   help="comma-separated targets (default: every built fuzz_* target)")
    p.add_argument("--jobs", type=cli.bounded(int, 1, MAX_JOBS, "an integer"),
                   default=os.cpu_count() or 1, metavar="N",
                   help="libFuzzer -fork workers per target (default: number of cores)")
    p.add_argument("--out", default=os.path.join(REPO, "artifacts"), metavar="DIR",
                   help="artifacts root (default artifacts/); the history lives here")
    p.add_argument("--corpus-dir", default=os.path.join(REPO, "corpus"), metavar="DIR",
                   help="corpus root to grow (default corpus/); must exist")
    p.add_argument("--fuzzer-dir", default=None, metavar="DIR",
                   help="use the libFuzzer binaries in DIR instead of building the fuzz preset")
    p.add_argument("--repro", default=os.path.join(REPO, "ci", "repro"), metavar="CMD",
                   help=argparse.SUPPRESS)  # tests point this at a stand-in
    p.add_argument("--no-coverage", action="store_true",
                   help="skip the coverage of core/src (coverage preset build)")
    p.add_argument("--mutate-minutes", default=0.0, metavar="M", type=mutate_minutes,
                   help="then M minutes of mutation testing: ci/mutate --minutes M --sample 1000, "
                        "resumed from night to night in <out>/mutate (default 0: none)")
    p.add_argument("--mutate", default=os.path.join(REPO, "ci", "mutate"), metavar="CMD",
                   help=argparse.SUPPRESS)  # tests point this at a stand-in
    p.add_argument("--known", metavar="FILE",
                   help="known findings, '<signature> <reason>' per line: counted, not failing")
    impl.add_arguments(p)
    args = p.parse_args(argv)
    try:
        args.known_findings = findings.read_known(args.known)
    except findings.KnownFindingsError as e:
        raise UsageError(str(e))
    args.implementation = impl.from_args(args)
    if args.implementation.external and args.fuzzer_dir:
        raise UsageError("--fuzzer-dir and --impl: the implementation has its own build")
    args.implementation_args = args.implementation.arguments()
    args.targets = [t for t in args.targets.split(",") if t]
    for t in args.targets:
        if not re.match(r"^[A-Za-z0-9_]+$", t):
            raise UsageError("bad target name %r" % t)
    check_paths(args)
    return args


def mutate_minutes(text):
    """0 (off) or a budget in minutes, as --minutes-per-target takes it."""
    try:
        if float(text) == 0:
            return 0.0
        return cli.positive_float(MAX_MINUTES_PER_TARGET)(text)
    except (ValueError, argparse.ArgumentTypeError):
        raise argparse.ArgumentTypeError("needs minutes, 0 (off) to %d, not %r" % (MAX_MINUTES_PER_TARGET, text))


_MUTATE_SCORE = re.compile(r"^mutate: \d+ judged: .*survived (\d+),.*score [\d.]+%", re.M)


def mutation_run(args, run_dir):
    """ci/mutate's short run after the fuzzing: a sample of 1000 mutants of
    core/ judged M minutes a night, its results kept in <out>/mutate so that
    each night goes on where the last stopped.  Its score line and survivor
    count go in the report; a failure of ci/mutate is reported, not fatal."""
    log = os.path.join(run_dir, "mutate.log")
    print("nightly: mutation testing for %g min (log: %s)" % (args.mutate_minutes, shown_path(log)), flush=True)
    cmd = [args.mutate, "--minutes", "%g" % args.mutate_minutes, "--sample", "1000",
           "--out", os.path.join(args.out, "mutate")]
    status = run_logged(cmd, log, timeout=int(args.mutate_minutes * 60) + 3600, cwd=REPO)
    with open(log, errors="replace") as f:
        scores = list(_MUTATE_SCORE.finditer(f.read()))
    score = scores[-1] if scores else None
    result = {"minutes": args.mutate_minutes, "log": os.path.basename(log), "exit": status,
              "score_line": score.group(0) if score else None,
              "survivors": int(score.group(1)) if score else None}
    if status not in (cli.OK, cli.FINDINGS) or not score:
        print("nightly: ci/mutate ended with exit status %s and no score (see %s)" % (status, shown_path(log)),
              file=sys.stderr)
    return result


def check_paths(args):
    """Every path argument is checked before anything is created."""
    args.out = os.path.abspath(args.out)
    args.corpus_dir = os.path.abspath(args.corpus_dir)
    if not os.path.isdir(args.corpus_dir):
        raise UsageError("no such corpus folder: %s (--corpus-dir)" % args.corpus_dir)
    if not os.access(args.corpus_dir, os.W_OK | os.X_OK):
        raise UsageError("corpus folder %s is not writable (--corpus-dir)" % args.corpus_dir)
    existing = args.out
    while not os.path.exists(existing):
        existing = os.path.dirname(existing)
    if not os.path.isdir(existing):
        raise UsageError("--out %s: %s is not a folder" % (args.out, existing))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError("--out %s is not writable" % args.out)
    if args.fuzzer_dir is not None and not os.path.isdir(args.fuzzer_dir):
        raise UsageError("no such folder: %s (--fuzzer-dir)" % args.fuzzer_dir)


def new_run_dir(out_root):
    """artifacts/<date>, or <date>-N for the N-th run of the day.  mkdir is
    atomic: two runs started in the same second never share a folder."""
    date = datetime.date.today().isoformat()
    n = 1
    try:
        os.makedirs(out_root, exist_ok=True)
        while True:
            name = date if n == 1 else "%s-%d" % (date, n)
            path = os.path.join(out_root, name)
            try:
                os.mkdir(path)
                return name, path
            except FileExistsError:
                n += 1
    except OSError as e:
        raise UsageError("cannot create a run folder in --out %s: %s" % (out_root, e.strerror or e))


def fuzzer_build(args):
    """The build whose libFuzzer binaries the run uses."""
    if args.fuzzer_dir:
        return os.path.abspath(args.fuzzer_dir)
    return args.implementation.build_dir("fuzz")


def choose_targets(args, run_dir):
    """(fuzzer_dir, {target: corpus name}) of the targets to run, built."""
    fuzzer_dir = args.fuzzer_dir
    build_log = os.path.join(run_dir, "build-fuzz.log")
    build_dir = args.implementation.build_dir("fuzz")
    if fuzzer_dir is None:
        # Configuring writes the manifest of targets; only the chosen ones are built.
        fuzzer_dir = os.path.join(build_dir, "fuzz")
        build.configure("fuzz", build_log, build_dir, args.implementation.cmake_args())
        declared = fuzz_targets.read_manifest(fuzzer_dir)
    else:
        declared = fuzz_targets.discover_targets(fuzzer_dir)
    unknown = [t for t in args.targets if t not in declared]
    if unknown:
        raise UsageError("unknown target(s) %s; known: %s" % (
            ",".join(unknown), ",".join(declared) or "none"))
    if args.fuzzer_dir is None and declared:
        print("nightly: building the fuzz preset (log: %s)" % shown_path(build_log), flush=True)
        build.build(build_dir, build_log, args.targets or list(declared))
    available = fuzz_targets.discover_targets(fuzzer_dir)
    chosen = args.targets or list(available)
    if not chosen:
        raise ToolFailure("no fuzz targets found in %s" % fuzzer_dir)
    missing = fuzz_targets.missing_targets(fuzzer_dir)
    if missing and not args.targets:
        print("nightly: declared but not built: %s" % ", ".join(missing))
    corpora = {t: available[t] for t in chosen}
    if not any(os.path.isdir(fuzz_targets.corpus_dir(args.corpus_dir, c)) for c in corpora.values()):
        raise UsageError("%s holds no corpus of the chosen targets (expected e.g. %s/); "
                         "mistyped --corpus-dir?" % (args.corpus_dir, next(iter(corpora.values()))))
    return fuzzer_dir, corpora


def corpus_coverage(args, results, run_dir):
    """Coverage of core/src by each target's final corpus and by all of them."""
    log = os.path.join(run_dir, "coverage-build.log")
    manifest = {r["target"]: r["corpus"] for r in results}
    build_dir = impl.ensure_built(args.implementation, "coverage",
                                  [t + "_replay" for t in manifest], log, "nightly")
    per_target, totals, html, _failed = coverage.measure_corpus(
        build_dir, manifest, args.corpus_dir, os.path.join(run_dir, ".work"), run_dir,
        os.path.join(run_dir, "coverage"), args.implementation)
    for r in results:
        r["coverage"] = coverage.percents(per_target.get(r["target"])) or None
    if totals is None:
        return None
    total = coverage.percents(totals)
    total["html"] = os.path.relpath(html, run_dir)
    return total


def run(args, run_name, run_dir, history, svg):
    started = time.monotonic()
    remove_stale_staging(args.corpus_dir)
    fuzzer_dir, corpora = choose_targets(args, run_dir)
    print("nightly: " + args.implementation.header(fuzzer_build(args)), flush=True)
    print("nightly: %d target(s), %s min each, -fork=%d, artifacts in %s" % (
        len(corpora), args.minutes_per_target, args.jobs, run_dir), flush=True)
    env = args.implementation.env(sanitizer_env())
    known = nightly_report.load_known_signatures(history)
    results = [fuzz_target(args, t, c, i + 1, len(corpora), fuzzer_dir, run_dir, known, env)
               for i, (t, c) in enumerate(corpora.items())]
    cov = None
    if not args.no_coverage:
        print("nightly: coverage of core/src for the final corpus (coverage preset)", flush=True)
        cov = corpus_coverage(args, results, run_dir)
    mutation = mutation_run(args, run_dir) if args.mutate_minutes else None
    report = {
        "date": datetime.date.today().isoformat(), "run": run_name,
        "commit": nightly_report.git_commit(), "corpus_dir": args.corpus_dir,
        **args.implementation.metadata(fuzzer_build(args)),
        "minutes_per_target": args.minutes_per_target, "jobs": args.jobs,
        "wall_seconds": round(time.monotonic() - started), "coverage": cov,
        "targets": results, "history_svg": os.path.basename(svg), "mutation": mutation,
    }
    report["findings"] = run_findings(args, results, run_dir, history)
    nightly_report.write_reports(run_dir, report)
    nightly_report.append_history(history, svg, report)
    return results, cov, report["findings"]


def run_findings(args, results, run_dir, history):
    """The run's crashes as findings, one per signature across targets (the
    first seen of each, counting the rest), marked known by --known and by
    the runs of the history; findings.json, junit.xml (one test case per
    target) and findings.sarif beside report.md.  Returns their summary."""
    per_target = {r["target"]: [findings.Finding(**c["finding"]) for c in r["crashes"]] for r in results}
    unique = findings.deduplicate([f for found in per_target.values() for f in found], args.known_findings)
    for found in per_target.values():
        for f in found:
            f.suppressed = args.known_findings.get(f.signature, "")
    seen_before = nightly_report.load_known_signatures(history, "finding_signatures")
    for f in unique:
        f.extra["first_seen"] = seen_before.get(f.signature)
    metadata = args.implementation.metadata(fuzzer_build(args))
    paths = [os.path.join(run_dir, name) for name in ("findings.json", "junit.xml", "findings.sarif")]
    findings.write_json(unique, paths[0], {"tool": "nightly", **metadata})
    findings.write_junit(unique, paths[1], "nightly", per_target, metadata)
    findings.write_sarif(unique, paths[2], "iovcheck nightly", metadata, REPO)
    active = findings.unsuppressed(unique)
    return {"unsuppressed": len(active), "suppressed": len(unique) - len(active),
            "files": [os.path.basename(p) for p in paths],
            "signatures": sorted(f.signature for f in unique),
            "distinct": [distinct_row(f) for f in unique],
            "text": findings.text_report(unique, metadata)}


def distinct_row(finding):
    """One distinct signature of the run, for the report's table."""
    return {"signature": finding.signature, "class": finding.cls, "kind": finding.kind,
            "function": finding.function, "frame": finding.frame, "count": finding.extra.get("count", 1),
            "found_by": [finding.where] + finding.extra.get("also", []),
            "known": finding.suppressed, "first_seen": finding.extra.get("first_seen")}


def main(argv):
    args = parse_args(argv)
    build.setup()
    run_name, run_dir = new_run_dir(args.out)
    history, svg = nightly_report.history_paths(
        args.out, args.corpus_dir,
        args.implementation.key() if args.implementation.external else None)
    finished = False
    try:
        results, cov, found = run(args, run_name, run_dir, history, svg)
        finished = True
    finally:
        shutil.rmtree(os.path.join(run_dir, ".work"), ignore_errors=True)
        if not finished and not os.listdir(run_dir):
            os.rmdir(run_dir)  # nothing to read in it

    crashes = sum(r["new_crashes"] for r in results)
    failures = [r for r in results if r["status"] != "ok"]
    print()
    print("nightly: report %s" % os.path.join(run_dir, "report.md"))
    print("nightly: %d target(s), %d crash signature(s), corpus +%d, core lines %s" % (
        len(results), crashes, sum(r["corpus_added"] for r in results),
        nightly_report.pct((cov or {}).get("lines"))))
    print("nightly: %d finding(s), %d known (suppressed); %s" % (
        found["unsuppressed"], found["suppressed"], ", ".join(os.path.join(run_dir, f) for f in found["files"])))
    for row in found["distinct"]:
        print("nightly: [%s] x%d %s (%s)%s%s" % (
            row["signature"], row["count"], row["class"], row["kind"],
            " in %s" % row["function"] if row["function"] else "", "  [known]" if row["known"] else ""))
    for r in failures:
        print("nightly: %s: %s" % (r["target"], r["status"]), file=sys.stderr)
    if found["unsuppressed"]:
        return cli.FINDINGS
    return cli.TOOL_FAILURE if failures else cli.OK


def on_interrupt():
    ChildGroup.kill()
    return "corpus/ holds every old input and only complete new ones"


if __name__ == "__main__":
    cli.run_tool("ci/nightly", main, on_interrupt=on_interrupt)
