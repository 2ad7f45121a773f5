"""ci/nightly: a time-boxed fuzzing campaign over every target, then triage.

Per target: libFuzzer -fork from corpus/<target> into a scratch corpus,
merge what adds coverage back into corpus/<target> (-set_cover_merge=1 into a
scratch folder, then one atomic rename per new file), collect crashes, leaks
and timeouts deduplicated by stack signature, each minimized and explained by
ci/repro.  Then an llvm-cov HTML report of core/ for the final corpus,
report.md / report.json in artifacts/<date>/, one line in
artifacts/history.jsonl and the plot artifacts/history.svg.

corpus/ safety: libFuzzer only ever reads corpus/<target>; the only writes
are os.rename() of complete files into it, so a run stopped at any point
(SIGINT, SIGTERM, SIGKILL, power loss after the rename's journal commit)
leaves corpus/ with every old file and some complete new ones, never a
partial file.

Exit status: 0 no crash, 1 a crash was found, 2 bad arguments,
3 the build or a tool failed, 130/143 interrupted.
"""
import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import history_plot  # noqa: E402
import signature as crash_signature  # noqa: E402
import targets as fuzz_targets  # noqa: E402

REPO = fuzz_targets.repo_root()
CRASH_PREFIXES = ("crash-", "leak-", "timeout-", "oom-")
MAX_CRASH_FILES_TRIAGED = 100      # per target; the rest are counted, not re-run
DEFAULT_INPUT_TIMEOUT_S = "25"     # libFuzzer's own default (1200 s) would eat the budget
STALE_STAGING = re.compile(r"^\..*\.nightly-partial$")


class Interrupted(Exception):
    def __init__(self, signum):
        super().__init__("signal %d" % signum)
        self.signum = signum


class ToolFailure(Exception):
    pass


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr, exit 2."""

    def error(self, message):
        sys.stderr.write("ci/nightly: %s (try --help)\n" % message)
        sys.exit(2)


def positive(convert, what):
    """An argparse type: convert(text), which must be > 0."""
    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError("not %s: %r" % (what, text))
        if value <= 0:
            raise argparse.ArgumentTypeError("must be positive: %r" % text)
        return value
    return parse


def parse_args(argv):
    p = OneLineParser(
        prog="ci/nightly",
        description="Fuzz every target from corpus/ for a time budget, merge new coverage "
                    "into corpus/, triage crashes into artifacts/<date>/, write report.md/json.")
    p.add_argument("--minutes-per-target", type=positive(float, "a number"), default=1.0, metavar="N",
                   help="fuzzing budget per target in minutes (default 1; fractions allowed)")
    p.add_argument("--targets", default="", metavar="a,b",
                   help="comma-separated targets (default: every built fuzz_* target)")
    p.add_argument("--jobs", type=positive(int, "an integer"), default=os.cpu_count() or 1, metavar="N",
                   help="libFuzzer -fork workers per target (default: number of cores)")
    p.add_argument("--out", default=os.path.join(REPO, "artifacts"), metavar="DIR",
                   help="artifacts root (default artifacts/); history.jsonl lives here")
    p.add_argument("--corpus-dir", default=os.path.join(REPO, "corpus"), metavar="DIR",
                   help="corpus root to grow (default corpus/)")
    p.add_argument("--fuzzer-dir", default=None, metavar="DIR",
                   help="use the libFuzzer binaries in DIR instead of building the fuzz preset")
    p.add_argument("--repro", default=os.path.join(REPO, "ci", "repro"), metavar="CMD",
                   help=argparse.SUPPRESS)  # tests point this at a stand-in
    p.add_argument("--no-coverage", action="store_true",
                   help="skip the llvm-cov report of core/ (coverage preset build)")
    args = p.parse_args(argv)
    args.targets = [t for t in args.targets.split(",") if t]
    for t in args.targets:
        if not re.match(r"^[A-Za-z0-9_]+$", t):
            p.error("bad target name %r" % t)
    return args


# ---------------------------------------------------------------- processes

class ChildGroup:
    """The one child process group running now, so a signal can end it."""
    current = None

    @classmethod
    def kill(cls):
        proc = cls.current
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            except ProcessLookupError:
                pass


def run_logged(cmd, log_path, env=None, timeout=None, on_line=None, cwd=None):
    """Runs cmd in its own process group, stdout+stderr into log_path.
    on_line(line) sees each line as it arrives.  Returns the exit status
    (None when killed for exceeding timeout)."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, cwd=cwd, start_new_session=True)
        ChildGroup.current = proc
        timed_out = []

        def watchdog():
            timed_out.append(True)
            ChildGroup.kill()
        timer = threading.Timer(timeout, watchdog) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            for raw in proc.stdout:
                log.write(raw)
                if on_line:
                    on_line(raw.decode("utf-8", "replace"))
            proc.wait()
        finally:
            if timer:
                timer.cancel()
            ChildGroup.kill()
            ChildGroup.current = None
        return None if timed_out else proc.returncode


def sanitizer_env():
    env = dict(os.environ)
    symbolizer = shutil.which("llvm-symbolizer-14") or shutil.which("llvm-symbolizer")
    asan = "symbolize=1:detect_leaks=1:abort_on_error=0:handle_abort=1"
    if symbolizer:
        asan += ":external_symbolizer_path=" + symbolizer
        env["LLVM_SYMBOLIZER_PATH"] = symbolizer
    env.setdefault("ASAN_OPTIONS", asan)
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:symbolize=1")
    return env


# ---------------------------------------------------------------- output

class Progress:
    """One progress line per target: rewritten in place on a terminal,
    printed every 15 s otherwise."""

    def __init__(self, label, budget_s):
        self.label = label
        self.budget_s = budget_s
        self.start = time.monotonic()
        self.tty = sys.stdout.isatty()
        self.last_print = 0.0
        self.stats = {}

    def line(self):
        s = self.stats
        elapsed = time.monotonic() - self.start
        runs = s.get("runs", 0)
        rate = runs / elapsed if elapsed > 0 else 0
        return ("%s %3.0fs/%.0fs  runs %s  exec/s %s  cov %s  corp %s  crashes %s" % (
            self.label, min(elapsed, self.budget_s), self.budget_s, f"{runs:,}",
            f"{rate:,.0f}", s.get("cov", "-"), s.get("corp", "-"), s.get("crashes", 0)))

    def update(self, stats):
        self.stats.update(stats)
        now = time.monotonic()
        if self.tty:
            if now - self.last_print >= 0.5:
                sys.stdout.write("\r\033[K" + self.line())
                sys.stdout.flush()
                self.last_print = now
        elif now - self.last_print >= 15:
            print(self.line(), flush=True)
            self.last_print = now

    def done(self, suffix):
        text = self.line() + "  " + suffix
        print(("\r\033[K" + text) if self.tty else text, flush=True)


# libFuzzer fork-mode status: "#287318: cov: 20 ft: 19 corp: 7 exec/s 0 oom/timeout/crash: 0/0/1 time: 0s job: 2"
_FORK_STATUS = re.compile(
    r"^#(\d+):\s+cov: (\d+) ft: (\d+) corp: (\d+)(?:.*?oom/timeout/crash: (\d+)/(\d+)/(\d+))?")
# Non-fork status: "#1234	NEW    cov: 20 ft: 19 corp: 7/42b ..."
_STATUS = re.compile(r"^#(\d+)\s+\w+\s+cov: (\d+) ft: (\d+) corp: (\d+)")


def parse_status(line):
    m = _FORK_STATUS.match(line)
    if m:
        stats = {"runs": int(m.group(1)), "cov": int(m.group(2)), "ft": int(m.group(3)),
                 "corp": int(m.group(4))}
        if m.group(5) is not None:
            stats["crashes"] = int(m.group(5)) + int(m.group(6)) + int(m.group(7))
        return stats
    m = _STATUS.match(line)
    if m:
        return {"runs": int(m.group(1)), "cov": int(m.group(2)), "ft": int(m.group(3)),
                "corp": int(m.group(4))}
    return None


# ---------------------------------------------------------------- build

def configure_preset(preset, log_path):
    rc = run_logged(["cmake", "--preset", preset], log_path, cwd=REPO)
    if rc != 0:
        raise ToolFailure("cmake --preset %s failed (exit %s), log: %s" % (preset, rc, log_path))


def build_preset(preset, log_path, targets=None):
    """Configures the preset and builds targets (default: all) with 2 jobs."""
    configure_preset(preset, log_path)
    cmd = (["cmake", "--build", "--preset", preset, "-j", str(min(os.cpu_count() or 2, 2))]
           + (["--target"] + targets if targets else []))
    rc = run_logged(cmd, log_path, cwd=REPO)
    if rc != 0:
        raise ToolFailure("%s failed (exit %s), log: %s" % (" ".join(cmd), rc, log_path))


# ---------------------------------------------------------------- corpus merge

def sha1_of(path):
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


def remove_stale_staging(corpus_root):
    """Hidden *.nightly-partial files are copies that a killed run did not
    finish renaming; they were never corpus entries."""
    for dirpath, _dirs, files in os.walk(corpus_root):
        for name in files:
            if STALE_STAGING.match(name):
                os.unlink(os.path.join(dirpath, name))


def publish_into_corpus(new_paths, corpus):
    """Moves complete files into corpus/ one atomic rename at a time.
    Same filesystem: rename straight from the scratch folder.  Otherwise
    copy to a hidden partial name inside corpus/, fsync, then rename."""
    delay = float(os.environ.get("IOVCHECK_NIGHTLY_TEST_PUBLISH_DELAY", "0"))
    corpus_dev = os.stat(corpus).st_dev
    added = 0
    for src in new_paths:
        name = os.path.basename(src)
        dest = os.path.join(corpus, name)
        if os.path.exists(dest):
            continue
        if delay:
            time.sleep(delay)  # lets the interruption test land inside this loop
        if os.stat(src).st_dev == corpus_dev:
            os.rename(src, dest)
        else:
            partial = os.path.join(corpus, "." + name + ".nightly-partial")
            shutil.copyfile(src, partial)
            with open(partial, "rb") as f:
                os.fsync(f.fileno())
            os.rename(partial, dest)
        added += 1
    if added:
        fd = os.open(corpus, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return added


def merge_new_coverage(binary, flags, corpus, found_dir, scratch, log_path, env):
    """-set_cover_merge=1 of the fuzzing output into a copy of corpus/<target>;
    the files the merge adds to the copy are then published into corpus/."""
    merge_dir = os.path.join(scratch, "merge")
    os.makedirs(merge_dir)
    existing = set(fuzz_targets.corpus_files(corpus))
    for name in existing:
        shutil.copyfile(os.path.join(corpus, name), os.path.join(merge_dir, name))
    if not fuzz_targets.corpus_files(found_dir):
        return 0
    cmd = [binary, "-set_cover_merge=1", "-artifact_prefix=" + scratch + "/merge-"] + flags + [
        "-merge_control_file=" + os.path.join(scratch, "merge.control"), merge_dir, found_dir]
    rc = run_logged(cmd, log_path, env=env, timeout=1800)
    if rc != 0:
        raise ToolFailure("merge failed (exit %s), log: %s" % (rc, log_path))
    new = [os.path.join(merge_dir, n) for n in fuzz_targets.corpus_files(merge_dir)
           if n not in existing]
    print("  merge: %d new inputs add coverage; publishing into %s" % (len(new), corpus),
          flush=True)
    return publish_into_corpus(new, corpus)


# ---------------------------------------------------------------- crashes

def reproduce(binary, flags, path, log_path, env, input_timeout):
    cmd = [binary] + flags + ["-runs=1", path]
    run_logged(cmd, log_path, env=env, timeout=int(input_timeout) * 3 + 30)
    with open(log_path, errors="replace") as f:
        return f.read()


def minimize_and_explain(target, binary, flags, crash_dir, input_path, env, repro_cmd):
    """ci/repro --minimize writes <input>.min beside the input; ci/repro's
    explanation of it goes to repro.txt.  Without ci/repro the minimization
    falls back to libFuzzer's -minimize_crash directly."""
    minimized = input_path + ".min"
    log = os.path.join(crash_dir, "minimize.log")
    have_repro = os.access(repro_cmd, os.X_OK)
    repro_env = dict(env, IOVCHECK_REPRO_FUZZ_BUILD_DIR=os.path.dirname(os.path.dirname(binary)))
    if have_repro:
        before = set(os.listdir(crash_dir))
        run_logged([repro_cmd, "--minimize", "--target", target, input_path], log,
                   env=repro_env, timeout=600, cwd=REPO)
        produced = sorted(set(os.listdir(crash_dir)) - before - {"minimize.log"})
        if produced and not os.path.exists(minimized):
            minimized = os.path.join(crash_dir, produced[0])
    if not os.path.exists(minimized):
        run_logged([binary] + flags + ["-minimize_crash=1", "-runs=20000",
                                       "-exact_artifact_path=" + minimized, input_path],
                   log, env=env, timeout=600)
    explain_input = minimized if os.path.exists(minimized) else input_path
    repro_txt = os.path.join(crash_dir, "repro.txt")
    if have_repro:
        run_logged([repro_cmd, "--target", target, explain_input], repro_txt,
                   env=repro_env, timeout=300, cwd=REPO)
    else:
        with open(repro_txt, "w") as f:
            f.write("ci/repro is not available; reproduce with:\n  %s %s\n" % (binary, explain_input))
    return explain_input


def triage_crashes(target, binary, flags, crash_files, target_out, scratch, env, repro_cmd,
                   input_timeout, known):
    """Groups crash files by stack signature; one folder per signature with
    the smallest input, its log, the minimized input and ci/repro's output."""
    groups = {}
    for path in sorted(crash_files, key=os.path.getsize)[:MAX_CRASH_FILES_TRIAGED]:
        log_path = os.path.join(scratch, "reproduce-%s.log" % os.path.basename(path))
        text = reproduce(binary, flags, path, log_path, env, input_timeout)
        kind_from_name = os.path.basename(path).split("-", 1)[0]
        sig, kind, frames = crash_signature.signature(text)
        if kind == "unknown":
            kind = kind_from_name
        group = groups.setdefault(sig, {"signature": sig, "kind": kind, "frames": frames,
                                        "files": 0, "input": path, "log": text,
                                        "summary": crash_signature.summary_line(text)})
        group["files"] += 1
    results = []
    for sig, g in sorted(groups.items()):
        crash_dir = os.path.join(target_out, "%s-%s" % (g["kind"], sig))
        os.makedirs(crash_dir, exist_ok=True)
        input_copy = os.path.join(crash_dir, "input")
        shutil.copyfile(g["input"], input_copy)
        with open(os.path.join(crash_dir, "log.txt"), "w") as f:
            f.write(g["log"])
        explained = minimize_and_explain(target, binary, flags, crash_dir, input_copy, env,
                                         repro_cmd)
        first_seen = known.get(sig)
        results.append({
            "signature": sig, "kind": g["kind"], "frames": g["frames"], "summary": g["summary"],
            "duplicates": g["files"], "dir": shown_path(crash_dir),
            "minimized": os.path.basename(explained), "first_seen": first_seen,
        })
    return results


# ---------------------------------------------------------------- one target

def fuzz_target(args, target, corpus_name, index, count, fuzzer_dir, run_dir, known, env):
    binary = os.path.join(fuzzer_dir, target)
    corpus = fuzz_targets.corpus_dir(args.corpus_dir, corpus_name)
    regressions = fuzz_targets.regressions_dir(args.corpus_dir, corpus_name)
    os.makedirs(corpus, exist_ok=True)
    flags = fuzz_targets.libfuzzer_flags(REPO, target, corpus_name, args.corpus_dir)
    input_timeout = fuzz_targets.option_value(REPO, target, corpus_name, "timeout",
                                              DEFAULT_INPUT_TIMEOUT_S)
    if not any(f.startswith("-timeout=") for f in flags):
        flags.append("-timeout=" + input_timeout)

    target_out = os.path.join(run_dir, target)
    scratch = os.path.join(run_dir, ".work", target)
    found_dir = os.path.join(scratch, "found")
    crash_dir = os.path.join(scratch, "crashes")
    for d in (target_out, found_dir, crash_dir):
        os.makedirs(d, exist_ok=True)
    log_path = os.path.join(target_out, "fuzz.log")
    budget_s = max(1, int(round(args.minutes_per_target * 60)))
    corpus_before = len(fuzz_targets.corpus_files(corpus))

    progress = Progress("[%d/%d] %-22s" % (index, count, target), budget_s)
    stats = {}

    def on_line(line):
        s = parse_status(line)
        if s:
            stats.update(s)
            progress.update(s)

    seeds = [corpus] + ([regressions] if os.path.isdir(regressions) else [])
    cmd = [binary, "-fork=%d" % args.jobs, "-max_total_time=%d" % budget_s,
           "-ignore_crashes=1", "-ignore_timeouts=1", "-ignore_ooms=1",
           "-print_final_stats=1", "-artifact_prefix=" + crash_dir + "/"] + flags + [found_dir] + seeds
    started = time.monotonic()
    rc = run_logged(cmd, log_path, env=env, timeout=budget_s + 300, on_line=on_line)
    elapsed = time.monotonic() - started
    crash_files = [os.path.join(crash_dir, n) for n in os.listdir(crash_dir)
                   if n.startswith(CRASH_PREFIXES)]
    status = "ok"
    if rc is None:
        status = "fuzzer overran its budget and was stopped"
    elif rc != 0 and not crash_files:
        status = "fuzzer exited %d without a crash file (see %s)" % (
            rc, os.path.relpath(log_path, run_dir))
    progress.update({})

    try:
        added = merge_new_coverage(binary, flags, corpus, found_dir, scratch,
                                   os.path.join(target_out, "merge.log"), env)
    except ToolFailure as e:
        added = 0
        status = str(e)  # corpus/ untouched; the other targets still run
    crashes = []
    if crash_files:
        print("  triage: %d crash/leak/timeout files" % len(crash_files), flush=True)
        crashes = triage_crashes(target, binary, flags, crash_files, target_out, scratch, env,
                                 args.repro, input_timeout, known)
    corpus_after = len(fuzz_targets.corpus_files(corpus))
    progress.done("merged +%d -> corpus %d; %d distinct crash(es)" % (
        added, corpus_after, len(crashes)))
    shutil.rmtree(scratch, ignore_errors=True)
    runs = stats.get("runs", 0)
    return {
        "target": target, "corpus": corpus_name, "status": status,
        "seconds": round(elapsed, 1), "runs": runs,
        "exec_per_s": round(runs / elapsed) if elapsed > 0 else 0,
        "libfuzzer_cov": stats.get("cov"), "libfuzzer_ft": stats.get("ft"),
        "corpus_before": corpus_before, "corpus_after": corpus_after, "corpus_added": added,
        "crash_files": len(crash_files), "new_crashes": len(crashes), "crashes": crashes,
        "log": os.path.relpath(log_path, run_dir),
    }


# ---------------------------------------------------------------- coverage

def core_sources():
    out = []
    for sub in ("core/src", "core/include"):
        for dirpath, _dirs, files in os.walk(os.path.join(REPO, sub)):
            out += [os.path.join(dirpath, f) for f in files
                    if f.endswith((".cpp", ".cc", ".c", ".h", ".hpp"))]
    return sorted(out)


def llvm_tool(name):
    return shutil.which(name + "-14") or shutil.which(name)


def coverage_summary(profdata, binaries, sources):
    cmd = [llvm_tool("llvm-cov"), "export", "-summary-only", "-instr-profile", profdata,
           binaries[0]] + sum((["-object", b] for b in binaries[1:]), []) + ["--"] + sources
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode != 0:
        return None
    totals = json.loads(out.stdout)["data"][0]["totals"]
    return {k: round(totals[k]["percent"], 2) for k in ("lines", "branches", "functions")
            if k in totals}


def coverage_report(args, target_results, run_dir):
    """Replays the final corpus of each target with its coverage-instrumented
    replay binary and renders core/ as HTML."""
    log = os.path.join(run_dir, "coverage-build.log")
    replay_targets = [r["target"] + "_replay" for r in target_results]
    build_preset("coverage", log, replay_targets)
    build_dir = os.path.join(REPO, "build", "coverage", "fuzz")
    prof_dir = os.path.join(run_dir, ".work", "profiles")
    os.makedirs(prof_dir, exist_ok=True)
    profdata_tool = llvm_tool("llvm-profdata")
    sources = core_sources()
    all_profdata, binaries = [], []
    for r in target_results:
        target = r["target"]
        binary = os.path.join(build_dir, target + "_replay")
        if not os.path.isfile(binary):
            r["coverage"] = None
            continue
        env = dict(os.environ, LLVM_PROFILE_FILE=os.path.join(prof_dir, target + "-%p.profraw"))
        dirs = [d for d in (fuzz_targets.corpus_dir(args.corpus_dir, r["corpus"]),
                            fuzz_targets.regressions_dir(args.corpus_dir, r["corpus"]))
                if os.path.isdir(d)]
        run_logged([binary] + dirs, os.path.join(run_dir, target, "coverage-replay.log"),
                   env=env, timeout=1800)
        raws = [os.path.join(prof_dir, f) for f in os.listdir(prof_dir)
                if f.startswith(target + "-") and f.endswith(".profraw")]
        profdata = os.path.join(prof_dir, target + ".profdata")
        if not raws or subprocess.run([profdata_tool, "merge", "-sparse", "-o", profdata] + raws,
                                      capture_output=True).returncode != 0:
            r["coverage"] = None
            continue
        r["coverage"] = coverage_summary(profdata, [binary], sources)
        all_profdata.append(profdata)
        binaries.append(binary)
    if not all_profdata:
        return None
    merged = os.path.join(prof_dir, "all.profdata")
    subprocess.run([profdata_tool, "merge", "-sparse", "-o", merged] + all_profdata, check=True)
    html_dir = os.path.join(run_dir, "coverage")
    cmd = [llvm_tool("llvm-cov"), "show", "-format=html", "-show-branches=count",
           "-output-dir=" + html_dir, "-instr-profile", merged, binaries[0]] + \
        sum((["-object", b] for b in binaries[1:]), []) + ["--"] + sources
    subprocess.run(cmd, capture_output=True, check=True)
    total = coverage_summary(merged, binaries, sources) or {}
    total["html"] = os.path.relpath(os.path.join(html_dir, "index.html"), run_dir)
    return total


# ---------------------------------------------------------------- reports

def shown_path(path):
    """Paths in reports: relative to the repository when inside it, so the
    commands they show run from the repository root."""
    rel = os.path.relpath(path, REPO)
    return path if rel.startswith("..") else rel


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
            "  - reproduce: `ci/repro --target %s %s/%s`" % (target, c["dir"], c["minimized"])]
    lines += ["", "History of coverage and corpus size: [history.svg](../history.svg).", ""]
    with open(os.path.join(run_dir, "report.md"), "w") as f:
        f.write("\n".join(lines))


def load_known_signatures(out_root):
    """signature -> date first seen, from every earlier run in history.jsonl."""
    known = {}
    path = os.path.join(out_root, "history.jsonl")
    if os.path.isfile(path):
        with open(path) as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                for sig in entry.get("crash_signatures", []):
                    known.setdefault(sig, entry.get("date"))
    return known


def append_history(out_root, report):
    entry = {
        "date": report["date"], "run": report["run"], "commit": report["commit"],
        "minutes_per_target": report["minutes_per_target"],
        "core_lines": (report.get("coverage") or {}).get("lines"),
        "core_branches": (report.get("coverage") or {}).get("branches"),
        "corpus": {r["corpus"]: r["corpus_after"] for r in report["targets"]},
        "exec_per_s": {r["target"]: r["exec_per_s"] for r in report["targets"]},
        "crash_signatures": sorted({c["signature"] for r in report["targets"]
                                    for c in r["crashes"]}),
    }
    path = os.path.join(out_root, "history.jsonl")
    with open(path, "a") as f:
        f.write(json.dumps(entry) + "\n")
    history_plot.write_svg(path, os.path.join(out_root, "history.svg"))


def new_run_dir(out_root):
    date = datetime.date.today().isoformat()
    name, n = date, 1
    while os.path.exists(os.path.join(out_root, name)):
        n += 1
        name = "%s-%d" % (date, n)
    path = os.path.join(out_root, name)
    os.makedirs(path)
    return name, path


# ---------------------------------------------------------------- main

def on_signal(signum, _frame):
    raise Interrupted(signum)


def main(argv):
    args = parse_args(argv)
    args.out = os.path.abspath(args.out)
    args.corpus_dir = os.path.abspath(args.corpus_dir)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    os.makedirs(args.out, exist_ok=True)
    run_name, run_dir = new_run_dir(args.out)
    started = time.monotonic()
    try:
        remove_stale_staging(args.corpus_dir)
        fuzzer_dir = args.fuzzer_dir
        if fuzzer_dir is None:
            # Configuring writes the manifest of targets; only the chosen ones are built.
            fuzzer_dir = os.path.join(REPO, "build", "fuzz", "fuzz")
            build_log = os.path.join(run_dir, "build-fuzz.log")
            configure_preset("fuzz", build_log)
            declared = fuzz_targets.read_manifest(fuzzer_dir)
        else:
            declared = fuzz_targets.discover_targets(fuzzer_dir)
        unknown = [t for t in args.targets if t not in declared]
        if unknown:
            sys.stderr.write("ci/nightly: unknown target(s) %s; known: %s\n" % (
                ",".join(unknown), ",".join(declared) or "none"))
            shutil.rmtree(run_dir, ignore_errors=True)
            return 2
        if args.fuzzer_dir is None and declared:
            print("nightly: building the fuzz preset (log: %s)" % shown_path(build_log), flush=True)
            build_preset("fuzz", build_log, args.targets or list(declared))
        available = fuzz_targets.discover_targets(fuzzer_dir)
        chosen = args.targets or list(available)
        if not chosen:
            raise ToolFailure("no fuzz targets found in %s" % fuzzer_dir)
        missing = fuzz_targets.missing_targets(fuzzer_dir)
        if missing and not args.targets:
            print("nightly: declared but not built: %s" % ", ".join(missing))
        print("nightly: %d target(s), %s min each, -fork=%d, artifacts in %s" % (
            len(chosen), args.minutes_per_target, args.jobs, run_dir), flush=True)

        env = sanitizer_env()
        known = load_known_signatures(args.out)
        results = [fuzz_target(args, t, available[t], i + 1, len(chosen), fuzzer_dir, run_dir,
                               known, env)
                   for i, t in enumerate(chosen)]
        coverage = None
        if not args.no_coverage:
            print("nightly: coverage of core/ for the final corpus (coverage preset)", flush=True)
            coverage = coverage_report(args, results, run_dir)
        report = {
            "date": datetime.date.today().isoformat(), "run": run_name, "commit": git_commit(),
            "minutes_per_target": args.minutes_per_target, "jobs": args.jobs,
            "wall_seconds": round(time.monotonic() - started), "coverage": coverage,
            "targets": results,
        }
        write_reports(run_dir, report)
        append_history(args.out, report)
    except Interrupted as e:
        ChildGroup.kill()
        print("\nnightly: interrupted by signal %d; corpus/ holds every old input and only "
              "complete new ones" % e.signum, file=sys.stderr, flush=True)
        return 128 + e.signum
    except ToolFailure as e:
        print("nightly: %s" % e, file=sys.stderr, flush=True)
        return 3
    finally:
        shutil.rmtree(os.path.join(run_dir, ".work"), ignore_errors=True)

    crashes = sum(r["new_crashes"] for r in results)
    failures = [r for r in results if r["status"] != "ok"]
    print()
    print("nightly: report %s" % os.path.join(run_dir, "report.md"))
    print("nightly: %d target(s), %d crash signature(s), corpus +%d, core lines %s" % (
        len(results), crashes, sum(r["corpus_added"] for r in results),
        pct((coverage or {}).get("lines"))))
    if crashes:
        return 1
    return 3 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
