"""ci/bench: build and run the benchmarks, print one table of ratios.

Builds iovcheck_bench with the `bench` preset (Release), runs it with
--benchmark_format=json and short measurement times (about a minute on 2
idle cores, more when other jobs share them), then prints the table of
bench/ratios.py (core/baseline, core/model, core/<external>, the goals of
bench/README.md) and writes it as JSON.

  ci/bench                         build/bench, table to build/bench/ratios.json
  ci/bench --build-dir DIR         another build directory (configured with the
                                   bench preset when it has no CMakeCache.txt)
  ci/bench --binary PATH           no build: run this benchmark binary (one built
                                   elsewhere, e.g. against another implementation)
  ci/bench --impl SOURCE... [--include DIR...]
                                   build the benchmark against another
                                   implementation (build/impl-bench-<hash>, one
                                   build per source set, as for every tool): its
                                   rows are core-vs-external, every row run with
                                   the per-row timeout
  ci/bench --self-check            also run core against itself (rows
                                   core-vs-self): the same code on both sides,
                                   which must read "=" (within noise)
  ci/bench --out PATH              where the JSON table goes
  ci/bench --filter REGEX          only the rows whose name matches
  ci/bench --min-time S            seconds per row and repetition (0.03)
  ci/bench --repetitions N         repetitions per row, the median is used (3)
  ci/bench --results FILE          no build, no run: the table of an earlier
                                   run's JSON (the binary's stdout)
  ci/bench --compare OLD.json      also print, row by row, core's change against
                                   an earlier run (its ratios.json or bench.json);
                                   slowdowns beyond 10% are flagged
  ci/bench --row-timeout S         seconds one row may take (120): every row runs
                                   in its own process, and one that hangs or dies
                                   is reported as such in the table, never dropped

Core and any other implementation are compared inside one row per case
(OPERATION/core-vs-NAME/LAYOUT): batches of the two alternate on the same
memory, the ratio is the median of the pair ratios, and its noise band (the
95% interval of that median, over every repetition, at least +-3%) decides
"faster", "=" (within noise) or "slower" (bench/README.md).

The table is always printed, and its last line counts goals met and missed
and the paired verdicts against the external implementation.
Exit status: 0 every row measured, 1 a row hung, died or reported an error
(the table says which), 2 bad arguments, 3 the build or the binary failed,
130/143 interrupted.  Missed goals do not change it: timings are noisy.
Stdlib only.  Bad arguments: one line on stderr, exit status 2.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys

from . import impl
from .cli import ToolFailure, run_tool

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import ratios  # noqa: E402  (bench/ratios.py: the table, shared with bench/'s own users)


def parse_args(argv):
    parser = ratios.OneLineParser(prog="ci/bench", add_help=True)
    parser.add_argument("--build-dir")
    parser.add_argument("--binary")
    parser.add_argument("--out")
    parser.add_argument("--filter", default="")
    parser.add_argument("--min-time", type=float, default=0.03)
    parser.add_argument("--repetitions", type=int, default=3)
    parser.add_argument("--row-timeout", type=float, default=120.0)
    parser.add_argument("--results")
    parser.add_argument("--compare")
    parser.add_argument("--self-check", action="store_true")
    impl.add_arguments(parser)
    args = parser.parse_args(argv)
    args.implementation = impl.from_args(args)
    if args.implementation.external and (args.binary or args.results):
        parser.error("--impl builds its own binary: not with --binary or --results")
    if args.build_dir is None:
        args.build_dir = (args.implementation.build_dir("bench") if args.implementation.external
                          else os.path.join(ROOT, "build", "bench"))
    for name in ("min_time", "row_timeout"):
        value = getattr(args, name)
        if not 0 < value < float("inf"):
            parser.error(f"--{name.replace('_', '-')} must be a positive number, not {value}")
    if args.repetitions < 1:
        parser.error(f"--repetitions must be at least 1, not {args.repetitions}")
    for name in ("results", "compare", "binary"):
        path = getattr(args, name)
        if path is not None and not os.path.isfile(path):
            parser.error(f"--{name} {path}: no such file")
    if args.out is None:
        args.out = os.path.join(args.build_dir, "ratios.json")
    out_dir = os.path.dirname(os.path.abspath(args.out))
    made_by_build = out_dir == os.path.abspath(args.build_dir) and args.results is None
    if not os.path.isdir(out_dir) and not made_by_build:
        parser.error(f"--out {args.out}: no directory {out_dir}")
    return parser, args


def fail(message):
    """A build or tool failure: one line, exit status 3."""
    raise ToolFailure(message)


def run(command, **kwargs):
    """Runs a build step; its output goes to stderr so stdout is the table."""
    result = subprocess.run(command, cwd=ROOT, stdout=sys.stderr, **kwargs)
    if result.returncode != 0:
        fail(f"failed ({result.returncode}): {' '.join(command)}")


def build(build_dir):
    if not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")):
        run(["cmake", "--preset", "bench", "-B", build_dir])
    run(["cmake", "--build", build_dir, "--target", "iovcheck_bench", "-j", "2"])
    return os.path.join(build_dir, "bench", "iovcheck_bench")


def build_against(implementation):
    """The benchmark binary built (preset bench) against the sources of
    --impl, in that source set's own build folder; its log goes there."""
    build_dir = implementation.build_dir("bench")
    os.makedirs(build_dir, exist_ok=True)
    log = os.path.join(build_dir, "build.log")
    open(log, "w").close()
    try:
        with contextlib.redirect_stdout(sys.stderr):  # stdout is the table
            impl.ensure_built(implementation, "bench", ["iovcheck_bench"], log, "ci/bench")
    except ToolFailure as e:
        fail(f"the benchmark does not build against {implementation.describe()}: {e}")
    return os.path.join(build_dir, "bench", "iovcheck_bench")


def binary_flags(args):
    """Flags of the benchmark binary that are ours, not Google Benchmark's."""
    return ["--self-pair"] if args.self_check else []


def list_rows(binary, row_filter, flags):
    command = [binary, "--benchmark_list_tests"] + flags
    if row_filter:
        command.append(f"--benchmark_filter={row_filter}")
    try:
        listed = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        fail(f"cannot list the rows of {binary}: {e}")
    if listed.returncode != 0:
        fail(f"{binary} --benchmark_list_tests failed with status {listed.returncode}")
    return [line for line in listed.stdout.splitlines() if line.strip()]


def missing_row(name, why):
    """The entry of a row that produced no result: the table shows it as an error."""
    return {"name": name, "run_name": name, "run_type": "iteration", "time_unit": "ns",
            "error_occurred": True, "error_message": why}


def status_text(returncode):
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def measure_row(binary, name, args):
    """The JSON entries of one row, run in its own process; a row that hangs
    or dies yields one error entry naming what happened."""
    # Every repetition is kept (not only the aggregates): the noise band of
    # a paired row joins the bands of its repetitions.
    command = [binary, "--benchmark_format=json", f"--benchmark_min_time={args.min_time}",
               f"--benchmark_repetitions={args.repetitions}",
               "--benchmark_filter=^" + name.replace(".", "\\.") + "$"] + binary_flags(args)
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=args.row_timeout)
    except subprocess.TimeoutExpired:
        return None, [missing_row(name, f"hung: no result within {args.row_timeout:g}s")]
    if result.returncode != 0:
        return None, [missing_row(name, f"the benchmark binary died ({status_text(result.returncode)})")]
    try:
        document = json.loads(result.stdout)
        entries = document["benchmarks"]
    except (ValueError, KeyError, TypeError):
        return None, [missing_row(name, "the benchmark binary wrote no JSON result")]
    if not entries:
        return None, [missing_row(name, "the benchmark binary measured nothing")]
    return document.get("context"), entries


def measure(binary, args):
    rows = list_rows(binary, args.filter, binary_flags(args))
    if not rows:
        print(f"ci/bench: --filter {args.filter!r} matches no row", file=sys.stderr)
        sys.exit(2)
    results = {"context": {}, "benchmarks": []}
    print(f"ci/bench: {len(rows)} rows, each in its own run of {binary}", file=sys.stderr)
    for n, name in enumerate(rows, 1):
        context, entries = measure_row(binary, name, args)
        if context and not results["context"]:
            results["context"] = context
        if entries[0].get("error_occurred"):
            print(f"ci/bench: row {n}/{len(rows)} {name}: {entries[0]['error_message']}",
                  file=sys.stderr)
        results["benchmarks"].extend(entries)
    results_path = os.path.join(args.build_dir, "bench.json")
    with open(results_path, "w", encoding="utf-8") as out:
        json.dump(results, out, indent=1)
        out.write("\n")
    print(f"ci/bench: results written to {results_path}", file=sys.stderr)
    return results


def load_json(parser, option, path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        parser.error(f"{option} {path}: {e}")


def main(argv):
    parser, args = parse_args(argv)
    old = load_json(parser, "--compare", args.compare) if args.compare else None
    if args.results is None:
        os.makedirs(args.build_dir, exist_ok=True)
        if args.implementation.external:
            binary = build_against(args.implementation)
        else:
            binary = os.path.abspath(args.binary) if args.binary else build(args.build_dir)
        results = measure(binary, args)
    else:
        results = load_json(parser, "--results", args.results)
    try:
        text, document = ratios.compute(results)
    except ratios.BadInput as e:
        parser.error(f"{args.results or 'the run'}: {e}")
    print(text)
    try:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=1)
            f.write("\n")
    except OSError as e:
        fail(f"--out {args.out}: {e}")
    print(f"ci/bench: table written to {args.out}", file=sys.stderr)
    if old is not None:
        try:
            old_rows = ratios.rows_of(old)
        except (ratios.BadInput, KeyError, TypeError, AttributeError) as e:
            parser.error(f"--compare {args.compare}: not a ci/bench table or run ({e})")
        comparison, _ = ratios.compare_rows(old_rows, document["rows"])
        print()
        print(comparison)
    return 1 if document["summary"]["errors"] else 0


if __name__ == "__main__":
    run_tool("ci/bench", main)
