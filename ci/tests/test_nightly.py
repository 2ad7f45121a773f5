#!/usr/bin/env python3
"""ci/nightly against a stand-in fuzzer (fake_libfuzzer.py): corpus/ survives
SIGKILL, SIGTERM and SIGINT in the middle of the merge and in the middle of
publishing new inputs; a corpus on another mount point gets its new inputs;
crashes are deduplicated by stack signature; bad arguments and paths give
one line and exit 2; runs on another corpus keep their own history; runs
started together never share a folder."""
import hashlib
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "ci"))
from iovcheck_ci import nightly, nightly_report  # noqa: E402
NIGHTLY = os.path.join(REPO, "ci", "nightly")
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

    def start(self, extra_env=None, args=(), wrapper=(), stderr=subprocess.STDOUT):
        env = dict(os.environ, FAKE_FUZZER_MERGE_MARKER=self.marker)
        env.update(extra_env or {})
        cmd = list(wrapper) + [NIGHTLY, "--fuzzer-dir", self.bin, "--corpus-dir",
                               self.corpus_root, "--out", self.out, "--minutes-per-target", "0.02",
                               "--no-coverage", "--jobs", "1", "--repro", "/nonexistent"] + list(args)
        return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)

    def history(self):
        return nightly_report.history_paths(self.out, self.corpus_root)

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
        history, svg = self.history()
        history = open(history).read().splitlines()
        self.assertEqual(json.loads(history[0])["corpus"], {TARGET: len(SEEDS) + 4})
        self.assertIn("<svg", open(svg).read())
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

    def test_crashes_are_findings_one_per_signature_across_targets_and_known_ones_pass(self):
        second = "fuzz_fake2"
        shutil.copy(os.path.join(HERE, "fake_libfuzzer.py"), os.path.join(self.bin, second))
        shutil.copytree(self.corpus, os.path.join(self.corpus_root, second))
        proc = self.start({"FAKE_FUZZER_NEW": "0", "FAKE_FUZZER_CRASHES": "CRASH-A-first,CRASH-B"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 1, output)
        (run,) = [d for d in os.listdir(self.out) if not d.startswith("history")]
        run_dir = os.path.join(self.out, run)
        found = json.load(open(os.path.join(run_dir, "findings.json")))["findings"]
        self.assertEqual(len(found), 2, found)  # the same two bugs in both targets
        for f in found:
            self.assertEqual((f["cls"], f["kind"]), ("memory error", "heap-buffer-overflow"))
            self.assertEqual(f["extra"]["count"], 2)
            self.assertRegex(f["rerun"], r"^ci/repro --target fuzz_fake2? \S+/input(\.min)?$")
        suite = ET.parse(os.path.join(run_dir, "junit.xml")).getroot()
        self.assertEqual(sorted(c.get("name") for c in suite.iter("testcase")), [TARGET, second])
        self.assertEqual(suite.get("failures"), "2")
        sarif = json.load(open(os.path.join(run_dir, "findings.sarif")))
        self.assertEqual((sarif["version"], len(sarif["runs"][0]["results"])), ("2.1.0", 2))
        self.assertIn("## Findings", open(os.path.join(run_dir, "report.md")).read())
        known = os.path.join(self.root, "known.txt")
        with open(known, "w") as f:
            f.writelines("%s accepted for the test\n" % x["signature"] for x in found)
        proc = self.start({"FAKE_FUZZER_NEW": "0", "FAKE_FUZZER_CRASHES": "CRASH-A-first,CRASH-B"},
                          args=["--known", known])
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        self.assertIn("nightly: 0 finding(s), 2 known (suppressed)", output)

    def run_dir(self):
        (run,) = [d for d in os.listdir(self.out) if not d.startswith("history")]
        return os.path.join(self.out, run)

    def test_wrong_results_in_two_functions_are_two_signatures_with_their_counts(self):
        # Every oracle difference aborts through the same stack: grouping by
        # the stack alone would report these two bugs as one.
        proc = self.start({"FAKE_FUZZER_NEW": "0", "FAKE_FUZZER_CRASHES":
                           "WRONG-iov_memset a,WRONG-iov_memset b,WRONG-iov_memset c,WRONG-qemu_iovec_is_zero"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 1, output)
        found = json.loads(read(os.path.join(self.run_dir(), "findings.json")))["findings"]
        self.assertEqual(sorted((f["cls"], f["function"], f["extra"]["count"]) for f in found),
                         [("wrong result", "iov_memset", 3), ("wrong result", "qemu_iovec_is_zero", 1)])
        report = read(os.path.join(self.run_dir(), "report.md"))
        self.assertIn("2 distinct signature(s):", report)
        for f in found:
            self.assertRegex(report, r"\| `%s` \| wrong result \(return value\) \| %s \| .* \| %d \| nightly %s \| new \|"
                             % (f["signature"], f["function"], f["extra"]["count"], TARGET))
            self.assertIn("nightly: [%s] x%d wrong result" % (f["signature"], f["extra"]["count"]), output)

    def test_profile_reaches_every_run_and_every_report(self):
        log = os.path.join(self.root, "profiles.log")
        profile = os.path.join(self.root, "fork.profile")
        with open(profile, "w") as f:
            f.write("base emulator\nqemu_iovec_init.hint_nonneg checked\n")
        shown_file = profile if os.path.relpath(profile).startswith("..") else os.path.relpath(profile)
        for argument, shown in (("emulator", "emulator"), (profile, shown_file)):
            open(log, "w").close()
            proc = self.start({"FAKE_FUZZER_NEW": "1", "FAKE_FUZZER_CRASHES": "CRASH-A",
                               "FAKE_FUZZER_PROFILE_LOG": log}, args=["--profile", argument])
            output = proc.communicate(timeout=120)[0]
            self.assertEqual(proc.returncode, 1, output)
            with open(log) as f:
                seen = f.read().split()
            self.assertGreater(len(seen), 2)  # fuzzing, merging, replaying the crash
            self.assertEqual(set(seen), {os.path.realpath(argument) if argument == profile else argument})
            run_dir = self.run_dir()
            header = "implementation: core/   profile: %s   build: %s" % (shown, self.bin)
            self.assertIn(header, read(os.path.join(run_dir, "report.md")))
            self.assertIn("nightly: " + header, output)
            found = json.loads(read(os.path.join(run_dir, "findings.json")))
            self.assertEqual((found["profile"], found["build"]), (shown, self.bin))
            suite = ET.parse(os.path.join(run_dir, "junit.xml")).getroot()
            self.assertEqual({p.get("name"): p.get("value") for p in suite.iter("property")},
                             {"implementation": "core/", "profile": shown, "build": self.bin})
            sarif = json.loads(read(os.path.join(run_dir, "findings.sarif")))
            self.assertEqual(sarif["runs"][0]["properties"]["profile"], shown)
            shutil.rmtree(run_dir)

    def test_a_bad_profile_is_refused_before_anything_starts(self):
        profile = os.path.join(self.root, "bad.profile")
        with open(profile, "w") as f:
            f.write("base emulator\n\nqemu_iovec_init.hint_nonneg sometimes\n")
        self.assert_usage_error(["--profile", profile], "%s:3: unknown class 'sometimes'" % profile)
        self.assert_usage_error(["--profile", "strictest"], "unknown profile 'strictest'")
        self.assertFalse(os.path.exists(self.out) and os.listdir(self.out))

    def test_mutate_minutes_runs_a_resumable_sample_and_reports_its_score(self):
        fake = os.path.join(self.root, "fake_mutate")
        argv_file = os.path.join(self.root, "mutate.argv")
        with open(fake, "w") as f:
            f.write("#!/bin/sh\necho \"$@\" > %s\n"
                    "echo 'mutate: 40 judged: killed 37, survived 3, equivalent 0, invalid 0; "
                    "score 92.5%%; report x/report.md'\nexit 1\n" % argv_file)
        os.chmod(fake, 0o755)
        proc = self.start({"FAKE_FUZZER_NEW": "0"}, args=["--mutate-minutes", "0.5", "--mutate", fake])
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        with open(argv_file) as f:
            self.assertEqual(f.read().split(), ["--minutes", "0.5", "--sample", "1000",
                                                "--out", os.path.join(self.out, "mutate")])
        (run,) = [d for d in os.listdir(self.out) if not d.startswith("history")]
        with open(os.path.join(self.out, run, "report.md")) as f:
            report = f.read()
        self.assertIn("score 92.5%", report)
        self.assertIn("- survivors: 3", report)

    def assert_usage_error(self, args, names):
        proc = self.start(args=args, stderr=subprocess.PIPE)
        output, errors = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 2, (args, output, errors))
        self.assertEqual(output, "", args)
        self.assertEqual(len(errors.splitlines()), 1, (args, errors))
        self.assertTrue(errors.startswith("ci/nightly: "), errors)
        self.assertIn(names, errors, args)
        self.assertNotIn("Traceback", errors)

    def test_bad_arguments_print_one_line_and_exit_2(self):
        for value in ("soon", "nan", "inf", "-inf", "1e400", "0", "-1", "99999999"):
            self.assert_usage_error(["--minutes-per-target", value], "--minutes-per-target")
        for value in ("0", "-3", "1.5", "nan", "18446744073709551617"):
            self.assert_usage_error(["--jobs", value], "--jobs")
        self.assert_usage_error(["--frobnicate"], "--frobnicate")
        self.assert_usage_error(["--targets", "fuzz_nonexistent"], "fuzz_nonexistent")
        self.assert_usage_error(["--targets", "../x"], "../x")
        self.assertEqual(self.corpus_snapshot(), SEEDS)
        self.assertFalse(os.path.exists(self.out) and os.listdir(self.out),
                         "a refused run left folders behind")

    def test_mistyped_or_unusable_paths_are_usage_errors(self):
        self.assert_usage_error(["--corpus-dir", self.corpus_root + "-typo"], "-typo")
        empty = os.path.join(self.root, "empty-corpus")
        os.mkdir(empty)
        self.assert_usage_error(["--corpus-dir", empty], empty)
        a_file = os.path.join(self.corpus, "seed-one")
        self.assert_usage_error(["--out", os.path.join(a_file, "out")], "--out")
        self.assert_usage_error(["--fuzzer-dir", self.bin + "-typo"], "-typo")
        self.assertEqual(self.corpus_snapshot(), SEEDS)

    def test_read_only_out_is_a_usage_error_and_leaves_nothing(self):
        wrapper = mount_wrapper("mount --bind {out} {out} && mount -o remount,ro,bind {out}",
                                out=self.out_parent())
        if wrapper is None:
            self.skipTest("no private mount namespace (unshare -m as root) for a read-only mount")
        proc = self.start(wrapper=wrapper, stderr=subprocess.PIPE)
        output, errors = proc.communicate(timeout=60)
        self.assertEqual(proc.returncode, 2, (output, errors))
        self.assertEqual(len(errors.splitlines()), 1, errors)
        self.assertIn(self.out, errors)
        self.assertEqual(os.listdir(self.out_parent()), [])

    def out_parent(self):
        """--out inside a folder of its own, for a mount over it."""
        parent = os.path.join(self.root, "out-mount")
        os.makedirs(parent, exist_ok=True)
        self.out = os.path.join(parent, "artifacts")
        return parent

    def test_corpus_on_another_mount_point_gets_the_new_inputs(self):
        # A bind mount: same device number, yet rename() across it is EXDEV.
        wrapper = mount_wrapper("mount --bind {src} {dst}", src=self.corpus_root,
                                dst=self.mounted_corpus_root())
        if wrapper is None:
            self.skipTest("no private mount namespace (unshare -m as root) for a bind mount")
        self.corpus_root = self.mounted_corpus_root()
        proc = self.start({"FAKE_FUZZER_NEW": "3"}, wrapper=wrapper)
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        self.corpus = os.path.join(self.root, "corpus", TARGET)  # the same files, unmounted
        self.assertEqual(len(self.assert_corpus_intact()), len(SEEDS) + 3)

    def mounted_corpus_root(self):
        path = os.path.join(self.root, "mounted-corpus")
        os.makedirs(path, exist_ok=True)
        return path

    def test_corpus_on_another_device_gets_the_new_inputs(self):
        if os.stat("/dev/shm").st_dev == os.stat(self.root).st_dev:
            self.skipTest("/dev/shm is on the same device as %s" % self.root)
        shm_root = tempfile.mkdtemp(prefix="nightly-test-corpus-", dir="/dev/shm")
        try:
            shutil.copytree(self.corpus_root, shm_root, dirs_exist_ok=True)
            self.corpus_root, self.corpus = shm_root, os.path.join(shm_root, TARGET)
            proc = self.start({"FAKE_FUZZER_NEW": "2"})
            output = proc.communicate(timeout=120)[0]
            self.assertEqual(proc.returncode, 0, output)
            self.assertEqual(len(self.assert_corpus_intact()), len(SEEDS) + 2)
        finally:
            shutil.rmtree(shm_root, ignore_errors=True)

    def test_unpublishable_inputs_are_kept_in_the_run(self):
        from iovcheck_ci import nightly_target
        scratch = os.path.join(self.root, "scratch")
        os.makedirs(scratch)
        new = os.path.join(scratch, "abc")
        with open(new, "wb") as f:
            f.write(b"new coverage")
        kept = nightly_target.keep_unpublished([new], os.path.join(self.root, "kept"))
        self.assertEqual(open(os.path.join(kept, "abc"), "rb").read(), b"new coverage")

    def test_another_corpus_keeps_its_own_history(self):
        proc = self.start({"FAKE_FUZZER_NEW": "1"})
        output = proc.communicate(timeout=120)[0]
        self.assertEqual(proc.returncode, 0, output)
        main_history = nightly_report.history_paths(self.out, os.path.join(REPO, "corpus"))[0]
        self.assertFalse(os.path.exists(main_history), "a test corpus wrote the main history")
        self.assertTrue(os.path.isfile(self.history()[0]))
        self.assertNotEqual(self.history()[0], main_history)

    def test_runs_started_together_never_share_a_folder(self):
        os.makedirs(self.out)
        count = 8
        with multiprocessing.get_context("fork").Pool(count) as pool:
            names = pool.map(make_run_dir, [self.out] * count)
        self.assertEqual(len(set(names)), count, names)

    def test_a_folder_made_by_another_run_after_the_look_is_not_reused(self):
        # What a run started in the same second does between a look
        # (os.path.exists) and the creation: the creation itself must decide.
        os.makedirs(self.out)
        first = nightly.new_run_dir(self.out)[0]
        real_exists = os.path.exists
        try:
            os.path.exists = lambda path: False if path.startswith(self.out) else real_exists(path)
            second = nightly.new_run_dir(self.out)[0]
        finally:
            os.path.exists = real_exists
        self.assertNotEqual(first, second)


def read(path):
    with open(path) as f:
        return f.read()


def make_run_dir(out):
    # Every worker starts at the same moment, to make the names collide.
    deadline = int(time.time()) + 1
    while time.time() < deadline:
        pass
    return nightly.new_run_dir(out)[0]


def mount_wrapper(script, **paths):
    """A command prefix that runs the command in a private mount namespace
    after script (formatted with paths), or None where that is impossible."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return None
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    if probe.returncode != 0:
        return None
    quoted = {k: "'%s'" % v for k, v in paths.items()}
    return ["unshare", "-m", "sh", "-c", script.format(**quoted) + ' && exec "$@"', "sh"]


if __name__ == "__main__":
    unittest.main()
