"""ci/selftest-fuzz: how many seconds each libFuzzer target needs to catch
each faulty variant of the self-test (tests/faulty), the median of --runs
runs, each capped at --max-time seconds, with the structure-aware mutator
(fuzz/mutator.h) and without it (byte mutation only, the switch
IOVCHECK_FUZZ_MUTATOR=bytes).

  ci/selftest-fuzz [--build DIR] [--max-time S] [--runs N] [--jobs J]
                   [--mutator structure|bytes|both] [--targets T,...]
                   [--variants V,...] [--out FILE]

Builds nothing: run it on a `fuzz` preset build (default build/ext-fuzz;
build with `cmake --preset fuzz -B build/ext-fuzz && cmake --build
build/ext-fuzz`).  Each run starts from an empty corpus (the target's
dictionary and .options max_len only), so the number measures the fuzzer,
not the seeds; crash files go to a temporary directory.  A target that has
not caught a variant after its first run is not run again ("> S").  Prints
a Markdown table (rows: variants, columns: targets; with --mutator both
(the default) each cell is "bytes / structure") and a summary line per
mutator: the variants caught, and over the variants the median and the
worst of the fastest target's time.  Writes the same text to --out.
Exit 1 when some variant is caught by no target with any mutator measured.
"""
import concurrent.futures
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

from . import cli
from . import targets as fuzz_targets

ROOT = fuzz_targets.repo_root()


def variants_from_sources():
    names = []
    folder = os.path.join(ROOT, "tests", "faulty")
    for name in sorted(os.listdir(folder)):
        if name.endswith("_faults.cpp"):
            with open(os.path.join(folder, name)) as f:
                names += re.findall(r'"(faulty:[a-z-]+)"', f.read())
    return names


def fuzz_args(target, corpus):
    return fuzz_targets.libfuzzer_flags(ROOT, target, corpus)


# The values of IOVCHECK_FUZZ_MUTATOR (fuzz/libfuzzer_hooks.cpp) measured.
MUTATORS = ("bytes", "structure")


# A sanitizer's report (ASan, UBSan) and a stack frame in it.
SANITIZER_REPORT = re.compile(r"ERROR: \w+Sanitizer|runtime error:")
VARIANT_FRAME = re.compile(r"^\s*#\d+ .*/tests/faulty/\w+\.cpp|/tests/faulty/\w+\.cpp:\d+:\d+: runtime error:", re.M)


def sanitizer_report_in_variant(stderr):
    """Whether stderr holds a sanitizer report located in a variant's source
    (tests/faulty/): a read past a segment is caught by ASan's poisoned
    canaries before the oracle compares anything."""
    return bool(SANITIZER_REPORT.search(stderr)) and bool(VARIANT_FRAME.search(stderr))


def one_run(binary, target, corpus, variant, mutator, max_time, seed):
    """Seconds until the target reported the variant, or None.  A divergence
    the oracle pins on the variant (its name in the explanation) counts, and
    so does a sanitizer report inside the variant's own code; a timeout or a
    crash of something else is not a catch."""
    with tempfile.TemporaryDirectory(prefix="selftest-fuzz-") as scratch:
        scratch_corpus = os.path.join(scratch, "corpus")
        os.mkdir(scratch_corpus)
        cmd = [binary, scratch_corpus, *fuzz_args(target, corpus), f"-max_total_time={max_time}", f"-seed={seed}",
               "-artifact_prefix=" + scratch + "/", "-print_final_stats=0"]
        env = dict(os.environ, IOVCHECK_IMPL=variant, IOVCHECK_FUZZ_MUTATOR=mutator)
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, errors="replace", timeout=max_time + 120)
        except subprocess.TimeoutExpired:
            print(f"selftest-fuzz: {target} under {variant} overran {max_time} s (seed {seed})",
                  file=sys.stderr, flush=True)
            return None
        elapsed = time.monotonic() - start
        caught = proc.returncode != 0 and (f'"{variant}"' in proc.stderr or sanitizer_report_in_variant(proc.stderr))
        if proc.returncode != 0 and not caught:
            print(f"selftest-fuzz: {target} under {variant} failed for another reason (seed {seed}): "
                  + (proc.stderr.strip().splitlines() or ["no output"])[-1], file=sys.stderr, flush=True)
        return elapsed if caught else None


def measure(binary, target, corpus, variant, mutator, max_time, runs):
    times = []
    for run in range(runs):
        t = one_run(binary, target, corpus, variant, mutator, max_time, seed=run + 1)
        if t is None:
            if run == 0:
                return None
            t = float("inf")
        times.append(t)
    return statistics.median(times)


def parse_args(argv):
    parser = cli.OneLineParser(prog="ci/selftest-fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build", "ext-fuzz"))
    parser.add_argument("--max-time", type=cli.bounded(int, 1, 86400, "whole seconds"), default=60)
    parser.add_argument("--runs", type=cli.bounded(int, 1, 1000, "an integer"), default=3)
    parser.add_argument("--jobs", type=cli.bounded(int, 1, 256, "an integer"), default=2)
    parser.add_argument("--mutator", choices=("structure", "bytes", "both"), default="both")
    parser.add_argument("--targets")
    parser.add_argument("--variants")
    parser.add_argument("--out")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    fuzz_dir = os.path.join(args.build, "fuzz")
    if not os.path.isdir(fuzz_dir):
        raise cli.UsageError(f"no fuzz build in {args.build} (no {fuzz_dir}/)")
    available = fuzz_targets.discover_targets(fuzz_dir)
    targets = args.targets.split(",") if args.targets else list(available)
    unknown = [t for t in targets if t not in available]
    if unknown or not targets:
        raise cli.UsageError(f"no fuzz target {','.join(unknown) or 'at all'} in {fuzz_dir}")
    known_variants = variants_from_sources()
    variants = args.variants.split(",") if args.variants else known_variants
    unknown = [v for v in variants if v not in known_variants]
    if unknown:
        raise cli.UsageError(f"unknown variant(s) {','.join(unknown)}; known: {','.join(known_variants)}")
    if args.out:
        try:
            with open(args.out, "a"):
                pass  # an unwritable --out fails now, not after the measurement
        except OSError as e:
            raise cli.UsageError(f"cannot write --out {args.out}: {e.strerror or e}")

    mutators = MUTATORS if args.mutator == "both" else (args.mutator,)
    results = measure_all(args, fuzz_dir, available, targets, variants, mutators)
    text = report(results, targets, variants, mutators, args.max_time, args.runs)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    uncaught = [v for v in variants if all(results[(m, v, t)] is None for m in mutators for t in targets)]
    return cli.FINDINGS if uncaught else cli.OK


def measure_all(args, fuzz_dir, available, targets, variants, mutators):
    """{(mutator, variant, target): median seconds, inf or None (not caught in the first run)}."""
    results = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        jobs = {pool.submit(measure, os.path.join(fuzz_dir, t), t, available[t], v, m,
                            args.max_time, args.runs): (m, v, t)
                for v in variants for t in targets for m in mutators}
        for done in concurrent.futures.as_completed(jobs):
            key = jobs[done]
            results[key] = done.result()
            shown = "-" if results[key] is None else f"{results[key]:.1f}"
            print(f"selftest-fuzz: {key[1]} {key[2]} ({key[0]} mutator): {shown}", file=sys.stderr, flush=True)
    return results


def fastest(results, mutator, variant, targets):
    """The variant's time with its fastest target under `mutator` (inf: not caught)."""
    times = [results[(mutator, variant, t)] for t in targets]
    return min((float("inf") if t is None else t) for t in times)


def summary(results, mutator, targets, variants, max_time):
    best = [fastest(results, mutator, v, targets) for v in variants]
    caught = [b for b in best if b != float("inf")]
    uncaught = [v for v, b in zip(variants, best) if b == float("inf")]
    median = statistics.median(best)
    shown = (lambda x: f"> {max_time} s" if x == float("inf") else f"{x:.1f} s")
    return (f"selftest-fuzz ({mutator} mutator): {len(caught)} of {len(variants)} variants caught by at least "
            f"one target; fastest target per variant: median {shown(median)}, worst {shown(max(best))}"
            + (f"; not caught: {', '.join(uncaught)}" if uncaught else ""))


def report(results, targets, variants, mutators, max_time, runs):
    def cell(value):
        if value is None or value == float("inf"):
            return f"> {max_time}"
        return f"{value:.1f}"

    lines = [f"Seconds until each fuzz target catches each faulty variant (median of {runs} runs, "
             f"empty corpus, cap {max_time} s; \"> {max_time}\": not caught)"
             + ("; each cell: " + " / ".join(mutators) + " mutator" if len(mutators) > 1 else
                f"; {mutators[0]} mutator"), "",
             "| variant | " + " | ".join(targets) + " |",
             "|---|" + "---|" * len(targets)]
    for v in variants:
        lines.append(f"| {v} | " + " | ".join(" / ".join(cell(results[(m, v, t)]) for m in mutators)
                                              for t in targets) + " |")
    lines.append("")
    lines += [summary(results, m, targets, variants, max_time) for m in mutators]
    return "\n".join(lines)


if __name__ == "__main__":
    cli.run_tool("ci/selftest-fuzz", main)
