#!/usr/bin/env python3
"""Stack signatures: same bug -> same signature whatever the addresses, line
numbers and sanitizer frames; different top frames or kinds -> different."""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from iovcheck_ci import signature  # noqa: E402

ASAN_LOG = """INFO: Seed: 1
==4242==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x6020 at pc 0x55 bp 0x7f sp 0x7f
READ of size 8 at 0x6020 thread T0
    #0 0x55aa in __asan_memcpy (/build/fuzz/fuzz_ops+0x4a1b2) (BuildId: 12ab)
    #1 0x55ab in iov_to_buf_full /src/core/src/iov.cpp:{line}:7
    #2 0x55ac in iovcheck::(anonymous namespace)::run_op(iovcheck::Op const&) /src/oracle/src/oracle.cpp:88:3
    #3 0x55ad in LLVMFuzzerTestOneInput /src/fuzz/fuzz_ops.cpp:12:10
    #4 0x55ae in fuzzer::Fuzzer::ExecuteCallback(unsigned char const*, unsigned long) (/build/fuzz/fuzz_ops+0x4a1b2)
    #5 0x55af in main (/build/fuzz/fuzz_ops+0x2)
    #6 0x7f00 in __libc_start_main csu/../csu/libc-start.c:360:3

0x6020 is located 0 bytes to the right of 8-byte region
allocated by thread T0 here:
    #0 0x55ba in malloc (/build/fuzz/fuzz_ops+0x1)
    #1 0x55bb in {alloc_fn} /src/oracle/src/memory.cpp:5:3

SUMMARY: AddressSanitizer: heap-buffer-overflow /src/core/src/iov.cpp:{line}:7 in iov_to_buf_full
"""


def log(line=42, alloc_fn="guarded_alloc", top="iov_to_buf_full"):
    return ASAN_LOG.format(line=line, alloc_fn=alloc_fn).replace("iov_to_buf_full /src", top + " /src")


class SignatureTest(unittest.TestCase):
    def test_frames_skip_sanitizer_libfuzzer_and_libc_and_stop_at_the_first_stack(self):
        sig, kind, frames = signature.signature(log())
        self.assertEqual(kind, "asan-heap-buffer-overflow")
        self.assertEqual(frames, ["iov_to_buf_full", "iovcheck::anon::run_op", "LLVMFuzzerTestOneInput"])
        self.assertRegex(sig, "^[0-9a-f]{12}$")

    def test_line_numbers_and_other_stacks_do_not_change_the_signature(self):
        self.assertEqual(signature.signature(log())[0],
                         signature.signature(log(line=99, alloc_fn="other_alloc"))[0])

    def test_a_different_top_frame_is_a_different_bug(self):
        self.assertNotEqual(signature.signature(log())[0],
                            signature.signature(log(top="iov_from_buf_full"))[0])

    def test_a_different_kind_is_a_different_bug(self):
        other = log().replace("heap-buffer-overflow", "stack-use-after-return")
        self.assertNotEqual(signature.signature(log())[0], signature.signature(other)[0])

    def test_ubsan_and_deadly_signal_kinds(self):
        ubsan = "x.cpp:6:81: runtime error: index 5 out of bounds\n    #0 0x1 in boom(int) /x.cpp:6:81\n"
        self.assertEqual(signature.signature(ubsan)[1:], ("ubsan", ["boom"]))
        abort = ("==1== ERROR: libFuzzer: deadly signal\n    #0 0x1 in __sanitizer_print_stack_trace x\n"
                 "    #1 0x2 in raise (/lib/libc.so.6+0x1)\n    #2 0x3 in abort (/lib/libc.so.6+0x2)\n"
                 "    #3 0x4 in iovcheck::fail(std::string const&) /src/fuzz/target.cpp:9:5\n")
        self.assertEqual(signature.signature(abort)[1:], ("deadly-signal", ["iovcheck::fail"]))

    def test_a_log_without_a_stack_still_has_a_signature(self):
        sig, kind, frames = signature.signature("==1== ERROR: libFuzzer: timeout after 25 seconds\n")
        self.assertEqual((kind, frames), ("timeout", []))
        self.assertRegex(sig, "^[0-9a-f]{12}$")


if __name__ == "__main__":
    unittest.main()
