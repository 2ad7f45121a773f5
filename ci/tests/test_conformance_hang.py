#!/usr/bin/env python3
"""ci/conformance's watchdog: an implementation whose shared helper spins
forever (fixtures/hang_in_helper.c) ends each row as a hang that shows the
program that hung, within --call-timeout per program, instead of a fixed
wait per row (which made such an implementation cost about an hour)."""
import os
import re
import subprocess
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


class ConformanceHangTest(unittest.TestCase):
    def test_every_hang_is_reported_with_its_program(self):
        proc = subprocess.run([os.path.join(REPO, "ci", "conformance"), "--impl",
                               os.path.join(HERE, "fixtures", "hang_in_helper.c"),
                               "--call-timeout", "0.2", "--programs", "3"],
                              capture_output=True, text=True, errors="replace", timeout=1200)
        self.assertEqual(proc.returncode, 1, proc.stdout[-3000:] + proc.stderr[-3000:])
        failed = re.findall(r"^(\S+)\s+FAIL\s+hang\b", proc.stdout, re.M)
        hangs = proc.stdout.count("conformance: hang: this program ran longer than 0.2 s")
        self.assertGreater(len(failed), 0, proc.stdout)
        self.assertEqual(hangs, len(failed), proc.stdout)
        self.assertRegex(proc.stdout, r"program:\s+op#0 \w+\(")
        self.assertNotIn("Traceback", proc.stderr)


if __name__ == "__main__":
    unittest.main()
