#!/usr/bin/env python3
"""ci/nightly against a stand-in fuzzer (fake_libfuzzer.py): corpus/ survives
SIGKILL, SIGTERM and SIGINT in the middle of the merge and in the middle of
publishing new inputs; crashes are deduplicated by stack signature; bad
arguments give one line and exit 2."""
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
NIGHTLY = os.path.join(REPO, "ci", "fuzzkit", "nightly.py")
TARGET = "fuzz_fake"
SEEDS = {"seed-empty": b"", "seed-one": b"\x01", "seed-text": b"hand-made seed " * 4}


def wait_for(predicate, what, limit=60.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out waiting for " + what)


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie no one has reaped yet counts as gone.
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


class NightlyTest(unittest.TestCase):
    def setUp(self):
        self.root = tempfile.mkdtemp(prefix="nightly-test-")
        self.bin = os.path.join(self.root, "bin")
        self.corpus_root = os.path.join(self.root, "corpus")
        self.corpus = os.path.join(self.corpus_root, TARGET)
        self.out = os.path.join(self.root, "artifacts")
        self.marker = os.path.join(self.root, "merge.pid")
        os.makedirs(self.bin)
        os.makedirs(self.corpus)
        shutil.copy(os.path.join(HERE, "fake_libfuzzer.py"), os.path.join(self.bin, TARGET))
        for name, data in SEEDS.items():
            with open(os.path.join(self.corpus, name), "wb") as f:
                f.write(data)
        self.orphans = []

    def tearDown(self):
        for pid in self.orphans:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)

    def start(self, extra_env=None, args=()):
        env = dict(os.environ, FAKE_FUZZER_MERGE_MARKER=self.marker)
        env.update(extra_env or {})
        cmd = [sys.executable, NIGHTLY, "--fuzzer-dir", self.bin, "--corpus-dir",
               self.corpus_root, "--out", self.out, "--minutes-per-target", "0.02",
               "--no-coverage", "--jobs", "1", "--repro", "/nonexistent"] + list(args)
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)

    def corpus_snapshot(self):
        snap = {}
        for name in os.listdir(self.corpus):
            with open(os.path.join(self.corpus, name), "rb") as f:
                snap[name] = f.read()
        return snap

    def assert_corpus_intact(self):
        """Every seed byte-identical, every other file a complete input named
        by its sha1 (as libFuzzer names them), nothing hidden or partial."""
        snap = self.corpus_snapshot()
        for name, data in SEEDS.items():
            self.assertEqual(snap.get(name), data, "seed %s lost or changed" % name)
        for name, data in snap.items():
            self.assertFalse(name.startswith("."), "staging file left in corpus: " + name)
            if name not in SEEDS:
                self.assertEqual(hashlib.sha1(data).hexdigest(), name,
                                 "partial or foreign file in corpus: " + name)
        return snap

    def wait_for_merge(self, proc):
        wait_for(lambda: os.path.exists(self.marker) and os.path.getsize(self.marker) > 0
                 or proc.poll() is not None, "the merge to start")
        if proc.poll() is not None:
            self.fail("nightly ended before its merge: " + proc.stdout.read())
        with open(self.marker) as f:
            pid = int(f.read())
        self.orphans.append(pid)
        return pid

    def test_clean_run_adds_the_new_inputs_and_writes_reports(self):
        proc = self.start({"FAKE_FUZZER_NEW": "4"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        snap = self.assert_corpus_intact()
        self.assertEqual(len(snap), len(SEEDS) + 4)
        runs = [d for d in os.listdir(self.out) if not d.startswith("history")]
        self.assertEqual(len(runs), 1)
        report = json.load(open(os.path.join(self.out, runs[0], "report.json")))
        (row,) = report["targets"]
        self.assertEqual((row["corpus_before"], row["corpus_after"], row["corpus_added"]),
                         (len(SEEDS), len(SEEDS) + 4, 4))
        self.assertEqual(row["runs"], 4096)
        self.assertEqual(row["new_crashes"], 0)
        self.assertTrue(os.path.isfile(os.path.join(self.out, runs[0], "report.md")))
        self.assertFalse(os.path.exists(os.path.join(self.out, runs[0], ".work")))
        history = open(os.path.join(self.out, "history.jsonl")).read().splitlines()
        self.assertEqual(json.loads(history[0])["corpus"], {TARGET: len(SEEDS) + 4})
        self.assertIn("<svg", open(os.path.join(self.out, "history.svg")).read())
        self.assertIn("[1/1] " + TARGET, output)

    def test_sigkill_in_the_middle_of_the_merge_leaves_corpus_unchanged(self):
        before = self.corpus_snapshot()
        proc = self.start({"FAKE_FUZZER_MERGE_SLEEP": "1"})
        merger = self.wait_for_merge(proc)
        proc.kill()
        proc.wait()
        self.assertEqual(self.corpus_snapshot(), before)
        # The orphaned merger finishes writing into its scratch folder, never into corpus/.
        wait_for(lambda: not alive(merger), "the orphaned merger to finish")
        self.assertEqual(self.corpus_snapshot(), before)

    def check_signal_mid_merge(self, signum):
        before = self.corpus_snapshot()
        proc = self.start({"FAKE_FUZZER_MERGE_SLEEP": "30"})
        merger = self.wait_for_merge(proc)
        proc.send_signal(signum)
        output = proc.communicate(timeout=60)[0]
        self.assertEqual(proc.returncode, 128 + signum, output)
        self.assertIn("interrupted", output)
        self.assertFalse(alive(merger), "nightly left its merger running")
        self.assertEqual(self.corpus_snapshot(), before)
        run_dirs = [d for d in os.listdir(self.out) if not d.startswith("history")]
        self.assertFalse(os.path.exists(os.path.join(self.out, run_dirs[0], ".work")))

    def test_sigterm_in_the_middle_of_the_merge_leaves_corpus_unchanged(self):
        self.check_signal_mid_merge(signal.SIGTERM)

    def test_sigint_in_the_middle_of_the_merge_leaves_corpus_unchanged(self):
        self.check_signal_mid_merge(signal.SIGINT)

    def test_sigkill_while_publishing_then_rerun(self):
        proc = self.start({"FAKE_FUZZER_NEW": "6", "IOVCHECK_NIGHTLY_TEST_PUBLISH_DELAY": "0.3"})
        wait_for(lambda: len(os.listdir(self.corpus)) > len(SEEDS) or proc.poll() is not None,
                 "the first published input")
        proc.kill()
        proc.wait()
        first = self.assert_corpus_intact()
        self.assertGreater(len(first), len(SEEDS))
        # The next run completes the job: nothing lost, nothing partial.
        proc = self.start({"FAKE_FUZZER_NEW": "6"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        final = self.assert_corpus_intact()
        self.assertEqual(len(final), len(SEEDS) + 6)
        self.assertTrue(set(first) <= set(final))

    def test_stale_staging_file_is_removed_and_never_counted(self):
        with open(os.path.join(self.corpus, ".deadbeef.nightly-partial"), "wb") as f:
            f.write(b"half")
        proc = self.start({"FAKE_FUZZER_NEW": "1"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        self.assertEqual(len(self.assert_corpus_intact()), len(SEEDS) + 1)

    def test_crashes_are_deduplicated_by_stack_signature(self):
        proc = self.start({"FAKE_FUZZER_NEW": "1",
                           "FAKE_FUZZER_CRASHES": "CRASH-A-first,CRASH-A-second,CRASH-B"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 1, output)
        (run,) = [d for d in os.listdir(self.out) if not d.startswith("history")]
        target_dir = os.path.join(self.out, run, TARGET)
        crash_dirs = sorted(d for d in os.listdir(target_dir)
                            if os.path.isdir(os.path.join(target_dir, d)))
        self.assertEqual(len(crash_dirs), 2, crash_dirs)
        for d in crash_dirs:
            self.assertTrue(d.startswith("asan-heap-buffer-overflow-"), d)
            for f in ("input", "input.min", "log.txt", "repro.txt"):
                self.assertTrue(os.path.isfile(os.path.join(target_dir, d, f)), d + "/" + f)
        report = json.load(open(os.path.join(self.out, run, "report.json")))
        crashes = report["targets"][0]["crashes"]
        self.assertEqual(sorted(c["duplicates"] for c in crashes), [1, 2])
        frames = sorted(c["frames"][0] for c in crashes)
        self.assertEqual(frames, ["iov_alpha", "iov_gamma"])
        self.assertEqual(report["targets"][0]["new_crashes"], 2)
        # The same bugs the next night are known, not new signatures.
        proc = self.start({"FAKE_FUZZER_NEW": "0", "FAKE_FUZZER_CRASHES": "CRASH-B"})
        proc.communicate(timeout=120)
        self.assertEqual(proc.returncode, 1)
        runs = sorted(d for d in os.listdir(self.out) if not d.startswith("history"))
        second = json.load(open(os.path.join(self.out, runs[-1], "report.json")))
        self.assertEqual(second["targets"][0]["crashes"][0]["first_seen"], report["date"])

    def test_bad_arguments_print_one_line_and_exit_2(self):
        for args in (["--minutes-per-target", "soon"], ["--jobs", "0"], ["--frobnicate"],
                     ["--targets", "fuzz_nonexistent"]):
            proc = self.start(args=args)
            output = proc.communicate(timeout=60)[0]
            self.assertEqual(proc.returncode, 2, (args, output))
            self.assertEqual(len(output.strip().splitlines()), 1, (args, output))
        self.assertEqual(self.corpus_snapshot(), SEEDS)


if __name__ == "__main__":
    unittest.main()
