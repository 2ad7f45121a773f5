#!/usr/bin/env python3
"""Every command of ci/ given bad input, as a hostile but realistic user
would: missing, unreadable, empty, huge and random files; bad numbers
(negative, zero, nan, inf, overflow); unknown names; mistyped and read-only
paths.  Each must answer with its exit status from the table (README.md,
"Exit status of the ci/ tools") and, for a usage error, exactly one line on
stderr that names the problem; never a Python traceback.  ci/nightly's own
paths (read-only, cross-device, interrupted) are in test_nightly.py.

  test_tools.py BUILD_DIR     (a configured and built `dev` or `asan` build)
"""
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
CI = os.path.join(REPO, "ci")
BUILD = None  # from the command line
NOBODY = 65534
BAD_COUNTS = ("0", "-1", "nan", "inf", "-inf", "1e400", "1.5", "4294967296",
              "99999999999999999999999", "ten", "")


def as_nobody():
    """A command prefix that drops root to nobody (so that chmod 000 and
    read-only folders mean something), or [] when not root."""
    if os.geteuid() != 0:
        return []
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]


def nobody_can_reach(path):
    probe = subprocess.run(as_nobody() + ["test", "-r", path], capture_output=True)
    return probe.returncode == 0


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="ci-tools-test-")
        os.chmod(self.tmp, 0o755)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def file(self, name, data=b"", mode=0o644):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(data)
        os.chmod(path, mode)
        return path

    def run_tool(self, argv, env=None, prefix=(), timeout=600):
        proc = subprocess.run(list(prefix) + argv, capture_output=True, text=True, errors="replace",
                              env=dict(os.environ, **(env or {})), timeout=timeout,
                              stdin=subprocess.DEVNULL)
        self.assertNotIn("Traceback", proc.stderr + proc.stdout, argv)
        return proc

    def assert_usage_error(self, argv, names, prog=None, **kw):
        """Exit 2, nothing on stdout, one line on stderr naming the tool and the problem."""
        proc = self.run_tool(argv, **kw)
        prog = prog or "ci/" + os.path.basename(argv[0])
        self.assertEqual(proc.returncode, 2, (argv, proc.stdout, proc.stderr))
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, (argv, proc.stderr))
        self.assertTrue(lines[0].startswith(prog + ": "), (argv, lines[0]))
        self.assertIn(names, lines[0], argv)
        return lines[0]


class ToolTest(Base):
    def test_every_tool_answers_help_and_an_unknown_option(self):
        tools = {"gate": "ci/gate", "nightly": "ci/nightly", "repro": "ci/repro",
                 "coverage": "ci/coverage", "conformance": "conformance",
                 "selftest-fuzz": "ci/selftest-fuzz"}
        for tool, prog in tools.items():
            proc = self.run_tool([os.path.join(CI, tool), "--help"], timeout=60)
            self.assertEqual(proc.returncode, 0, (tool, proc.stderr))
            self.assertIn("usage:", proc.stdout, tool)
            self.assertNotIn("=== gate", proc.stdout, tool)  # --help starts nothing
            self.assert_usage_error([os.path.join(CI, tool), "--frobnicate"], "--frobnicate", prog)

    def test_gate_refuses_bad_arguments_without_starting(self):
        gate = os.path.join(CI, "gate")
        self.assert_usage_error([gate, "dev"], "dev")
        for value in BAD_COUNTS:
            self.assert_usage_error([gate, "--jobs", value], "--jobs")
            self.assert_usage_error([gate, "--smoke-runs", value], "--smoke-runs")

    def test_conformance_refuses_bad_counts_and_paths(self):
        tool = os.path.join(CI, "conformance")
        source = os.path.join(REPO, "external", "example", "iov_example.c")
        for value in BAD_COUNTS:
            self.assert_usage_error([tool, "--impl", source, "--programs", value], "--programs",
                                    "conformance")
            if value != "1.5":
                self.assert_usage_error([tool, "--impl", source, "--call-timeout", value],
                                        "--call-timeout", "conformance")
        self.assert_usage_error([tool], "--impl", "conformance")
        self.assert_usage_error([tool, "--impl", source + ".typo"], ".typo", "conformance")
        self.assert_usage_error([tool, "--impl", self.tmp], self.tmp, "conformance")
        self.assert_usage_error([tool, "--impl", source, "--include", self.tmp + "/no"],
                                self.tmp + "/no", "conformance")
        self.assert_usage_error([tool, "--impl", source, "--programs"], "--programs", "conformance")

    def test_conformance_refuses_an_unreadable_source(self):
        source = self.file("iov.c", b"int x;\n", mode=0o000)
        if os.geteuid() == 0 and not nobody_can_reach(os.path.join(CI, "conformance")):
            self.skipTest("user nobody cannot run ci/ here")
        self.assert_usage_error([os.path.join(CI, "conformance"), "--impl", source], source,
                                "conformance", prefix=as_nobody())

    def test_every_impl_option_refuses_bad_sources_profiles_and_includes(self):
        source = os.path.join(REPO, "external", "example", "iov_example.c")
        data = self.file("input", b"\x01")
        tools = {"conformance": ([], "conformance"),
                 "repro": ([data, "--target", "fuzz_ops"], "ci/repro"),
                 "coverage": ([], "ci/coverage"), "nightly": ([], "ci/nightly")}
        for tool, (before, prog) in tools.items():
            argv = [os.path.join(CI, tool)] + before
            self.assert_usage_error(argv + ["--impl", source + ".typo"], ".typo", prog)
            self.assert_usage_error(argv + ["--impl", self.tmp], self.tmp, prog)
            self.assert_usage_error(argv + ["--impl", source, "--profile", "strictest"],
                                    "strictest", prog)
            self.assert_usage_error(argv + ["--impl", source, "--include", self.tmp + "/no"],
                                    self.tmp + "/no", prog)
        for tool in ("repro", "coverage", "nightly"):
            argv = [os.path.join(CI, tool)] + tools[tool][0]
            self.assert_usage_error(argv + ["--include", self.tmp], "--include", tools[tool][1])
        self.assert_usage_error([os.path.join(CI, "repro"), "--impl", source, data], "FILE first")

    def test_every_tool_checks_the_profile_before_starting(self):
        """A bad line of a profile file is named FILE:LINE, by every tool, before
        any build (the implementation here would take minutes to build)."""
        source = os.path.join(REPO, "external", "example", "iov_example.c")
        bad = self.file("fork.profile", b"# ours\nbase emulator\niov_copy.offset_inside sometimes\n")
        no_base = self.file("empty.profile", b"# nothing\n")
        binary = self.file("binary.profile", b"\xff\xfe\x00base")
        data = self.file("input", b"\x01")
        tools = {"conformance": ([], "conformance"), "repro": ([data, "--target", "fuzz_ops"], "ci/repro"),
                 "coverage": ([], "ci/coverage"), "nightly": ([], "ci/nightly")}
        for tool, (before, prog) in tools.items():
            argv = [os.path.join(CI, tool)] + before + ["--impl", source, "--profile"]
            self.assert_usage_error(argv + [bad], bad + ":3: unknown class 'sometimes'", prog)
            self.assert_usage_error(argv + [no_base], no_base + ": no 'base PROFILE' line", prog)
            self.assert_usage_error(argv + [binary], "not a text file", prog)
            self.assert_usage_error(argv + [self.tmp], "not a regular file", prog)
            self.assert_usage_error(argv[:-3] + ["--impl", source], "IOVCHECK_PROFILE: unknown profile 'nope'",
                                    prog, env={"IOVCHECK_PROFILE": "nope"})

    def test_coverage_refuses_bad_numbers_and_paths(self):
        tool = os.path.join(CI, "coverage")
        for value in ("nan", "inf", "-1", "101", "1e400", "lots"):
            self.assert_usage_error([tool, "--min-lines", value], "--min-lines")
            self.assert_usage_error([tool, "--min-branches", value], "--min-branches")
        self.assert_usage_error([tool, "--corpus", "--corpus-dir", self.tmp + "/typo"], "typo")
        self.assert_usage_error([tool, "--html"], "--html")

    def test_selftest_fuzz_refuses_bad_numbers_names_and_paths(self):
        tool = os.path.join(CI, "selftest-fuzz")
        for option in ("--max-time", "--runs", "--jobs"):
            for value in BAD_COUNTS:
                self.assert_usage_error([tool, option, value], option)
        self.assert_usage_error([tool, "--build", self.tmp + "/typo"], "typo")
        self.assert_usage_error([tool, "--build", BUILD, "--targets", "fuzz_nope"], "fuzz_nope")

    def test_selftest_driver_refuses_bad_input(self):
        driver = [sys.executable, os.path.join(REPO, "tests", "faulty", "run_selftest.py")]
        prog = "run_selftest.py"
        self.assert_usage_error(driver, "required", prog)
        missing = self.tmp + "/properties_missing"
        self.assert_usage_error(driver + ["--variant", "faulty:x", missing], missing, prog)
        for value in ("0", "-5", "nan", "1,x"):
            self.assert_usage_error(driver + ["--variant", "faulty:x", "--max-success", value,
                                              sys.executable], "--max-success", prog)


class ReproRegressionTest(unittest.TestCase):
    """The GoogleTest test ci/repro prints judges what the run judged."""

    TEST = ("TEST(FuzzRegression, x)\n{\n    iovcheck::Program p;\n"
            "    for (iovcheck::Mode mode : {iovcheck::Mode::Strict}) {\n"
            "        iovcheck::CheckResult r = iovcheck::check(iovcheck::core_impl(), p, mode);\n"
            "        EXPECT_TRUE(r.ok) << r.explanation;\n    }\n}\n")

    def test_implementation_and_profile_replace_core_under_spec(self):
        sys.path.insert(0, CI)
        from iovcheck_ci import impl, repro
        core = impl.Implementation([], [])
        self.assertEqual(repro.regression_test(self.TEST, core), self.TEST)
        external = impl.Implementation(["/src/iov.c"], [], "emulator")
        text = repro.regression_test(self.TEST, external)
        self.assertNotIn("core_impl()", text)
        self.assertIn('        iovcheck::CheckResult r = iovcheck::check(*iovcheck::find_impl("external"), p, mode, '
                      '*iovcheck::shipped_profile("emulator"));\n', text)
        self.assertIn("        // Judges ", text)
        profile_file = impl.Implementation([], [], "/home/me/fork.profile")
        self.assertIn('iovcheck::check(iovcheck::core_impl(), p, mode, '
                      '*iovcheck::load_profile_file("/home/me/fork.profile").profile)',
                      repro.regression_test(self.TEST, profile_file))


class ReproTest(Base):
    """ci/repro and the replay binary it runs, on the build given."""

    def repro(self, args, prefix=()):
        env = {"IOVCHECK_REPRO_BUILD_DIR": BUILD}
        return self.run_tool([os.path.join(CI, "repro")] + args, env=env, prefix=prefix)

    def replay(self):
        return os.path.join(BUILD, "fuzz", "fuzz_ops_replay")

    def assert_explained(self, proc, args):
        self.assertIn(proc.returncode, (0, 1), (args, proc.stdout[-2000:], proc.stderr[-2000:]))
        self.assertIn("GoogleTest regression test", proc.stdout, args)

    def test_missing_empty_folder_and_unknown_names(self):
        repro = os.path.join(CI, "repro")
        env = {"IOVCHECK_REPRO_BUILD_DIR": BUILD}
        self.assert_usage_error([repro], "FILE", env=env)
        self.assert_usage_error([repro, self.tmp + "/missing"], "missing", env=env)
        self.assert_usage_error([repro, "--target", "fuzz_ops", self.tmp], self.tmp, env=env)
        data = self.file("input", b"\x01\x02")
        self.assert_usage_error([repro, data], "--target", env=env)
        self.assert_usage_error([repro, "--target", "fuzz_nope", data], "fuzz_nope", env=env)
        self.assert_usage_error([repro, "--target", "../../etc", data], "../../etc", env=env)
        self.assert_usage_error([repro, "--target", "fuzz_ops", data, data], "unrecognized", env=env)

    def test_empty_huge_and_random_files_are_explained(self):
        rng = random.Random(14)
        inputs = {"empty": b"", "huge": bytes(rng.getrandbits(8) for _ in range(1 << 20))}
        for i in range(4):
            inputs["random-%d" % i] = bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 400)))
        for name, data in inputs.items():
            proc = self.repro(["--target", "fuzz_ops", self.file(name, data)])
            self.assert_explained(proc, name)

    def test_a_file_named_like_an_option_after_double_dash(self):
        self.file("-strange", b"\x00")
        proc = subprocess.run([os.path.join(CI, "repro"), "--target", "fuzz_ops", "--", "-strange"],
                              cwd=self.tmp, capture_output=True, text=True,
                              env=dict(os.environ, IOVCHECK_REPRO_BUILD_DIR=BUILD))
        self.assert_explained(proc, "-strange")

    def test_unreadable_file_is_a_usage_error(self):
        if os.geteuid() == 0 and not nobody_can_reach(self.replay()):
            self.skipTest("user nobody cannot run %s here" % self.replay())
        path = self.file("secret", b"\x01", mode=0o000)
        self.assert_usage_error([os.path.join(CI, "repro"), "--target", "fuzz_ops", path], path,
                                env={"IOVCHECK_REPRO_BUILD_DIR": BUILD}, prefix=as_nobody())

    def test_works_without_write_access_when_nothing_needs_building(self):
        if os.geteuid() != 0:
            self.skipTest("needs root to drop to a user without write access to %s" % BUILD)
        if not nobody_can_reach(self.replay()):
            self.skipTest("user nobody cannot run %s here" % self.replay())
        subprocess.run(["cmake", "--build", BUILD, "--target", "fuzz_ops_replay"],
                       capture_output=True, check=True)
        # ninja leaves a binary alone when none of ITS inputs changed, while
        # "up to date" compares with every source of the tree (a rebase that
        # touched an unrelated file would make this test flaky): what is tested
        # here is repro's read-only path, so the binary is made the newest file.
        os.utime(self.replay())
        proc = self.repro(["--target", "fuzz_ops", self.file("input", b"\x01\x02\x03")],
                          prefix=as_nobody())
        self.assert_explained(proc, "read-only build")

    def test_replay_binary_refuses_an_unreadable_input(self):
        # Reading /proc/self/mem at offset 0 fails (EIO) for every user, root included.
        for args in (["--explain", "/proc/self/mem"], ["/proc/self/mem"]):
            proc = self.run_tool([self.replay()] + args)
            self.assertEqual(proc.returncode, 2, (args, proc.stdout, proc.stderr))
            self.assertIn("cannot read /proc/self/mem", proc.stderr)
            self.assertNotIn("passes", proc.stdout)
        if os.geteuid() == 0 and not nobody_can_reach(self.replay()):
            return
        path = self.file("secret", b"\x01", mode=0o000)
        proc = self.run_tool([self.replay(), "--explain", path], prefix=as_nobody())
        self.assertEqual(proc.returncode, 2, (proc.stdout, proc.stderr))
        self.assertIn("cannot read " + path, proc.stderr)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.path.isdir(sys.argv[1]):
        sys.exit("usage: test_tools.py BUILD_DIR [unittest arguments]")
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main()
