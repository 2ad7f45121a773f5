"""ci/conformance: one row per function of SPEC.md for an external implementation.

  ci/conformance --impl SOURCE... [--include DIR...] [--programs N] [--asan]
                 [--call-timeout S]

Builds the harness against an external implementation of SPEC.md's API (C or
C++ sources, e.g. an emulator's util/iov.c: external/compat supplies
qemu/osdep.h, qemu/iov.h, qemu/sockets.h, qemu/cutils.h) in its own build
folder build/conformance-<hash>, then prints one row per function: pass, or
the first counterexample in the oracle's words (shrunk; the full text is
under build/conformance-<hash>/counterexamples/), and a one-line summary.
Strict mode: a failed assert() is a rejected call.  --call-timeout S (default
10): a program that runs longer is a hang, reported with the program.

Exit status: 0 every function passes, 1 some fail, 2 bad arguments or paths,
3 the sources do not build (the first errors and the log are shown),
130/143 interrupted.

Example: ci/conformance --impl external/example/iov_example.c
"""
import argparse
import hashlib
import os
import re
import subprocess
import sys

from . import cli
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError

REPO = fuzz_targets.repo_root()
MAX_PROGRAMS = 10_000_000
MAX_CALL_TIMEOUT_S = 3600


class _Append(argparse.Action):
    """--impl A B --include C --impl D: every word after an option belongs to it."""

    def __call__(self, parser, namespace, values, option_string=None):
        getattr(namespace, self.dest).extend(values)


def parse_args(argv):
    p = cli.OneLineParser(prog="conformance", description=__doc__.split("\n\n")[0])
    p.add_argument("--impl", nargs="+", action=_Append, default=[], metavar="SOURCE",
                   help="C or C++ sources of the implementation")
    p.add_argument("--include", nargs="+", action=_Append, default=[], metavar="DIR",
                   help="include folders of the implementation")
    p.add_argument("--programs", type=cli.bounded(int, 1, MAX_PROGRAMS, "a whole number"),
                   default=300, help="generated programs per function (default 300)")
    p.add_argument("--call-timeout", type=cli.positive_float(MAX_CALL_TIMEOUT_S), default=10.0,
                   metavar="S", help="seconds one program may run before it is a hang (default 10)")
    p.add_argument("--asan", action="store_true", help="build with clang, ASan and UBSan")
    args = p.parse_args(argv)
    if not args.impl:
        raise UsageError("--impl needs at least one source file")
    for source in args.impl:
        if not os.path.exists(source):
            raise UsageError("no such source file: %s" % source)
        cli.readable_file(source, "source file")
    for folder in args.include:
        if not os.path.isdir(folder):
            raise UsageError("no such include directory: %s" % folder)
    args.impl = [os.path.realpath(s) for s in args.impl]
    args.include = [os.path.realpath(d) for d in args.include]
    return args


def build_dir_of(args):
    key = "%s|%s|%d" % (";".join(args.impl), ";".join(args.include), int(args.asan))
    return os.path.join(REPO, "build", "conformance-" + hashlib.sha1(key.encode()).hexdigest()[:10])


def build_harness(args, build_dir):
    os.makedirs(os.path.join(build_dir, "counterexamples"), exist_ok=True)
    log = os.path.join(build_dir, "build.log")
    if args.asan:
        compilers = ["-DCMAKE_C_COMPILER=clang", "-DCMAKE_CXX_COMPILER=clang++",
                     "-DIOVCHECK_SANITIZE=address,undefined"]
    else:
        compilers = ["-DCMAKE_C_COMPILER=gcc", "-DCMAKE_CXX_COMPILER=g++"]
    print("conformance: building against %s in %s" % (" ".join(args.impl), build_dir),
          file=sys.stderr, flush=True)
    configure = ["cmake", "-S", REPO, "-B", build_dir, "-G", "Ninja"] + compilers + [
        "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DIOVCHECK_TESTS=ON",
        "-DIOVCHECK_IMPL_SOURCES=" + ";".join(args.impl),
        "-DIOVCHECK_IMPL_INCLUDE_DIRS=" + ";".join(args.include)]
    with open(log, "w") as out:
        ok = (subprocess.run(configure, stdout=out, stderr=subprocess.STDOUT).returncode == 0
              and subprocess.run(["cmake", "--build", build_dir, "--target", "iovcheck_conformance"],
                                 stdout=out, stderr=subprocess.STDOUT).returncode == 0)
    if not ok:
        with open(log, errors="replace") as f:
            errors = [line for line in f if re.search(r"error|undefined reference|CMake Error", line)]
        sys.stderr.write("".join(errors[:5]))
        raise ToolFailure("the sources do not build; full log: %s" % log)
    return os.path.join(build_dir, "external", "iovcheck_conformance")


def supports(binary, option):
    """Whether this build of the conformance binary knows option (older ones do not)."""
    proc = subprocess.run([binary, "--help"], capture_output=True, text=True, errors="replace")
    return option in proc.stdout + proc.stderr


def main(argv):
    args = parse_args(argv)
    build_dir = build_dir_of(args)
    binary = build_harness(args, build_dir)
    cmd = [binary, "--programs", str(args.programs),
           "--details", os.path.join(build_dir, "counterexamples")]
    if supports(binary, "--call-timeout"):
        cmd += ["--call-timeout", "%g" % args.call_timeout]
    status = subprocess.run(cmd).returncode
    if status in (cli.OK, cli.FINDINGS):
        return status
    raise ToolFailure("%s ended with exit status %d" % (binary, status))


if __name__ == "__main__":
    cli.run_tool("conformance", main)
