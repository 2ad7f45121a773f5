#!/usr/bin/env python3
"""ci/bench --impl: the benchmark built against another implementation (here
the example with a helper of every byte mover spinning forever,
fixtures/hang_in_helper.c) runs every row with the per-row timeout; the
rows that hang are reported as hung, the others measured, none dropped."""
import os
import re
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
ROWS = r"^(to_buf|discard_front\.all)/.*/16x64KiB"


class BenchImplTest(unittest.TestCase):
    def test_hung_rows_of_another_implementation_are_reported(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "ratios.json")
            proc = subprocess.run([os.path.join(REPO, "ci", "bench"), "--impl",
                                   os.path.join(HERE, "fixtures", "hang_in_helper.c"),
                                   "--filter", ROWS, "--row-timeout", "5", "--repetitions", "1",
                                   "--min-time", "0.01", "--out", out],
                                  capture_output=True, text=True, errors="replace", timeout=1500)
        self.assertEqual(proc.returncode, 1, proc.stdout[-3000:] + proc.stderr[-3000:])
        self.assertIn("to_buf/core-vs-external/16x64KiB/manual_time: hung: no result within 5s",
                      proc.stderr)
        self.assertRegex(proc.stdout, r"(?m)^to_buf\s+16x64KiB\s.*ERROR external: hung")
        # The rows that do not reach the spinning helper are measured.
        self.assertRegex(proc.stdout, r"(?m)^discard_front\.all\s+16x64KiB\s.*external: "
                                      r"(faster|= \(within noise\)|slower)")
        self.assertRegex(proc.stdout, r"rows with errors: 1$")
        self.assertIn("build/impl-bench-", proc.stderr)
        self.assertNotIn("Traceback", proc.stderr)


if __name__ == "__main__":
    unittest.main()
