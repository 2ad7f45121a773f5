#!/usr/bin/env python3
"""ci/conformance's findings, end to end: an implementation with one planted
wrong result (fixtures/wrong_is_zero.c) gives exactly one finding, of the
right class and function, with the command that reruns it; junit.xml has one
test case per function (that one failing) and findings.sarif one result with
the finding's signature; --known with that signature accepts it (exit 0,
still counted).  The wrong result has no stack inside the implementation, so
every report locates it where the implementation defines the function.
Every report names the implementation, the profile and the build.

An implementation that crashes in one function (fixtures/crash_in_is_zero.c)
still has every other function run and pass; ci/repro on an input that
crashes it names the implementation and profile, prints the finding's
signature, and --known with that signature accepts it (exit 0)."""
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
CRASHING = os.path.join(HERE, "fixtures", "crash_in_is_zero.c")
BUGGY = "qemu_iovec_is_zero"
EXAMPLE = os.path.join(REPO, "external", "example", "iov_example.c")


def conformance(out, *extra, fixture=FIXTURE):
    return subprocess.run([os.path.join(REPO, "ci", "conformance"), "--impl", fixture, "--programs", "100",
                           "--out", out, *extra],
                          capture_output=True, text=True, errors="replace", timeout=1200)


def definition_line(function):
    """The line of external/example/iov_example.c that defines function."""
    with open(EXAMPLE) as f:
        return next(i for i, line in enumerate(f, 1) if re.match(r"\w[\w\s*]*\b%s\(" % function, line))


def read_json(path):
    with open(path) as f:
        return json.load(f)


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
        self.assertRegex(first, r"^implementation: \S*wrong_is_zero\.c   profile: spec   build: build/impl-dev-\w+$")
        failing = re.findall(r"^(\w+)\s+FAIL\s+(.*)$", proc.stdout, re.M)
        self.assertEqual(failing, [(BUGGY, "wrong result (return value)")], proc.stdout)
        self.assertRegex(proc.stdout, r"rerun:\s+ci/conformance --impl \S*wrong_is_zero\.c .*--only %s\n" % BUGGY)
        self.assertRegex(proc.stdout, r"program \(shrunk\):\n(      .*\n)*      .*qemu_iovec_is_zero\(")
        self.assertNotIn("ended without a result", proc.stdout)
        self.assertNotIn("Traceback", proc.stderr)
        self.assertIn("    at:      %s external/example/iov_example.c:%d\n" % (BUGGY, definition_line(BUGGY)),
                      proc.stdout)

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
        location = results[0]["locations"][0]["physicalLocation"]
        self.assertEqual((location["artifactLocation"]["uri"], location["region"]["startLine"]),
                         ("external/example/iov_example.c", definition_line(BUGGY)))
        metadata = read_json(os.path.join(self.out, "findings.json"))
        self.assertEqual(metadata["profile"], "spec")
        self.assertRegex(metadata["build"], r"^build/impl-dev-\w+$")
        self.assertEqual(sarif["runs"][0]["properties"]["build"], metadata["build"])
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        self.assertEqual((properties["profile"], properties["build"]), ("spec", metadata["build"]))
        self.assertIn("wrong_is_zero.c", properties["implementation"])

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


class ConformanceKeepsGoingTest(unittest.TestCase):
    """An implementation that dies in one function (fixtures/crash_in_is_zero.c)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = cls.tmp.name
        cls.proc = conformance(cls.out, fixture=CRASHING)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_a_crashing_function_does_not_stop_the_others(self):
        proc = self.proc
        self.assertEqual(proc.returncode, 1, proc.stdout[-3000:] + proc.stderr[-3000:])
        rows = dict(re.findall(r"^(\w+)\s+(pass|FAIL|absent)\b", proc.stdout, re.M))
        self.assertEqual([f for f, result in rows.items() if result == "FAIL"], [BUGGY], proc.stdout)
        self.assertGreater(list(rows.values()).count("pass"), 20)
        self.assertRegex(proc.stdout, r"%s\s+FAIL  unexpected exit \(signal 11\)" % BUGGY)
        self.assertIn("    at:      %s external/example/iov_example.c:%d\n" % (BUGGY, definition_line(BUGGY)),
                      proc.stdout)
        (finding,) = read_json(os.path.join(self.out, "findings.json"))["findings"]
        self.assertEqual(finding["function"], BUGGY)

    def crashing_input(self):
        """A corpus input of fuzz_ops whose replay dies on the fixture (it calls
        qemu_iovec_is_zero on a non-empty range)."""
        build = re.search(r"build: (\S+)", self.proc.stdout.splitlines()[0]).group(1)
        replay = os.path.join(REPO, build, "fuzz", "fuzz_ops_replay")
        subprocess.run(["cmake", "--build", os.path.join(REPO, build), "--target", "fuzz_ops_replay"],
                       capture_output=True, check=True, timeout=1200)
        corpus = os.path.join(REPO, "corpus", "fuzz_ops")
        env = dict(os.environ, IOVCHECK_IMPL="external")
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            if subprocess.run([replay, "--explain", path], capture_output=True, env=env,
                              timeout=60).returncode == -11:
                return path
        self.fail("no corpus input of fuzz_ops reaches qemu_iovec_is_zero")

    def test_repro_judges_the_implementation_and_accepts_a_known_finding(self):
        data = self.crashing_input()
        repro = [os.path.join(REPO, "ci", "repro"), "--target", "fuzz_ops", data, "--impl", CRASHING]
        proc = subprocess.run(repro, capture_output=True, text=True, errors="replace", timeout=1200)
        self.assertEqual(proc.returncode, 1, proc.stdout[-3000:] + proc.stderr[-3000:])
        self.assertRegex(proc.stdout, r"ci/repro: implementation: \S*crash_in_is_zero\.c   profile: spec   build: ")
        finding = re.search(r"^ci/repro: finding \[(\w{12})\] unexpected exit \(signal 11\)", proc.stdout, re.M)
        self.assertIsNotNone(finding, proc.stdout[-3000:])
        with tempfile.TemporaryDirectory() as d:
            known = os.path.join(d, "known.txt")
            with open(known, "w") as f:
                f.write("%s the fixture's planted crash\n" % finding.group(1))
            proc = subprocess.run(repro + ["--profile", "emulator", "--known", known], capture_output=True,
                                  text=True, errors="replace", timeout=1200)
        self.assertEqual(proc.returncode, 0, proc.stdout[-3000:] + proc.stderr[-3000:])
        self.assertIn("[known: the fixture's planted crash]", proc.stdout)
        self.assertIn("profile: emulator", proc.stdout)


if __name__ == "__main__":
    unittest.main()
