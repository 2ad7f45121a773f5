#!/usr/bin/env python3
"""ci/selftest-fuzz end to end on a stand-in fuzzer: the mutator switch
reaches the fuzzer (IOVCHECK_FUZZ_MUTATOR), each cell shows both mutators'
times, the summary counts the variants each mutator caught, and the exit
status says whether some variant escaped every target.

  test_selftest_fuzz.py
"""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
TOOL = os.path.join(os.path.dirname(HERE), "selftest-fuzz")

# Catches faulty:offset-on-boundary under the structure-aware mutator only,
# the way the real targets report a catch: the variant's name in quotes on
# stderr and a non-zero exit.
FAKE_FUZZER = """#!/bin/sh
if [ "$IOVCHECK_FUZZ_MUTATOR" = structure ] && [ "$IOVCHECK_IMPL" = faulty:offset-on-boundary ]; then
    echo "fuzz_fake: the implementation \\"$IOVCHECK_IMPL\\" differs from the model" >&2
    exit 1
fi
if [ "$IOVCHECK_IMPL" = faulty:read-past-segment ]; then
    echo "==1==ERROR: AddressSanitizer: use-after-poison on address 0x6110" >&2
    echo "    #1 0x55 in to_buf_one_past(iovec const*) /src/build/../tests/faulty/byte_mover_faults.cpp:12:3" >&2
    exit 1
fi
if [ "$IOVCHECK_IMPL" = faulty:hexdump-spacing ]; then
    echo "==1==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6110" >&2
    echo "    #1 0x55 in iov_hexdump /src/core/src/hexdump.cpp:12:3" >&2
    exit 1
fi
exit 0
"""
VARIANTS = "faulty:offset-on-boundary,faulty:hexdump-spacing"


class SelftestFuzzTest(unittest.TestCase):
    def setUp(self):
        self.build = tempfile.mkdtemp(prefix="selftest-fuzz-test-")
        os.mkdir(os.path.join(self.build, "fuzz"))
        with open(os.path.join(self.build, "fuzz", "targets.txt"), "w") as f:
            f.write("fuzz_fake fuzz_ops\n")
        fake = os.path.join(self.build, "fuzz", "fuzz_fake")
        with open(fake, "w") as f:
            f.write(FAKE_FUZZER)
        os.chmod(fake, stat.S_IRWXU)

    def tearDown(self):
        shutil.rmtree(self.build, ignore_errors=True)

    def run_tool(self, *args):
        proc = subprocess.run([TOOL, "--build", self.build, "--max-time", "1", "--runs", "3",
                               "--variants", VARIANTS, *args], capture_output=True, text=True, timeout=120)
        self.assertNotIn("Traceback", proc.stderr)
        return proc

    def test_both_mutators_side_by_side(self):
        proc = self.run_tool()
        self.assertEqual(proc.returncode, 1, proc.stderr)  # hexdump-spacing escapes both
        rows = {line.split("|")[1].strip(): line.split("|")[2].strip()
                for line in proc.stdout.splitlines() if line.startswith("| faulty:")}
        self.assertRegex(rows["faulty:offset-on-boundary"], r"^> 1 / \d+\.\d$")
        self.assertEqual(rows["faulty:hexdump-spacing"], "> 1 / > 1")
        self.assertIn("each cell: bytes / structure mutator", proc.stdout)
        self.assertIn("(bytes mutator): 0 of 2 variants caught", proc.stdout)
        self.assertRegex(proc.stdout, r"\(structure mutator\): 1 of 2 variants caught by at least one target; "
                                      r"fastest target per variant: median > 1 s, worst > 1 s; "
                                      r"not caught: faulty:hexdump-spacing")

    def test_one_mutator(self):
        proc = self.run_tool("--mutator", "structure", "--variants", "faulty:offset-on-boundary")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"\(structure mutator\): 1 of 1 variants caught by at least one target; "
                                      r"fastest target per variant: median \d+\.\d s, worst \d+\.\d s\n")
        self.assertNotIn("bytes mutator", proc.stdout)
        proc = self.run_tool("--mutator", "bytes", "--variants", "faulty:offset-on-boundary")
        self.assertEqual(proc.returncode, 1, proc.stderr)

    def test_a_sanitizer_report_inside_the_variant_is_a_catch(self):
        proc = self.run_tool("--mutator", "bytes", "--variants", "faulty:read-past-segment,faulty:hexdump-spacing")
        self.assertIn("1 of 2 variants caught", proc.stdout)
        self.assertIn("not caught: faulty:hexdump-spacing", proc.stdout)  # its report is in core/, not in the variant
        self.assertIn("faulty:hexdump-spacing failed for another reason", proc.stderr)

    def test_unknown_mutator_is_a_usage_error(self):
        proc = self.run_tool("--mutator", "afl")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(len(proc.stderr.splitlines()), 1, proc.stderr)
        self.assertIn("--mutator", proc.stderr)


if __name__ == "__main__":
    unittest.main()
