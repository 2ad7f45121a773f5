#!/usr/bin/env python3
"""Findings: each class recognised from the output that shows it, the frame
inside the implementation preferred to harness frames, one finding per
signature, known findings suppressed but counted, and JUnit/SARIF that parse
and name the implementation, profile and build; a finding without a stack
is located at the implementation's definition of the function; --profile
files are checked line by line as the binaries check them."""
import json
import os
import re
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from iovcheck_ci import findings as F  # noqa: E402
from iovcheck_ci import conformance, profiles  # noqa: E402
from iovcheck_ci.cli import UsageError  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURE = os.path.join(REPO, "ci", "tests", "fixtures", "wrong_is_zero.c")
META = {"implementation": "iov.c", "profile": "emulator", "build": "build/impl-dev-0123456789"}

ASAN = """==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020 at pc 0x55 bp 0x7f sp 0x7f
READ of size 8 at 0x6020 thread T0
    #0 0x55aa in __asan_memcpy (/build/fuzz/fuzz_ops+0x4a1b2)
    #1 0x55ab in iovcheck::RealWorld::step(iovcheck::Op const&) /src/oracle/src/real_world.cpp:88:3
    #2 0x55ac in ext_qemu_iovec_concat_iov /home/me/qemu/util/iov.c:{line}:7
    #3 0x55ad in LLVMFuzzerTestOneInput /src/fuzz/fuzz_ops.cpp:12:10

SUMMARY: AddressSanitizer: heap-buffer-overflow /home/me/qemu/util/iov.c:{line}:7 in qemu_iovec_concat_iov
"""
UBSAN = """/home/me/qemu/util/iov.c:{line}:20: runtime error: applying non-zero offset 16 to null pointer
SUMMARY: UndefinedBehaviorSanitizer: undefined-behavior /home/me/qemu/util/iov.c:{line}:20 in
"""
ORACLE = """iovcheck oracle: external, strict (handler unwinds) mode: divergence at op#1 of 2
call:     qemu_iovec_is_zero(slot 0, off 18446744073709551615, bytes 2)
what:     {what}
expected: {expected}
actual:   {actual}
program (normalized):
layout: 2 segments [3, 5]
  #0 qemu_iovec_init_external(slot 0, niov 2)
  #1 qemu_iovec_is_zero(slot 0, off 18446744073709551615, bytes 2)
"""
IMPL = ("/home/me/qemu/util/iov.c",)


class Classify(unittest.TestCase):
    def test_memory_error_names_kind_and_implementation_frame(self):
        f = F.classify(ASAN.format(line=42), 1, impl_paths=IMPL)
        self.assertEqual((f.cls, f.kind), ("memory error", "heap-buffer-overflow"))
        self.assertEqual(f.frame, "qemu_iovec_concat_iov /home/me/qemu/util/iov.c:42")
        self.assertEqual(f.location(), ("/home/me/qemu/util/iov.c", 42))
        self.assertIn("SUMMARY: AddressSanitizer", f.summary)

    def test_frame_in_a_file_beside_a_source_is_the_implementations(self):
        included = ASAN.format(line=42).replace("/home/me/qemu/util/iov.c",
                                                "/home/me/qemu/build/../util/iov_common.c")
        f = F.classify(included, 1, impl_paths=IMPL)
        self.assertEqual(f.frame, "qemu_iovec_concat_iov /home/me/qemu/util/iov_common.c:42")
        relative = ASAN.format(line=42).replace("/home/me/qemu/util/iov.c", "../../util/iov_common.c")
        self.assertEqual(F.classify(relative, 1, impl_paths=IMPL).frame,
                         "qemu_iovec_concat_iov ../../util/iov_common.c:42")
        elsewhere = ASAN.format(line=42).replace("/home/me/qemu/util/iov.c", "/src/oracle/src/x.cpp")
        self.assertEqual(F.classify(elsewhere, 1, impl_paths=IMPL).frame, "")

    def test_undefined_behaviour_names_the_check(self):
        f = F.classify(UBSAN.format(line=7), 1, impl_paths=IMPL)
        self.assertEqual((f.cls, f.kind), ("undefined behaviour", "undefined-behavior"))
        self.assertEqual(f.frame, "/home/me/qemu/util/iov.c:7")
        self.assertIn("null pointer", f.summary)

    def test_oracle_differences(self):
        missed = F.classify(ORACLE.format(what="contract violation", expected="reported (range)",
                                          actual="none reported"), 1)
        self.assertEqual((missed.cls, missed.function), ("missed check", "qemu_iovec_is_zero"))
        self.assertIn("qemu_iovec_init_external", missed.program)
        wrong = F.classify(ORACLE.format(what="return value", expected="1", actual="0"), 1)
        self.assertEqual((wrong.cls, wrong.kind), ("wrong result", "return value"))
        spurious = F.classify(ORACLE.format(what="contract violation", expected="none",
                                            actual="reported (x)"), 1)
        self.assertEqual(spurious.cls, "wrong result")
        damage = F.classify(ORACLE.format(what="writes outside what the call was given", expected="none",
                                          actual="byte 3 after segment 1"), 1)
        self.assertEqual(damage.cls, "memory error")

    def test_an_abort_reported_by_asan_is_not_a_memory_error(self):
        # ASan (handle_abort=1) reports the oracle's abort on a difference as ABRT.
        abort = ("==9==ERROR: AddressSanitizer: ABRT on unknown address 0x0e19 (pc 0x7f bp 0x7f sp 0x7f T0)\n"
                 "    #0 0x7f in abort (/lib/libc.so.6+0x1)\n"
                 "    #1 0x55 in iovcheck::fuzz::report /src/fuzz/target.cpp:50:9\n"
                 "SUMMARY: AddressSanitizer: ABRT (/lib/libc.so.6+0x1) in abort\n")
        wrong = F.classify(abort + ORACLE.format(what="return value", expected="1", actual="0"), 1)
        self.assertEqual((wrong.cls, wrong.kind, wrong.function), ("wrong result", "return value", "qemu_iovec_is_zero"))
        bare = F.classify(abort, 1, impl_paths=IMPL)
        self.assertEqual((bare.cls, bare.kind), ("unexpected exit", "signal 6"))

    def test_hang_exit_and_nothing(self):
        self.assertEqual(F.classify("", 0, timed_out=True, function="iov_memset").cls, "hang")
        self.assertEqual(F.classify("Segmentation fault", -11).kind, "signal 11")
        self.assertIsNone(F.classify("all passed\n", 0))


class Dedup(unittest.TestCase):
    def test_same_bug_in_two_rows_is_one_finding_and_line_moves_keep_it(self):
        a = F.classify(ASAN.format(line=42), 1, impl_paths=IMPL)
        b = F.classify(ASAN.format(line=57), 1, impl_paths=IMPL)
        a.where, b.where = "conformance: qemu_iovec_concat", "nightly: fuzz_ops"
        c = F.classify(UBSAN.format(line=7), 1, impl_paths=IMPL)
        unique = F.deduplicate([a, b, c])
        self.assertEqual(len(unique), 2)
        self.assertEqual(unique[0].extra["count"], 2)
        self.assertEqual(unique[0].extra["also"], ["nightly: fuzz_ops"])

    def test_known_findings_suppress_but_count(self):
        a = F.classify(ASAN.format(line=42), 1, impl_paths=IMPL)
        with tempfile.NamedTemporaryFile("w", delete=False) as k:
            k.write(f"# accepted\n{a.signature} fixed upstream, waiting for the release\n")
        try:
            unique = F.deduplicate([a], F.read_known(k.name))
        finally:
            os.unlink(k.name)
        self.assertEqual(F.unsuppressed(unique), [])
        self.assertIn("1 known (suppressed)", F.text_report(unique, META))

    def test_bad_known_findings_line_is_named(self):
        with tempfile.NamedTemporaryFile("w", delete=False) as k:
            k.write("# fine\nnot-a-signature reason\n")
        try:
            with self.assertRaises(F.KnownFindingsError) as e:
                F.read_known(k.name)
        finally:
            os.unlink(k.name)
        self.assertIn(":2:", str(e.exception))


class Outputs(unittest.TestCase):
    def test_junit_and_sarif(self):
        a = F.classify(ASAN.format(line=42), 1, impl_paths=IMPL)
        a.rerun = "ci/repro crash-1 --impl /home/me/qemu/util/iov.c"
        known = F.classify(UBSAN.format(line=7), 1, impl_paths=IMPL)
        known.suppressed = "accepted"
        with tempfile.TemporaryDirectory() as d:
            F.write_junit([a, known], os.path.join(d, "j.xml"), "conformance",
                          {"qemu_iovec_concat": [a], "iov_memset": [known], "iov_size": []}, META)
            suite = ET.parse(os.path.join(d, "j.xml")).getroot()
            self.assertEqual((suite.get("tests"), suite.get("failures"), suite.get("skipped")), ("3", "1", "1"))
            self.assertEqual({p.get("name"): p.get("value") for p in suite.iter("property")}, META)
            F.write_sarif([a, known], os.path.join(d, "s.sarif"), "iovcheck conformance", META)
            with open(os.path.join(d, "s.sarif")) as f:
                sarif = json.load(f)
        self.assertEqual(sarif["version"], "2.1.0")
        self.assertEqual(sarif["runs"][0]["properties"], META)
        results = sarif["runs"][0]["results"]
        self.assertEqual(len(results), 2)
        loc = results[0]["locations"][0]["physicalLocation"]
        self.assertEqual((loc["artifactLocation"]["uri"], loc["region"]["startLine"]),
                         ("/home/me/qemu/util/iov.c", 42))
        self.assertNotIn("suppressions", results[0])
        self.assertEqual(results[1]["suppressions"][0]["justification"], "accepted")
        rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        self.assertEqual(rules[results[1]["ruleIndex"]]["id"], results[1]["ruleId"])

    def test_text_report_first_line_names_implementation_profile_and_build(self):
        self.assertEqual(F.text_report([], META).splitlines()[0],
                         "implementation: iov.c   profile: emulator   build: build/impl-dev-0123456789")

    def test_text_report_counts_each_signature(self):
        a = F.classify(ASAN.format(line=42), 1, impl_paths=IMPL)
        b = F.classify(ASAN.format(line=57), 1, impl_paths=IMPL)
        a.extra["crash_files"], b.extra["crash_files"] = 3, 4
        self.assertIn("] x7 memory error", F.text_report(F.deduplicate([a, b]), META))


class DefinitionFrames(unittest.TestCase):
    """A finding with no stack inside the implementation names where it defines the function."""

    def test_wrong_result_is_located_at_the_definition_in_an_included_file(self):
        f = F.classify(ORACLE.format(what="return value", expected="1", actual="0"), 1, impl_paths=(FIXTURE,))
        with open(os.path.join(REPO, "external", "example", "iov_example.c")) as source:
            line = next(i for i, text in enumerate(source, 1) if text.startswith("bool qemu_iovec_is_zero("))
        self.assertEqual(f.frame, "qemu_iovec_is_zero external/example/iov_example.c:%d" % line)
        self.assertEqual(f.location(), ("external/example/iov_example.c", line))

    def test_core_calls_prototypes_and_inlines(self):
        self.assertRegex(F.definition_frame("qemu_iovec_is_zero"), r"^qemu_iovec_is_zero core/src/\w+\.cpp:\d+$")
        with tempfile.TemporaryDirectory() as d:
            source = os.path.join(d, "iov.c")
            with open(source, "w") as f:
                f.write("size_t iov_to_buf_full(const struct iovec *iov, size_t n);\n"
                        "static void helper(void) { if (iov_to_buf_full(0, 0)) { } }\n"
                        "size_t iov_to_buf_full(const struct iovec *iov,\n"
                        "                       size_t n)\n{\n    return n;\n}\n")
            self.assertEqual(F.definition_frame("iov_to_buf", (source,)), "iov_to_buf_full %s:3" % source)
            self.assertEqual(F.definition_frame("iov_memset", (source,)), "")
        hang = F.classify("", 0, timed_out=True, impl_paths=(FIXTURE,), function="iov_memset")
        self.assertRegex(hang.frame, r"^iov_memset external/example/iov_example.c:\d+$")


class ProfileFiles(unittest.TestCase):
    """--profile is checked before anything starts, each error naming FILE:LINE."""

    def check(self, text):
        with tempfile.NamedTemporaryFile("w", suffix=".profile", delete=False) as f:
            f.write(text)
        try:
            return profiles.resolve(f.name)
        except UsageError as e:
            return str(e).replace(f.name, "FILE")
        finally:
            os.unlink(f.name)

    def test_good_file_and_shipped_names(self):
        self.assertTrue(self.check("# ours\nbase emulator\nname fork\n"
                                   "qemu_iovec_init.hint_nonneg caller-duty  # why\n").endswith(".profile"))
        for name in profiles.SHIPPED:
            self.assertEqual(profiles.resolve(name), name)

    def test_each_bad_line_is_named(self):
        cases = {
            "qemu_iovec_init.hint_nonneg checked\n": "FILE:1: expected 'base PROFILE' before",
            "base emulator\nbase spec\n": "FILE:2: 'base' must come once",
            "base strictest\n": "FILE:1: unknown profile 'strictest'",
            "\nbase spec\n\niov_copy.offset_inside checked\niov_copy.offset_inside lenient\n":
                "FILE:5: 'iov_copy.offset_inside' already set on line 4",
            "base spec\niov_copy.offset_outside checked\n": "FILE:2: unknown precondition 'iov_copy.offset_outside'",
            "base spec\niov_copy.offset_inside sometimes\n": "FILE:2: unknown class 'sometimes'",
            "base spec\nname a\nname b\n": "FILE:3: expected one 'name NAME'",
            "# nothing\n": "FILE: no 'base PROFILE' line",
        }
        for text, error in cases.items():
            self.assertEqual(self.check(text)[:len("--profile: ") + len(error)], "--profile: " + error, text)
        self.assertIn("unknown profile 'strictest'", str(self.assert_refused("strictest")))

    def assert_refused(self, argument):
        with self.assertRaises(UsageError) as e:
            profiles.resolve(argument)
        return e.exception

    def test_shipped_names_are_those_of_profile_h(self):
        with open(os.path.join(REPO, "oracle", "include", "iovcheck", "profile.h")) as f:
            header = f.read()
        listed = header.split("Shipped profiles:", 1)[1].split("\n//\n", 1)[0]
        self.assertEqual(tuple(re.findall(r"^//   ([\w-]+)\s", listed, re.M)), profiles.SHIPPED)
        self.assertIn("qemu_iovec_slice.range_inside", profiles.precondition_names())


class ConformanceRows(unittest.TestCase):
    """A failing row of ci/conformance, as its binary reports it, becomes one finding."""

    def row(self, explanation, stderr=""):
        return conformance.row_finding("qemu_iovec_concat_iov", explanation, stderr, IMPL, "ci/conformance ... --only x")

    def test_sanitizer_report_wins_over_the_bare_exit_status(self):
        f = self.row("conformance: the row ended without a result (exit status 1)", ASAN.format(line=42))
        self.assertEqual((f.cls, f.kind), ("memory error", "heap-buffer-overflow"))
        self.assertEqual(f.frame, "qemu_iovec_concat_iov /home/me/qemu/util/iov.c:42")
        self.assertEqual((f.rerun, f.where), ("ci/conformance ... --only x", "conformance qemu_iovec_concat_iov"))

    def test_crash_hang_and_bare_exit(self):
        crash = self.row("conformance: the implementation crashed: Aborted (stderr: /b/x.stderr)")
        self.assertEqual((crash.cls, crash.kind), ("unexpected exit", "signal 6"))
        hang = self.row("conformance: hang: this program ran longer than 0.2 s (--call-timeout)\n"
                        "program: op#0 iov_memset(slot 0)\n")
        self.assertEqual((hang.cls, hang.program), ("hang", "op#0 iov_memset(slot 0)"))
        exited = self.row("conformance: the row ended without a result (exit status 7)")
        self.assertEqual((exited.cls, exited.kind), ("unexpected exit", "exit status 7"))
        self.assertNotIn("without a result", exited.headline())
        odd = self.row("")
        self.assertEqual(odd.cls, "unexpected exit")


if __name__ == "__main__":
    unittest.main()
