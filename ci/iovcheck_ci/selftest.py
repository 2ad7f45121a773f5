"""The harness's self-test driver: runs the property suite against one faulty
variant (IOVCHECK_IMPL=faulty:<class>) and passes only if the suite FAILS.

  run_selftest.py --variant faulty:<class> [--max-success N,...] [--seed S] [--record DIR] BINARY...
  run_selftest.py --summary DIR VARIANT...

The property binaries run in the order given, each with --gtest_fail_fast,
and the run stops at the first failing property.  --max-success escalates:
"100,1000" runs the whole suite with 100 cases per property, and only when
that catches nothing again with 1000 (a good property catches within a few
hundred cases; the escalation keeps the self-test short under ASan).  One line says which
property caught the variant and after how many generated cases (RapidCheck's
"Falsifiable after N tests"); --record writes it to DIR/<class>.txt.
--summary prints the table of recorded lines and fails unless every named
variant was caught.

Exit status: 0 the variant was caught (or, with --summary, every variant
was), 1 it was not, 2 bad arguments, 3 a property binary could not run.
"""
import os
import re
import subprocess
import time

from . import cli

FALSIFIABLE = re.compile(r"Falsifiable after (\d+) tests?(?: and (\d+) shrinks?)?")
FAILED_TEST = re.compile(r"^\[  FAILED  \] (\S+) \(\d+ ms\)", re.M)
RUNNING_TEST = re.compile(r"^\[ RUN      \] (\S+)", re.M)
PER_BINARY_TIMEOUT = 300


def record_path(directory, variant):
    return os.path.join(directory, variant.split(":", 1)[-1] + ".txt")


def run_variant(variant, binaries, budgets, seed):
    for max_success in budgets:
        caught, line, output = run_suite(variant, binaries, max_success, seed)
        if caught:
            return caught, line, output
    return caught, line, output


def run_suite(variant, binaries, max_success, seed):
    # A fixed seed: the same cases every run, so the self-test never flakes
    # and "after N cases" is reproducible.
    env = dict(os.environ, IOVCHECK_IMPL=variant, RC_PARAMS=f"max_success={max_success} seed={seed}")
    start = time.monotonic()
    for binary in binaries:
        try:
            proc = subprocess.run([binary, "--gtest_fail_fast"], env=env, capture_output=True,
                                  text=True, errors="replace", timeout=PER_BINARY_TIMEOUT)
        except subprocess.TimeoutExpired:
            return True, (f"{variant}: caught: {os.path.basename(binary)} timed out after "
                          f"{PER_BINARY_TIMEOUT} s"), ""
        output = proc.stdout + proc.stderr
        if proc.returncode == 0:
            continue
        elapsed = time.monotonic() - start
        failed = FAILED_TEST.findall(output)
        running = RUNNING_TEST.findall(output)
        prop = failed[0] if failed else (running[-1] if running else "?")
        how = ""
        match = FALSIFIABLE.search(output)
        if match:
            how = f" after {match.group(1)} case(s)"
            if match.group(2):
                how += f" ({match.group(2)} shrinks)"
        elif not failed:
            how = f" (the binary died: exit status {proc.returncode})"
        line = (f"{variant}: caught by {os.path.basename(binary)} {prop}{how}, "
                f"{elapsed:.1f} s, max_success={max_success} seed={seed}")
        return True, line, output
    elapsed = time.monotonic() - start
    return False, (f"{variant}: NOT CAUGHT by {len(binaries)} property binaries "
                   f"(max_success={max_success}, {elapsed:.1f} s)"), ""


def summary(directory, variants):
    missing = 0
    print(f"{'variant':40} result")
    for variant in variants:
        path = record_path(directory, variant)
        line = open(path).read().strip() if os.path.exists(path) else f"{variant}: no record (not run)"
        caught = ": caught" in line
        missing += not caught
        print(f"{variant:40} {line.split(': ', 1)[1]}")
    print(f"selftest: {len(variants) - missing} of {len(variants)} faulty variants caught")
    return 0 if missing == 0 else 1


def main(argv):
    parser = cli.OneLineParser(prog="run_selftest.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant")
    parser.add_argument("--max-success", default="100,1000",
                        help="cases per property, or an escalating list (default 100,1000)")
    parser.add_argument("--seed", type=cli.bounded(int, 0, 2**64 - 1, "an integer"), default=1)
    parser.add_argument("--record")
    parser.add_argument("--summary")
    parser.add_argument("names", nargs="+", help="property binaries, or variants with --summary")
    args = parser.parse_args(argv)
    if args.summary:
        return summary(args.summary, args.names)
    if not args.variant:
        parser.error("--variant or --summary is required")
    try:
        budgets = [cli.bounded(int, 1, 10**9, "a case count")(n) for n in args.max_success.split(",")]
    except Exception as e:  # argparse.ArgumentTypeError: a bad number
        raise cli.UsageError("--max-success %s: %s" % (args.max_success, e))
    for binary in args.names:
        if not (os.path.isfile(binary) and os.access(binary, os.X_OK)):
            raise cli.UsageError("not an executable property binary: %s" % binary)
    caught, line, output = run_variant(args.variant, args.names, budgets, args.seed)
    print(line)
    if caught:
        # The property's own words, for whoever reads the log.
        print("\n".join(output.splitlines()[-40:]), flush=True)
    if args.record:
        os.makedirs(args.record, exist_ok=True)
        with open(record_path(args.record, args.variant), "w") as f:
            f.write(line + "\n")
    return 0 if caught else 1


if __name__ == "__main__":
    cli.run_tool("run_selftest.py", main)
