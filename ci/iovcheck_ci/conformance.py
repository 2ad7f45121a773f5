"""ci/conformance: one row per function of SPEC.md for an external implementation.

  ci/conformance --impl SOURCE... [--include DIR...] [--profile P] [--programs N]
                 [--asan] [--call-timeout S]

Builds the harness against an external implementation of SPEC.md's API (C or
C++ sources, e.g. an emulator's util/iov.c: external/compat supplies
qemu/osdep.h, qemu/iov.h, qemu/sockets.h, qemu/cutils.h) in its own build
folder, then prints one row per function: pass, or
the first counterexample in the oracle's words (shrunk; the full text is
under the build's counterexamples/), and a one-line summary.  The build is
build/impl-dev-<hash> (build/impl-asan-<hash> with --asan), one per set of
sources (impl.py).
Strict mode: a failed assert() is a rejected call.  --call-timeout S (default
10): a program that runs longer is a hang, reported with the program.

Exit status: 0 every function passes, 1 some fail, 2 bad arguments or paths,
3 the sources do not build (the first errors and the log are shown),
130/143 interrupted.

Example: ci/conformance --impl external/example/iov_example.c
"""
import os
import re
import subprocess
import sys

from . import build, cli, impl
from . import targets as fuzz_targets
from .cli import ToolFailure, UsageError

REPO = fuzz_targets.repo_root()
MAX_PROGRAMS = 10_000_000
MAX_CALL_TIMEOUT_S = 3600


def parse_args(argv):
    p = cli.OneLineParser(prog="conformance", description=__doc__.split("\n\n")[0])
    impl.add_arguments(p)
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
    return args, impl.from_args(args)


def build_harness(implementation, preset):
    """The conformance binary of the implementation's build of preset."""
    build_dir = implementation.build_dir(preset)
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "build.log")
    open(log, "w").close()
    try:
        impl.ensure_built(implementation, preset, ["iovcheck_conformance"], log, "conformance")
    except ToolFailure:
        with open(log, errors="replace") as f:
            errors = [line for line in f if re.search(r"error|undefined reference|CMake Error", line)]
        sys.stdout.write("".join(errors[:5]))  # stderr keeps the one line
        raise ToolFailure("the sources do not build; full log: %s" % log)
    return build_dir, os.path.join(build_dir, "external", "iovcheck_conformance")


def supports(binary, option):
    """Whether this build of the conformance binary knows option (older ones do not)."""
    proc = subprocess.run([binary, "--help"], capture_output=True, text=True, errors="replace")
    return option in proc.stdout + proc.stderr


def main(argv):
    args, implementation = parse_args(argv)
    build_dir, binary = build_harness(implementation, "asan" if args.asan else "dev")
    details = os.path.join(build_dir, "counterexamples")
    os.makedirs(details, exist_ok=True)
    cmd = [binary, "--programs", str(args.programs), "--details", details]
    if supports(binary, "--call-timeout"):
        cmd += ["--call-timeout", "%g" % args.call_timeout]
    if implementation.profile:
        if not supports(binary, "--profile"):
            implementation.require_no_profile("iovcheck_conformance")
        cmd += ["--profile", implementation.profile]
    status = subprocess.run(cmd, env=implementation.env()).returncode
    if status in (cli.OK, cli.FINDINGS):
        return status
    raise ToolFailure("%s ended with exit status %d" % (binary, status))


if __name__ == "__main__":
    cli.run_tool("conformance", main)
