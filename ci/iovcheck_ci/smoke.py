"""The gate's fuzz smoke run of one target: a fixed number of libFuzzer
executions with a fixed seed, starting from a scratch copy of its corpus (so
corpus/ is never written), with its dictionary and options.  smoke() is True
when the run ends cleanly; on a crash, leak or timeout the input is kept in
FUZZER_DIR/gate-crashes/TARGET/ and the log's tail is printed."""
import os
import re
import shutil
import subprocess
import tempfile
from types import SimpleNamespace

from . import targets as fuzz_targets

REPO = fuzz_targets.repo_root()


def smoke(fuzzer_dir, target, runs):
    args = SimpleNamespace(fuzzer_dir=fuzzer_dir, target=target, runs=runs)
    corpus_name = fuzz_targets.discover_targets(args.fuzzer_dir).get(args.target)
    if corpus_name is None:
        print("smoke: %s is not built in %s" % (args.target, args.fuzzer_dir))
        return False
    corpus_root = os.path.join(REPO, "corpus")
    crash_keep = os.path.join(args.fuzzer_dir, "gate-crashes", args.target)
    with tempfile.TemporaryDirectory(prefix="gate-smoke-%s-" % args.target) as scratch:
        work = os.path.join(scratch, "corpus")
        artifacts = os.path.join(scratch, "artifacts")
        os.makedirs(artifacts)
        os.makedirs(work)
        sources = [fuzz_targets.corpus_dir(corpus_root, corpus_name),
                   fuzz_targets.regressions_dir(corpus_root, corpus_name)]
        seeds = 0
        for src in sources:
            for name in fuzz_targets.corpus_files(src):
                shutil.copyfile(os.path.join(src, name), os.path.join(work, name))
                seeds += 1
        flags = fuzz_targets.libfuzzer_flags(REPO, args.target, corpus_name, corpus_root)
        if not any(f.startswith("-timeout=") for f in flags):
            flags.append("-timeout=25")
        cmd = [os.path.join(args.fuzzer_dir, args.target), "-runs=%d" % args.runs, "-seed=1",
               "-max_total_time=300", "-print_final_stats=1",
               "-artifact_prefix=" + artifacts + "/"] + flags + [work]
        log_path = os.path.join(scratch, "log")
        with open(log_path, "wb") as log:
            rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT).returncode
        with open(log_path, errors="replace") as f:
            log_text = f.read()
        stats = dict(re.findall(r"^stat::(\w+):\s*(\S+)", log_text, re.M))
        runs = stats.get("number_of_executed_units", "?")
        rate = stats.get("average_exec_per_sec", "?")
        if rc == 0:
            print("smoke: %s: %s runs from %d seeds, %s exec/s, clean" % (
                args.target, runs, seeds, rate))
            return True
        print("\n".join(log_text.splitlines()[-60:]))
        kept = []
        for name in os.listdir(artifacts):
            os.makedirs(crash_keep, exist_ok=True)
            shutil.copyfile(os.path.join(artifacts, name), os.path.join(crash_keep, name))
            kept.append(os.path.join(crash_keep, name))
        print("smoke: %s FAILED (exit %d) after %s runs%s" % (
            args.target, rc, runs,
            "; input kept: " + ", ".join(kept) + "; explain it with: ci/repro --target %s %s"
            % (args.target, kept[0]) if kept else ""))
        return False
