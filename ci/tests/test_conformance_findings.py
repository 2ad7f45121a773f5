#!/usr/bin/env python3
"""ci/conformance's findings, end to end: an implementation with one planted
wrong result (fixtures/wrong_is_zero.c) gives exactly one finding, of the
right class and function, with the command that reruns it; junit.xml has one
test case per function (that one failing) and findings.sarif one result with
the finding's signature; --known with that signature accepts it (exit 0,
still counted)."""
import json
import os
import re
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, "fixtures", "wrong_is_zero.c")
BUGGY = "qemu_iovec_is_zero"


def conformance(out, *extra):
    return subprocess.run([os.path.join(REPO, "ci", "conformance"), "--impl", FIXTURE, "--programs", "100",
                           "--out", out, *extra],
                          capture_output=True, text=True, errors="replace", timeout=1200)


class ConformanceFindingsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = cls.tmp.name
        cls.proc = conformance(cls.out)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_report_names_the_implementation_and_the_one_finding(self):
        proc = self.proc
        self.assertEqual(proc.returncode, 1, proc.stdout[-3000:] + proc.stderr[-3000:])
        first = proc.stdout.splitlines()[0]
        self.assertRegex(first, r"^implementation: \S*wrong_is_zero\.c\s+profile: default$")
        failing = re.findall(r"^(\w+)\s+FAIL\s+(.*)$", proc.stdout, re.M)
        self.assertEqual(failing, [(BUGGY, "wrong result (return value)")], proc.stdout)
        self.assertRegex(proc.stdout, r"rerun:\s+ci/conformance --impl \S*wrong_is_zero\.c .*--only %s\n" % BUGGY)
        self.assertRegex(proc.stdout, r"program \(shrunk\):\n(      .*\n)*      .*qemu_iovec_is_zero\(")
        self.assertNotIn("ended without a result", proc.stdout)
        self.assertNotIn("Traceback", proc.stderr)

    def test_json_junit_and_sarif(self):
        with open(os.path.join(self.out, "findings.json")) as f:
            findings = json.load(f)["findings"]
        self.assertEqual([(x["cls"], x["function"]) for x in findings], [("wrong result", BUGGY)])
        self.assertIn("qemu_iovec_is_zero(", findings[0]["program"])
        suite = ET.parse(os.path.join(self.out, "junit.xml")).getroot()
        rows = re.findall(r"^(\w+)\s+(?:pass|FAIL)\b", self.proc.stdout, re.M)
        self.assertEqual(sorted(c.get("name") for c in suite.iter("testcase")), sorted(rows))
        self.assertGreater(len(rows), 20)
        failed = [c.get("name") for c in suite.iter("testcase") if c.find("failure") is not None]
        self.assertEqual(failed, [BUGGY])
        self.assertEqual(suite.find("testcase[@name='%s']/failure" % BUGGY).get("type"), "wrong result")
        with open(os.path.join(self.out, "findings.sarif")) as f:
            sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        results = sarif["runs"][0]["results"]
        self.assertEqual(len(results), 1)
        self.assertTrue(results[0]["ruleId"].startswith("wrong-result/"))
        self.assertEqual(results[0]["partialFingerprints"]["iovcheckSignature/v1"], findings[0]["signature"])

    def test_known_finding_is_counted_but_does_not_fail(self):
        with open(os.path.join(self.out, "findings.json")) as f:
            signature = json.load(f)["findings"][0]["signature"]
        with tempfile.TemporaryDirectory() as out:
            known = os.path.join(out, "known.txt")
            with open(known, "w") as f:
                f.write("# accepted\n%s the fixture's planted bug\n" % signature)
            proc = conformance(out, "--only", BUGGY, "--known", known)
            self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
            self.assertIn("[known: the fixture's planted bug]", proc.stdout)
            self.assertIn("0 finding(s), 1 known (suppressed)", proc.stdout)
            suite = ET.parse(os.path.join(out, "junit.xml")).getroot()
            self.assertEqual(suite.get("skipped"), "1")


if __name__ == "__main__":
    unittest.main()
