"""One target of ci/nightly: libFuzzer -fork from corpus/<corpus> into a
scratch corpus, the merge of what adds coverage back into corpus/<corpus>,
and the triage of crashes (deduplicated by stack signature, each minimized
and explained by ci/repro)."""
import dataclasses
import errno
import hashlib
import os
import re
import shutil
import sys
import time

from . import findings
from . import signature as crash_signature
from . import targets as fuzz_targets
from .cli import ToolFailure
from .process import run_logged

REPO = fuzz_targets.repo_root()
CRASH_PREFIXES = ("crash-", "leak-", "timeout-", "oom-")
MAX_CRASH_FILES_TRIAGED = 1000     # per target; the rest are counted, not re-run
DEFAULT_INPUT_TIMEOUT_S = "25"     # libFuzzer's own default (1200 s) would eat the budget
STALE_STAGING = re.compile(r"^\..*\.nightly-partial$")


def shown_path(path):
    """Paths in reports: relative to the repository when inside it, so the
    commands they show run from the repository root."""
    rel = os.path.relpath(path, REPO)
    return path if rel.startswith("..") else rel


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


def _copy_in(src, corpus, dest):
    """Copy to a hidden partial name inside corpus/ (the target filesystem),
    fsync, then one atomic rename: a reader never sees a partial file."""
    partial = os.path.join(corpus, "." + os.path.basename(dest) + ".nightly-partial")
    shutil.copyfile(src, partial)
    with open(partial, "rb") as f:
        os.fsync(f.fileno())
    os.rename(partial, dest)


def publish_into_corpus(new_paths, corpus):
    """Moves complete files into corpus/ one atomic rename at a time: straight
    from the scratch folder when both are on one mount, otherwise (EXDEV:
    another device or another mount point of the same one) by _copy_in."""
    delay = float(os.environ.get("IOVCHECK_NIGHTLY_TEST_PUBLISH_DELAY", "0"))
    added = 0
    for src in new_paths:
        dest = os.path.join(corpus, os.path.basename(src))
        if os.path.exists(dest):
            continue
        if delay:
            time.sleep(delay)  # lets the interruption test land inside this loop
        try:
            os.rename(src, dest)
        except OSError as e:
            if e.errno != errno.EXDEV:
                raise
            _copy_in(src, corpus, dest)
        added += 1
    if added:
        fd = os.open(corpus, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return added


def keep_unpublished(new_paths, keep_dir):
    """When corpus/ cannot take the new inputs, they stay in the run's
    artifacts so that the coverage they add is not lost."""
    os.makedirs(keep_dir, exist_ok=True)
    for src in new_paths:
        if os.path.exists(src):
            shutil.copyfile(src, os.path.join(keep_dir, os.path.basename(src)))
    return keep_dir


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
    try:
        return publish_into_corpus(new, corpus)
    except OSError as e:
        kept = keep_unpublished(new, os.path.join(os.path.dirname(log_path), "unpublished"))
        raise ToolFailure("cannot publish into %s (%s); the new inputs are kept in %s" % (
            corpus, e.strerror or e, shown_path(kept)))


# ---------------------------------------------------------------- crashes

def reproduce(binary, flags, path, log_path, env, input_timeout):
    cmd = [binary] + flags + ["-runs=1", path]
    run_logged(cmd, log_path, env=env, timeout=int(input_timeout) * 3 + 30)
    with open(log_path, errors="replace") as f:
        return f.read()


def minimize_and_explain(target, binary, flags, crash_dir, input_path, env, repro_cmd):
    """repro_cmd: ci/repro and the arguments that name the implementation."""
    """ci/repro --minimize writes <input>.min beside the input; ci/repro's
    explanation of it goes to repro.txt.  Without ci/repro the minimization
    falls back to libFuzzer's -minimize_crash directly."""
    minimized = input_path + ".min"
    log = os.path.join(crash_dir, "minimize.log")
    have_repro = os.access(repro_cmd[0], os.X_OK)
    repro_env = dict(env, IOVCHECK_REPRO_FUZZ_BUILD_DIR=os.path.dirname(os.path.dirname(binary)))
    if have_repro:
        before = set(os.listdir(crash_dir))
        run_logged([repro_cmd[0], input_path, "--minimize", "--target", target] + repro_cmd[1:], log,
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
        run_logged([repro_cmd[0], explain_input, "--target", target] + repro_cmd[1:], repro_txt,
                   env=repro_env, timeout=300, cwd=REPO)
    else:
        with open(repro_txt, "w") as f:
            f.write("ci/repro is not available; reproduce with:\n  %s %s\n" % (binary, explain_input))
    return explain_input


def crash_finding(target, group, crash_dir, explained, repro_cmd, impl_paths):
    """The finding of one crash signature: the fuzzer's log (sanitizer report)
    read with ci/repro's explanation of the minimized input (the program and
    the oracle's difference), and the ci/repro command that reruns it."""
    try:
        with open(os.path.join(crash_dir, "repro.txt"), errors="replace") as f:
            explanation = f.read()
    except OSError:
        explanation = ""
    timed_out = group["kind"] in ("timeout", "libfuzzer-timeout")
    finding = findings.of_input(group["log"], explanation, impl_paths, timed_out)
    if finding is None:  # a crash file whose rerun shows nothing: still reported, never dropped
        finding = findings.Finding("unexpected exit", group["kind"], group["summary"] or "the input crashed "
                                   "the fuzzer once and not when rerun", signature=findings._digest(
                                       "unexpected exit", group["kind"], group["signature"]))
    finding.rerun = " ".join(["ci/repro", "--target", target, shown_path(explained)]
                             + [shown_path(w) if os.path.isabs(w) else w for w in repro_cmd[1:]])
    finding.where = "nightly " + target
    return finding


def triage_crashes(target, binary, flags, crash_files, target_out, scratch, env, repro_cmd,
                   input_timeout, known, impl_paths=()):
    """Replays every crash file (up to MAX_CRASH_FILES_TRIAGED, smallest
    first) and groups them by the signature of their finding: the stack for a
    sanitizer report, the oracle's difference and the call for a wrong result
    (whose stacks are all the oracle's abort, so a stack alone would merge
    distinct bugs).  One folder per signature with the smallest input, its
    log, the minimized input and ci/repro's output; `files` counts them."""
    groups = {}
    for path in sorted(crash_files, key=os.path.getsize)[:MAX_CRASH_FILES_TRIAGED]:
        log_path = os.path.join(scratch, "reproduce-%s.log" % os.path.basename(path))
        text = reproduce(binary, flags, path, log_path, env, input_timeout)
        kind_from_name = os.path.basename(path).split("-", 1)[0]
        stack_sig, kind, frames = crash_signature.signature(text)
        if kind == "unknown":
            kind = kind_from_name
        finding = findings.of_input(text, "", impl_paths, kind in ("timeout", "libfuzzer-timeout"))
        sig = finding.signature if finding else stack_sig
        group = groups.setdefault(sig, {"signature": sig, "stack_signature": stack_sig, "kind": kind,
                                        "frames": frames, "files": 0, "input": path, "log": text,
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
        finding = crash_finding(target, g, crash_dir, explained, repro_cmd, impl_paths)
        finding.extra["crash_files"] = g["files"]
        results.append({
            "signature": sig, "stack_signature": g["stack_signature"], "kind": g["kind"],
            "frames": g["frames"], "summary": g["summary"],
            "duplicates": g["files"], "dir": shown_path(crash_dir),
            "minimized": os.path.basename(explained), "first_seen": first_seen,
            "finding": dataclasses.asdict(finding),
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
                                 [args.repro] + args.implementation_args, input_timeout, known,
                                 args.implementation.sources)
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


