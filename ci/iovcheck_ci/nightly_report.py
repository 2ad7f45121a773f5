"""ci/nightly's reports: report.md and report.json of a run, and the history
of runs (one JSON line per run and its plot).

One history per corpus and implementation: runs of core/ on the repository's
corpus/ go to <out>/history.jsonl (and history.svg); runs on any other
--corpus-dir or against another --impl go to <out>/history-<hash>.jsonl, so
that they never mix with the main series (nor mark its crash signatures as
already seen)."""
import hashlib
import json
import os
import subprocess

from . import findings, history_plot
from . import targets as fuzz_targets

REPO = fuzz_targets.repo_root()


def history_paths(out_root, corpus_root, implementation_key=None):
    """(history.jsonl, history.svg) of the runs on corpus_root against core
    (implementation_key None) or another implementation."""
    main_corpus = os.path.realpath(os.path.join(REPO, "corpus"))
    if os.path.realpath(corpus_root) == main_corpus and implementation_key is None:
        stem = "history"
    else:
        key = "%s|%s" % (os.path.realpath(corpus_root), implementation_key or "core")
        stem = "history-" + hashlib.sha1(key.encode()).hexdigest()[:10]
    return os.path.join(out_root, stem + ".jsonl"), os.path.join(out_root, stem + ".svg")


def git_commit():
    out = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else "unknown"


def pct(value):
    return "-" if value is None else "%.1f%%" % value


def write_reports(run_dir, report):
    with open(os.path.join(run_dir, "report.json"), "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    lines = ["# Nightly fuzzing report %s" % report["date"], "",
             findings.header_line(report), "",
             "commit `%s`, %s min per target, %d fork jobs, %s s wall clock." % (
                 report["commit"], report["minutes_per_target"], report["jobs"],
                 report["wall_seconds"]), ""]
    cov = report.get("coverage")
    if cov:
        lines += ["Coverage of core/ by the final corpus: lines %s, branches %s, functions %s "
                  "([HTML](%s))." % (pct(cov.get("lines")), pct(cov.get("branches")),
                                      pct(cov.get("functions")), cov["html"]), ""]
    else:
        lines += ["Coverage of core/: not measured in this run.", ""]
    lines += ["| target | runs | exec/s | corpus before | corpus after | core lines | "
              "core branches | libFuzzer cov | new crashes | status |",
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in report["targets"]:
        c = r.get("coverage") or {}
        lines.append("| %s | %s | %s | %d | %d (+%d) | %s | %s | %s | %d | %s |" % (
            r["target"], f"{r['runs']:,}", f"{r['exec_per_s']:,}", r["corpus_before"],
            r["corpus_after"], r["corpus_added"], pct(c.get("lines")), pct(c.get("branches")),
            r["libfuzzer_cov"] if r["libfuzzer_cov"] is not None else "-",
            r["new_crashes"], r["status"]))
    crashes = [(r["target"], c) for r in report["targets"] for c in r["crashes"]]
    lines += ["", "## Crashes", ""]
    if not crashes:
        lines.append("None.")
    for target, c in crashes:
        seen = ("first seen %s" % c["first_seen"]) if c["first_seen"] else "new signature"
        lines += ["- **%s** `%s` %s (%d file(s), %s): `%s`" % (
            target, c["signature"], c["kind"], c["duplicates"], seen, c["summary"]),
            "  - stack: %s" % " <- ".join(c["frames"] or ["(no symbolized frames)"]),
            "  - folder `%s`: `input`, `%s`, `log.txt`, `repro.txt`" % (c["dir"], c["minimized"]),
            "  - reproduce: `%s`" % ((c.get("finding") or {}).get("rerun")
                                     or "ci/repro --target %s %s/%s" % (target, c["dir"], c["minimized"]))]
    mutation = report.get("mutation")
    if mutation:
        lines += ["", "## Mutation testing", "",
                  "ci/mutate --minutes %g --sample 1000 (resumed in the artifacts' mutate/ folder; log `%s`):" % (
                      mutation["minutes"], mutation["log"]), "",
                  "- %s" % (mutation["score_line"] or "no score: ci/mutate ended with exit status %s"
                            % mutation["exit"]),
                  "- survivors: %s" % ("-" if mutation["survivors"] is None else mutation["survivors"])]
    found = report.get("findings")
    if found:
        lines += ["", "## Findings", "",
                  "Written beside this report: %s." % ", ".join("`%s`" % f for f in found["files"]), ""]
        lines += distinct_table(found.get("distinct", []))
        lines += ["```", found["text"].rstrip("\n"), "```"]
    lines += ["", "History of coverage and corpus size: [%s](../%s)." % (
        report["history_svg"], report["history_svg"]), ""]
    with open(os.path.join(run_dir, "report.md"), "w") as f:
        f.write("\n".join(lines))


def distinct_table(rows):
    """The run's distinct finding signatures, each with how many crash files
    showed it and the targets that found it."""
    if not rows:
        return []
    lines = ["%d distinct signature(s):" % len(rows), "",
             "| signature | class | function | at | crash files | found by | seen |",
             "|---|---|---|---|---:|---|---|"]
    for r in rows:
        seen = "known: %s" % r["known"] if r["known"] else (
            "first seen %s" % r["first_seen"] if r["first_seen"] else "new")
        lines.append("| `%s` | %s (%s) | %s | %s | %d | %s | %s |" % (
            r["signature"], r["class"], r["kind"], r["function"] or "-", r["frame"] or "-", r["count"],
            ", ".join(r["found_by"]), seen))
    return lines + [""]


def load_known_signatures(history, field="crash_signatures"):
    """signature -> date first seen, from every earlier run in the history file
    (field: crash_signatures, the stacks, or finding_signatures)."""
    known = {}
    path = history
    if os.path.isfile(path):
        with open(path) as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                for sig in entry.get(field, []):
                    known.setdefault(sig, entry.get("date"))
    return known


def append_history(history, svg, report):
    entry = {
        "date": report["date"], "run": report["run"], "commit": report["commit"],
        "minutes_per_target": report["minutes_per_target"],
        "core_lines": (report.get("coverage") or {}).get("lines"),
        "core_branches": (report.get("coverage") or {}).get("branches"),
        "corpus": {r["corpus"]: r["corpus_after"] for r in report["targets"]},
        "exec_per_s": {r["target"]: r["exec_per_s"] for r in report["targets"]},
        "crash_signatures": sorted({c["signature"] for r in report["targets"]
                                    for c in r["crashes"]}),
        "finding_signatures": (report.get("findings") or {}).get("signatures", []),
    }
    with open(history, "a") as f:
        f.write(json.dumps(entry) + "\n")
    history_plot.write_svg(history, svg)
