"""ci/mutate: mutation testing of core/ (or any sources) against the test suite.

Each mutant is one small edit of one source file (mutation_operators.py).  A
mutant is *killed* when the selected tests fail (or exceed the per-mutant time:
a hang is a detection too), *survives* when they all pass, and is *invalid*
when it does not compile.  A survivor is either a gap of the harness or an
equivalent mutant (same behaviour); equivalents are listed, each with its
reason, in ci/mutate-equivalents.txt and reported apart.

The user's working tree is never modified: the tool mirrors it into
OUT/tree (only changed files are copied again), builds there incrementally in
OUT/build (one object file and the links per mutant), and restores each file
after its mutant, also when interrupted.  Results are appended to
OUT/results.jsonl as each mutant ends, so a second run with the same OUT picks
up where the first stopped (--fresh starts over).

Exit status: 0 no survivor outside the equivalents list, 1 survivors,
2 usage error, 3 the unmutated tree does not build or fails its tests (or a
tool failed), 130/143 interrupted (results so far are kept).
"""
import difflib
import fnmatch
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from . import mutation_operators as ops
from .cli import OneLineParser, ToolFailure, UsageError, bounded, positive_float, run_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_FILES = ["core/src/*.cpp", "core/src/*.h"]
DEFAULT_LABELS = "property|example|corpus"
EQUIVALENTS = os.path.join(ROOT, "ci", "mutate-equivalents.txt")
KEEP_INFINITE_LOOPS = "-fno-finite-loops"


# ---- the list of equivalent mutants ------------------------------------------

def read_equivalents(path):
    """{key: reason} from lines `<path> <operator> <digest>  <reason>`."""
    found = {}
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except FileNotFoundError:
        return found
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}")
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split(None, 3)
        where = f"{path}:{number}"
        if len(parts) < 4:
            raise UsageError(f"{where}: expected '<path> <operator> <digest> <reason>'")
        file, operator, digest, reason = parts
        if operator not in ops.OPERATORS:
            raise UsageError(f"{where}: unknown operator '{operator}' (known: {', '.join(ops.OPERATORS)})")
        if len(digest) != 10 or any(c not in "0123456789abcdef" for c in digest):
            raise UsageError(f"{where}: '{digest}' is not a 10-digit hex digest")
        found[f"{file} {operator} {digest}"] = reason
    return found


# ---- choosing mutants -----------------------------------------------------------

def source_files(root, patterns):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "build", "artifacts")]
        for name in filenames:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if any(fnmatch.fnmatch(rel, p) for p in patterns):
                files.append(rel)
    return sorted(files)


def sample(mutants, count, seed):
    """`count` mutants spread evenly over the (file, operator) classes: one
    from each class in turn, classes and members in a seeded random order."""
    rng = random.Random(seed)
    classes = {}
    for m in mutants:
        classes.setdefault((m.path, m.operator), []).append(m)
    queues = [rng.sample(members, len(members)) for _, members in sorted(classes.items())]
    rng.shuffle(queues)
    chosen = []
    while len(chosen) < count and any(queues):
        for q in queues:
            if q and len(chosen) < count:
                chosen.append(q.pop())
    return chosen


# ---- the mirror tree and its build --------------------------------------------

def sync_tree(root, mirror):
    """Copies every file of `root` that is missing or different in `mirror`
    (build outputs and git data left out); returns how many were copied."""
    copied = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in (".git", "build", "artifacts", "__pycache__")]
        for name in filenames:
            src = os.path.join(dirpath, name)
            dst = os.path.join(mirror, os.path.relpath(src, root))
            if os.path.islink(src):
                continue
            try:
                if os.path.getsize(src) == os.path.getsize(dst):
                    with open(src, "rb") as a, open(dst, "rb") as b:
                        if a.read() == b.read():
                            continue
            except FileNotFoundError:
                pass
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            # A fresh modification time (not the source's, as copy2 would
            # keep): an edit older than the mirror's last build must still
            # make ninja rebuild what depends on it.
            shutil.copyfile(src, dst)
            shutil.copymode(src, dst)
            copied += 1
    return copied


def run(cmd, timeout, log):
    """Runs `cmd` with its output in `log`; returns 'ok', 'failed' or 'timeout'."""
    with open(log, "w") as out:
        try:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        except OSError as e:
            raise ToolFailure(f"cannot run {cmd[0]}: {e.strerror}")
        try:
            return "ok" if proc.wait(timeout=timeout) == 0 else "failed"
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return "timeout"
        except BaseException:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise


class Workspace:
    def __init__(self, out, build_type, labels, jobs):
        self.out = out
        self.tree = os.path.join(out, "tree")
        self.build = os.path.join(out, "build")
        self.labels = labels
        self.jobs = jobs
        self.build_type = build_type

    def configure(self):
        if os.path.exists(os.path.join(self.build, "build.ninja")):
            return
        cmd = ["cmake", "-S", self.tree, "-B", self.build, "-G", "Ninja",
               "-DCMAKE_C_COMPILER=gcc", "-DCMAKE_CXX_COMPILER=g++",
               f"-DCMAKE_BUILD_TYPE={self.build_type}", "-DIOVCHECK_TESTS=ON",
               # a mutant that only draws a warning is still a mutant to test
               "-DIOVCHECK_WERROR=OFF",
               # g++ -O2 deletes a loop without side effects that never ends
               # (C++ lets it assume forward progress); such a mutant must hang
               # as it would at -O0, so the per-mutant limit counts it killed
               f"-DCMAKE_CXX_FLAGS={KEEP_INFINITE_LOOPS}", f"-DCMAKE_C_FLAGS={KEEP_INFINITE_LOOPS}"]
        if run(cmd, 600, os.path.join(self.out, "configure.log")) != "ok":
            raise ToolFailure(f"cmake configure failed (see {self.out}/configure.log)")

    def compile(self, timeout):
        return run(["cmake", "--build", self.build, "-j", str(self.jobs)], timeout,
                   os.path.join(self.out, "build.log"))

    def test(self, timeout):
        return run(["ctest", "--test-dir", self.build, "-L", self.labels, "-j", str(self.jobs),
                    "--stop-on-failure", "--timeout", str(int(timeout)), "--output-on-failure"],
                   timeout, os.path.join(self.out, "test.log"))

    def killing_test(self):
        try:
            with open(os.path.join(self.out, "test.log"), errors="replace") as f:
                for line in f:
                    if "***Failed" in line or "***Timeout" in line or "***Exception" in line:
                        return line.split(" - ", 1)[-1].split("*")[0].strip() or line.strip()
        except OSError:
            pass
        return ""


# ---- one mutant ---------------------------------------------------------------

def file_digest(text):
    return hashlib.sha1(text.encode()).hexdigest()[:12]


def judge(ws, mutant, original, timeout):
    path = os.path.join(ws.tree, mutant.path)
    start = time.monotonic()
    try:
        with open(path, "w") as f:
            f.write(mutant.apply(original))
        built = ws.compile(timeout)
        if built != "ok":
            status, killer = ("invalid", "does not compile") if built == "failed" else ("killed", "build timeout")
        else:
            # The limit is the tests' own: a mutant's relinks on a loaded
            # machine must not eat the time that tells a hang from a pass.
            tested = ws.test(timeout)
            status = {"ok": "survived", "failed": "killed", "timeout": "killed"}[tested]
            killer = "timeout" if tested == "timeout" else ws.killing_test()
    finally:
        with open(path, "w") as f:
            f.write(original)
    return status, killer, time.monotonic() - start


def diff_of(mutant, original):
    return "".join(difflib.unified_diff(original.splitlines(True), mutant.apply(original).splitlines(True),
                                        f"a/{mutant.path}", f"b/{mutant.path}", n=2))


# ---- the report ----------------------------------------------------------------

def report(results, equivalents, texts, out, planned):
    counts = {}
    survivors = []
    by_class = {}
    for r in results:
        status = r["status"]
        if status == "survived" and r["key"] in equivalents:
            status = "equivalent"
        counts[status] = counts.get(status, 0) + 1
        cls = by_class.setdefault((r["path"], r["operator"]), {"killed": 0, "survived": 0})
        if status in cls:
            cls[status] += 1
        if status == "survived":
            survivors.append(r)
    killed, survived = counts.get("killed", 0), counts.get("survived", 0)
    score = 100.0 * killed / (killed + survived) if killed + survived else 100.0
    lines = ["# Mutation testing", "",
             f"mutants judged: {len(results)} of {planned} planned; killed {killed}, survived {survived}, "
             f"equivalent {counts.get('equivalent', 0)}, invalid (do not compile) {counts.get('invalid', 0)}",
             f"mutation score (killed / (killed + non-equivalent survivors)): {score:.1f}%", "",
             "| file | operator | killed | survived |", "|---|---|---|---|"]
    for (path, operator), c in sorted(by_class.items()):
        lines.append(f"| {path} | {operator} | {c['killed']} | {c['survived']} |")
    lines += ["", "## Survivors", "",
              "Each is a gap of the tests, or an equivalent mutant: then add its key and the reason to "
              "ci/mutate-equivalents.txt.", ""]
    for r in survivors:
        text = texts.get(r["path"])
        m = ops.Mutant(r["path"], r["operator"], r["start"], r["end"], r["replacement"], r["line"],
                       r["before"], r["after"])
        lines += [f"### {r['path']}:{r['line']} ({r['operator']})", f"key: `{r['key']}`", "", "```diff",
                  diff_of(m, text).rstrip("\n") if text is not None else f"- {r['before']}\n+ {r['after']}",
                  "```", ""]
    with open(os.path.join(out, "report.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    return score, survivors, counts


# ---- the command line ------------------------------------------------------------

def parse_args(argv):
    p = OneLineParser(prog="ci/mutate", description=__doc__.split("\n\n")[0])
    p.add_argument("--files", nargs="+", default=DEFAULT_FILES, metavar="GLOB",
                   help="sources to mutate, relative to the tree (default: core/src/*.cpp core/src/*.h)")
    p.add_argument("--root", default=ROOT, help="the tree to mirror (default: this repository)")
    p.add_argument("--operators", default=",".join(ops.OPERATORS),
                   help="comma-separated operator classes (default: all)")
    p.add_argument("--sample", type=bounded(int, 1, 10**6, "a whole number"), metavar="N", help="judge N mutants spread over files and operators")
    p.add_argument("--seed", type=int, default=1, help="seed of the sample (default 1)")
    p.add_argument("--minutes", type=positive_float(10**5), metavar="M", help="start no new mutant after M minutes")
    p.add_argument("--timeout", type=positive_float(10**6), metavar="SEC",
                   help="per-mutant limit of the build and, apart, of the tests (default: 3x the unmutated "
                        "tests' time, at least 60)")
    p.add_argument("--labels", default=DEFAULT_LABELS, help=f"ctest label regex (default '{DEFAULT_LABELS}')")
    p.add_argument("--build-type", default="RelWithDebInfo", choices=["Debug", "RelWithDebInfo", "Release"])
    p.add_argument("--jobs", type=bounded(int, 1, 256, "a whole number"), default=2)
    p.add_argument("--out", default=os.path.join(ROOT, "build", "mutate"), help="work folder (default build/mutate)")
    p.add_argument("--equivalents", default=EQUIVALENTS, help="list of equivalent mutants")
    p.add_argument("--fresh", action="store_true", help="forget the results of earlier runs in --out")
    p.add_argument("--list", action="store_true", help="print the chosen mutants and stop")
    args = p.parse_args(argv)
    args.operators = [o.strip() for o in args.operators.split(",") if o.strip()]
    unknown = [o for o in args.operators if o not in ops.OPERATORS]
    if unknown or not args.operators:
        raise UsageError(f"unknown operator '{(unknown or [''])[0]}' (known: {', '.join(ops.OPERATORS)})")
    if not os.path.isdir(args.root):
        raise UsageError(f"no such folder: {args.root}")
    return args


def main(argv):
    args = parse_args(argv)
    equivalents = read_equivalents(args.equivalents)
    files = source_files(args.root, args.files)
    if not files:
        raise UsageError(f"no source file matches {' '.join(args.files)} under {args.root}")
    texts = {}
    for path in files:
        with open(os.path.join(args.root, path), encoding="utf-8", errors="surrogateescape") as f:
            texts[path] = f.read()
    every = [m for path in files for m in ops.mutants(path, texts[path], args.operators)]
    chosen = sample(every, args.sample, args.seed) if args.sample else every
    if args.list:
        for m in chosen:
            print(f"{m.path}:{m.line} {m.operator}: {m.before}  =>  {m.after}")
        print(f"{len(chosen)} of {len(every)} mutants")
        return 0

    os.makedirs(args.out, exist_ok=True)
    results_path = os.path.join(args.out, "results.jsonl")
    if args.fresh and os.path.exists(results_path):
        os.remove(results_path)
    digests = {path: file_digest(text) for path, text in texts.items()}
    done = {}
    if os.path.exists(results_path):
        with open(results_path) as f:
            for line in f:
                try:
                    r = json.loads(line)
                    done[(r["key"], r["file_digest"], r["start"], r["replacement"])] = r
                except (ValueError, KeyError):
                    continue  # a line cut by an interruption
    ws = Workspace(args.out, args.build_type, args.labels, args.jobs)
    os.makedirs(ws.tree, exist_ok=True)
    print(f"mutate: {len(chosen)} of {len(every)} mutants over {len(files)} files; "
          f"mirror {ws.tree}: {sync_tree(args.root, ws.tree)} files updated", flush=True)
    ws.configure()
    if ws.compile(3600) != "ok":
        raise ToolFailure(f"the unmutated tree does not build (see {args.out}/build.log)")
    start = time.monotonic()
    if ws.test(3600) != "ok":
        raise ToolFailure(f"the unmutated tree fails its tests (see {args.out}/test.log)")
    baseline = time.monotonic() - start
    timeout = args.timeout or max(60.0, 3 * baseline)
    print(f"mutate: unmutated tree builds, its tests pass in {baseline:.0f}s; per-mutant limit {timeout:.0f}s",
          flush=True)

    results = []
    session_start = time.monotonic()
    with open(results_path, "a") as log:
        for index, m in enumerate(chosen, 1):
            ident = (m.key, digests[m.path], m.start, m.replacement)
            if ident in done:
                results.append(done[ident])
                continue
            if args.minutes and time.monotonic() - session_start > 60 * args.minutes:
                print(f"mutate: time budget of {args.minutes:g} min used; {len(chosen) - index + 1} left "
                      f"for a later run (same --out resumes)", flush=True)
                break
            status, killer, seconds = judge(ws, m, texts[m.path], timeout)
            r = {"key": m.key, "file_digest": digests[m.path], "path": m.path, "operator": m.operator,
                 "line": m.line, "start": m.start, "end": m.end, "replacement": m.replacement,
                 "before": m.before, "after": m.after, "status": status, "killer": killer,
                 "seconds": round(seconds, 1)}
            log.write(json.dumps(r) + "\n")
            log.flush()
            os.fsync(log.fileno())
            results.append(r)
            print(f"[{index}/{len(chosen)}] {status:9} {m.path}:{m.line} {m.operator}: {m.after}"
                  f"  ({seconds:.0f}s{', ' + killer if killer else ''})", flush=True)
    score, survivors, counts = report(results, equivalents, texts, args.out, len(chosen))
    print(f"mutate: {len(results)} judged: killed {counts.get('killed', 0)}, survived {len(survivors)}, "
          f"equivalent {counts.get('equivalent', 0)}, invalid {counts.get('invalid', 0)}; "
          f"score {score:.1f}%; report {os.path.join(args.out, 'report.md')}")
    return 1 if survivors else 0


if __name__ == "__main__":
    run_tool("ci/mutate", main, on_interrupt=lambda: "the results so far are kept (the same --out resumes)")
