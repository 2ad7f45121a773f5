#!/usr/bin/env python3
"""ci/bench: a row that hangs or dies is reported in the table as such and
makes the exit status 1 (it used to vanish, and the tool exited 0 without a
table); bad arguments are one line on stderr and exit 2."""
import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.join(os.path.dirname(HERE), "bench")
FAKE = os.path.join(HERE, "fake_benchmark.py")


def run(*args):
    return subprocess.run([BENCH, *args], capture_output=True, text=True, timeout=120)


class BenchRows(unittest.TestCase):
    def test_hung_and_dead_rows_are_reported_never_dropped(self):
        with tempfile.TemporaryDirectory() as d:
            proc = run("--binary", FAKE, "--build-dir", d, "--row-timeout", "2", "--repetitions", "1")
            self.assertEqual(proc.returncode, 1, proc.stdout + proc.stderr)
            self.assertIn("memset/core/1x4KiB: hung: no result within 2s", proc.stderr)
            self.assertIn("from_buf/core/1x4KiB: the benchmark binary died (killed by SIGSEGV)", proc.stderr)
            self.assertIn("rows with errors: 2", proc.stdout)
            self.assertTrue(os.path.isfile(os.path.join(d, "ratios.json")))
            again = run("--results", os.path.join(d, "bench.json"), "--out", os.path.join(d, "again.json"),
                        "--compare", os.path.join(d, "ratios.json"))
            self.assertEqual(again.returncode, 1, again.stdout + again.stderr)

    def test_bad_arguments(self):
        cases = [["--min-time", "nan"], ["--min-time", "-1"], ["--row-timeout", "inf"], ["--repetitions", "0"],
                 ["--results", "/no/such/file.json"], ["--binary", "/no/such/binary"], ["--bogus"],
                 ["--out", "/no/such/dir/ratios.json", "--results", FAKE]]
        for args in cases:
            proc = run(*args)
            self.assertEqual(proc.returncode, 2, (args, proc.stdout, proc.stderr))
            self.assertEqual(len(proc.stderr.strip().splitlines()), 1, (args, proc.stderr))
            self.assertTrue(proc.stderr.startswith("ci/bench: "), (args, proc.stderr))

    def test_results_that_are_not_benchmark_json(self):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            f.write("{\"not\": \"a run\"}")
        try:
            proc = run("--results", f.name, "--out", f.name + ".out")
        finally:
            os.unlink(f.name)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertEqual(len(proc.stderr.strip().splitlines()), 1, proc.stderr)


if __name__ == "__main__":
    unittest.main()
