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
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "bench"))
import ratios  # noqa: E402  (bench/ratios.py)


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


def versus_entry(operation, ratio, low, high, repetition=0):
    """One repetition of an OPERATION/core-vs-external/1x4KiB row."""
    name = f"{operation}/core-vs-external/1x4KiB/manual_time"
    return {"name": name, "run_name": name, "run_type": "iteration", "repetition_index": repetition,
            "time_unit": "ns", "cpu_time": 100.0, "ns_per_call": 100.0, "other_ns_per_call": 100.0 * ratio,
            "vs_other": ratio, "vs_other_low": low, "vs_other_high": high, "segments": 1}


def core_entry(operation):
    name = f"{operation}/core/1x4KiB"
    return {"name": name, "run_name": name, "run_type": "iteration", "time_unit": "ns",
            "cpu_time": 100.0, "segments": 1}


class PairedVerdicts(unittest.TestCase):
    """core against another implementation, from their alternated row: the
    noise band (the median's interval joined over repetitions, at least
    +-NOISE_FLOOR) decides; two decimals no longer do."""

    def verdict(self, *repetitions):
        entries = [core_entry("op")] + [versus_entry("op", *r, repetition=i)
                                        for i, r in enumerate(repetitions)]
        text, document = ratios.compute({"benchmarks": entries})
        row = document["rows"][0]
        return row["versus"]["external"]["verdict"], row["goals"][-1], text

    def test_the_same_speed_reads_within_noise_not_a_miss(self):
        # 0.99 printed as two decimals failed ">= 1.00"; within the 3% floor it is "=".
        verdict, goal, text = self.verdict((0.99, 0.985, 0.995))
        self.assertEqual(verdict, "=")
        self.assertTrue(goal["met"], goal)
        self.assertIn("external: = (within noise) 0.99", text)
        self.assertIn("0 faster, 1 within noise, 0 slower", text.splitlines()[-1])

    def test_a_clear_difference_either_way(self):
        verdict, goal, _ = self.verdict((1.20, 1.19, 1.21))
        self.assertEqual((verdict, goal["met"]), ("faster", True))
        verdict, goal, text = self.verdict((0.90, 0.89, 0.91))
        self.assertEqual((verdict, goal["met"]), ("slower", False))
        self.assertIn("MISS external: slower 0.90", text)

    def test_repetitions_that_disagree_join_their_bands(self):
        # Two repetitions alone read "slower", the third "faster": together
        # they only say the two are within the run's noise.
        verdict, _, _ = self.verdict((0.95, 0.94, 0.96), (0.95, 0.94, 0.96), (1.06, 1.05, 1.07))
        self.assertEqual(verdict, "=")

    def test_an_older_run_without_paired_rows_is_judged_unpaired(self):
        old = core_entry("op")
        other = dict(core_entry("op"), name="op/external/1x4KiB", run_name="op/external/1x4KiB",
                     cpu_time=98.0)
        _, document = ratios.compute({"benchmarks": [old, other]})
        goal = document["rows"][0]["goals"][-1]
        self.assertEqual(goal, {"text": "external>=1.00 (unpaired)", "met": False})


if __name__ == "__main__":
    unittest.main()
