#!/usr/bin/env python3
"""ci/nightly keeps fuzzing past a crash: a real campaign (libFuzzer -fork with
crashes ignored) against an implementation with two planted bugs of different
classes (fixtures/two_bugs.c: qemu_iovec_is_zero's buffer_is_zero answers
"zero" for short buffers without looking, and reads past longer ones) must
report BOTH, a wrong result and a memory error, as distinct signatures with
their crash-file counts, each located in the implementation's code.
A campaign that stopped at its first crash would report one.

It builds the fuzz preset and the replay against the fixture (once; later
runs reuse build/impl-*-<hash>) and fuzzes fuzz_ops for 2 minutes on a copy
of corpus/fuzz_ops, so it takes several minutes: ctest label `campaign`,
which ci/gate leaves out.

  test_nightly_campaign.py [MINUTES]     (default 2)
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, "fixtures", "two_bugs.c")
TARGET = "fuzz_ops"
MINUTES = "2"


class NightlyCampaignTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="nightly-campaign-")
        corpus_root = os.path.join(cls.tmp, "corpus")
        shutil.copytree(os.path.join(REPO, "corpus", TARGET), os.path.join(corpus_root, TARGET))
        cls.out = os.path.join(cls.tmp, "artifacts")
        cls.proc = subprocess.run(
            [os.path.join(REPO, "ci", "nightly"), "--impl", FIXTURE, "--profile", "emulator",
             "--targets", TARGET, "--minutes-per-target", MINUTES, "--jobs", "1", "--no-coverage",
             "--corpus-dir", corpus_root, "--out", cls.out],
            capture_output=True, text=True, errors="replace", timeout=3600, cwd=REPO)
        runs = [d for d in os.listdir(cls.out) if not d.startswith("history")] if os.path.isdir(cls.out) else []
        cls.run_dir = os.path.join(cls.out, runs[0]) if len(runs) == 1 else None

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def output(self):
        return self.proc.stdout[-4000:] + self.proc.stderr[-2000:]

    def findings(self):
        self.assertIsNotNone(self.run_dir, self.output())
        with open(os.path.join(self.run_dir, "findings.json")) as f:
            return json.load(f)

    def test_both_planted_bugs_are_distinct_signatures(self):
        self.assertEqual(self.proc.returncode, 1, self.output())
        found = self.findings()["findings"]
        wrong = [f for f in found if f["cls"] == "wrong result" and f["function"] == "qemu_iovec_is_zero"]
        overread = [f for f in found if f["cls"] == "memory error" and "buffer_is_zero" in f["frame"]]
        self.assertEqual(len(wrong), 1, json.dumps(found, indent=1)[:6000])
        self.assertEqual(len(overread), 1, json.dumps(found, indent=1)[:6000])
        self.assertNotEqual(wrong[0]["signature"], overread[0]["signature"])
        # Both located in the implementation's code: the memory error at its
        # stack's frame, the wrong result (no stack there) where the
        # implementation defines qemu_iovec_is_zero.
        self.assertRegex(overread[0]["frame"], r"^buffer_is_zero \S*ci/tests/fixtures/two_bugs\.c:\d+$")
        self.assertRegex(wrong[0]["frame"], r"^qemu_iovec_is_zero external/example/iov_example\.c:\d+$")
        for f in wrong + overread:
            self.assertGreaterEqual(f["extra"]["count"], 1)
            self.assertIn("--impl", f["rerun"])
            self.assertIn("--profile emulator", f["rerun"])

    def test_the_campaign_went_on_past_its_first_crash(self):
        # libFuzzer's last fork status line counts the crashes it went past;
        # a campaign that stopped at its first crash counted none.
        self.findings()
        with open(os.path.join(self.run_dir, TARGET, "fuzz.log"), errors="replace") as f:
            counts = re.findall(r"oom/timeout/crash: \d+/\d+/(\d+)", f.read())
        self.assertTrue(counts, "no fork-mode status line in fuzz.log")
        self.assertGreaterEqual(int(counts[-1]), 2, self.output())

    def test_report_lists_the_distinct_signatures_with_counts(self):
        found = self.findings()
        self.assertEqual(found["profile"], "emulator")
        with open(os.path.join(self.run_dir, "report.md")) as f:
            report = f.read()
        self.assertIn("profile: emulator", report.splitlines()[2])
        self.assertIn("%d distinct signature(s):" % len(found["findings"]), report)
        for f in found["findings"]:
            self.assertIn("| `%s` | %s (%s) |" % (f["signature"], f["cls"], f["kind"]), report)


if __name__ == "__main__":
    if len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        MINUTES = sys.argv.pop(1)
    unittest.main()
