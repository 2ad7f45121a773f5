#!/usr/bin/env python3
"""Turns the JSON output of iovcheck_bench into one table of ratios.

Rows of the benchmark are named OPERATION/IMPLEMENTATION/LAYOUT.  For each
OPERATION/LAYOUT this computes (medians over repetitions when the run has
them):

  core/base    t(flat baseline) / t(core), measured inside core's row, which
               alternates core and the baseline (memcpy, memset, memcmp, a
               zero check, send/recv of one buffer) on the same bytes:
               1.00 = as fast as the flat call, higher = faster
  +ns/seg      (t(core) - t(baseline)) / segments, from the same row: what
               each segment costs on top of the flat call
  core/model   t(model) / t(core): how many times faster core is
  core/NAME    the same against any other implementation row (external)

t is the time of one call: the row's ns_per_call counter (median of the
alternations) for paired rows, its CPU time otherwise.  The last column checks
the goals (bench/README.md): against the flat baselines, O(segments touched),
clone's growth, send_recv's allocations, the pointer builders' time per entry
on 1024 entries, and core/external >= 1.00 on every row.

Usage: bench/ratios.py RESULTS.json [--out RATIOS.json]
Stdlib only.
"""

import argparse
import json
import math
import re
import statistics
import sys

FIXED_LABELS = ("core", "model")
# Rows OPERATION/core-vs-NAME/LAYOUT alternate core with implementation NAME.
VERSUS_PREFIX = "core-vs-"
# The least half-width of a noise band: the same code on both sides of a row,
# only its data at other addresses, read up to 2.3% apart (ci/bench
# --self-check, 33 rows under a load of 22 on 2 cores).
NOISE_FLOOR = 0.03
UNIFORM_LAYOUT = re.compile(r"^(\d+)x(\d+)(B|KiB|MiB)$")
UNIT_BYTES = {"B": 1, "KiB": 1024, "MiB": 1024 * 1024}
TIME_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


class BadInput(Exception):
    """A results file that is not what iovcheck_bench writes."""


def segment_length(layout):
    """Length of every segment of a uniform layout ("256x4KiB"), else None."""
    m = UNIFORM_LAYOUT.match(layout)
    return int(m.group(2)) * UNIT_BYTES[m.group(3)] if m else None


def segment_count(layout):
    m = UNIFORM_LAYOUT.match(layout)
    return int(m.group(1)) if m else None


def load_measurements(results):
    """{(operation, layout): {implementation: measurement}} in run order.

    A measurement is {"ns": time per call, "segments", "allocs",
    "vs_baseline", "extra_ns_per_segment", "error"}.
    """
    if not isinstance(results, dict) or not isinstance(results.get("benchmarks"), list):
        raise BadInput("no 'benchmarks' list (not Google Benchmark JSON output)")
    samples = {}   # run name -> list of iteration entries
    medians = {}   # run name -> the median aggregate entry
    order = []
    for entry in results["benchmarks"]:
        name = entry.get("run_name", entry.get("name", ""))
        if name not in samples and name not in medians:
            order.append(name)
        if entry.get("run_type") == "aggregate":
            if entry.get("aggregate_name") == "median":
                medians[name] = entry
        else:
            samples.setdefault(name, []).append(entry)

    def median_of(entries, key):
        values = [e[key] for e in entries if isinstance(e.get(key), (int, float))]
        return statistics.median(values) if values else None

    groups = {}
    for name in order:
        parts = name.split("/")
        if parts[-1] == "manual_time":
            parts = parts[:-1]
        if len(parts) != 3:
            continue  # not one of ours
        operation, implementation, layout = parts
        repetitions = samples.get(name, [])
        entries = [medians[name]] if name in medians else repetitions
        if not entries:
            continue
        first = entries[0]
        error = first.get("error_message") if first.get("error_occurred") else None
        if implementation.startswith(VERSUS_PREFIX):
            other = implementation[len(VERSUS_PREFIX):]
            measurement = versus_measurement(entries, repetitions or entries, error, median_of)
            groups.setdefault((operation, layout), {})[other] = measurement
            continue
        measurement = {
            "ns": None,
            "segments": first.get("segments"),
            "allocs": median_of(entries, "allocs_per_call"),
            "vs_baseline": median_of(entries, "vs_baseline"),
            "extra_ns_per_segment": median_of(entries, "extra_ns_per_segment"),
            "error": error,
        }
        if measurement["error"] is None:
            unit = TIME_UNIT_NS.get(first.get("time_unit", "ns"))
            if unit is None:
                raise BadInput(f"unknown time unit {first.get('time_unit')!r} in {name}")
            measurement["ns"] = median_of(entries, "ns_per_call")
            if measurement["ns"] is None:
                measurement["ns"] = median_of(entries, "cpu_time") * unit
        groups.setdefault((operation, layout), {})[implementation] = measurement
    if not groups:
        raise BadInput("no row named OPERATION/IMPLEMENTATION/LAYOUT")
    return groups


def versus_measurement(entries, repetitions, error, median_of):
    """The other implementation's side of a core-vs-NAME row: its time per
    call, and core's paired ratio with its noise band (see versus_verdict)."""
    measurement = {"ns": None, "segments": entries[0].get("segments"), "allocs": None,
                   "vs_baseline": None, "extra_ns_per_segment": None, "error": error,
                   "versus": None}
    if error is not None:
        return measurement
    ratio = median_of(entries, "vs_other")
    lows = [e["vs_other_low"] for e in repetitions if isinstance(e.get("vs_other_low"), (int, float))]
    highs = [e["vs_other_high"] for e in repetitions if isinstance(e.get("vs_other_high"), (int, float))]
    measurement["ns"] = median_of(entries, "other_ns_per_call")
    if ratio is not None and lows and highs:
        measurement["versus"] = versus_verdict(ratio, min(lows), max(highs))
    return measurement


def versus_verdict(ratio, low, high):
    """core against another implementation from their alternated row: the
    median pair ratio t(other)/t(core), and a noise band made of the 95%
    interval of that median in each repetition, joined over the repetitions
    and widened to at least NOISE_FLOOR either side.  The band holding 1 reads
    "=" (within noise): the two are as fast as this run can tell."""
    low = min(low, ratio * (1 - NOISE_FLOOR))
    high = max(high, ratio * (1 + NOISE_FLOOR))
    verdict = "faster" if low > 1.0 else "slower" if high < 1.0 else "="
    return {"ratio": ratio, "low": low, "high": high, "verdict": verdict}


def speed_ratio(core, other):
    """t(other) / t(core), or None when either is missing: the paired ratio
    when the two ran alternated in one row."""
    if other and other.get("versus"):
        return other["versus"]["ratio"]
    if not core or not other or core["ns"] is None or other["ns"] is None or core["ns"] <= 0:
        return None
    return other["ns"] / core["ns"]


# ---- The goals (bench/README.md) -----------------------------------------------

def goal(text, met):
    return {"text": text, "met": met}


def byte_mover_goal(operation, layout, ratio, extra_ns):
    length = segment_length(layout)
    if operation in ("to_buf", "from_buf", "memset") and length is not None:
        if length >= 4096 and ratio is not None:
            return goal(">=0.90x", ratio >= 0.9)
        if length == 64 and extra_ns is not None:
            return goal("<=+3ns/seg", extra_ns <= 3.0)
    if operation in ("is_zero", "compare") and length == 64 * 1024 and ratio is not None:
        return goal(">=0.80x", ratio >= 0.8)
    return None


def touched_goal(operation, layout, groups):
    """O(segments touched): a row meeting 3 segments of a 1024-segment layout
    takes no more than twice the time of the same row on 16 segments."""
    if not operation.endswith(("first3", "last3")) or segment_count(layout) != 1024:
        return None
    here = groups[(operation, layout)].get("core")
    reference = groups.get((operation, "16x64KiB"), {}).get("core")
    ratio = speed_ratio(here, reference)
    if ratio is None:
        return None
    growth = 1.0 / ratio
    return goal(f"O(touched): x{growth:.2f} of 16 segs (<=2)", growth <= 2.0)


def clone_goal(operation, layout, groups):
    """O(n log n): the time grows from 64 to 1024 segments with an exponent
    well under 2 (n log n gives 1.18 there, n^2 gives 2)."""
    if operation != "clone" or layout != "1024shuffled":
        return None
    small = groups.get(("clone", "64shuffled"), {}).get("core")
    large = groups[(operation, layout)].get("core")
    ratio = speed_ratio(large, small)
    if ratio is None:
        return None
    exponent = math.log(1.0 / ratio) / math.log(1024 / 64)
    return goal(f"n^{exponent:.2f} (nlogn=1.18,<=1.5)", exponent <= 1.5)


# Pointer builders: time per entry on 1024 entries (init_extended's middle
# has 1022).  The `.first3`/`.last3` rows and the discards are not builders.
BUILDERS = ("init_slice", "init_extended", "concat", "iov_copy.all", "clone")
BUILDER_NS_PER_ENTRY = 1.0
# The external implementation every row is held against (external/example/
# iov_example.c unless -DIOVCHECK_IMPL_SOURCES says otherwise).
REFERENCE_EXTERNAL = "external"
# The row core-vs-self (iovcheck_bench --self-pair): core against itself.
SELF = "self"


def builder_goal(operation, core):
    segments = core.get("segments") if core else None
    if operation not in BUILDERS or not segments or segments < 1000 or core["ns"] is None:
        return None
    per_entry = core["ns"] / segments
    return goal(f"<={BUILDER_NS_PER_ENTRY:g}ns/entry", per_entry <= BUILDER_NS_PER_ENTRY)


def versus_goal(impls, name):
    """core no slower than implementation `name`: from the alternated row,
    "faster" or "=" (within noise) is met, "slower" is missed.  A run without
    that row (an older one) is judged on the separate rows' ratio as printed
    (two decimals)."""
    other = impls.get(name)
    versus = other.get("versus") if other else None
    if versus:
        band = f"{versus['ratio']:.2f} [{versus['low']:.2f}-{versus['high']:.2f}]"
        text = {"faster": f"{name}: faster {band}", "=": f"{name}: = (within noise) {band}",
                "slower": f"{name}: slower {band}"}[versus["verdict"]]
        return goal(text, versus["verdict"] != "slower")
    ratio = speed_ratio(impls.get("core"), other)
    if ratio is None:
        return None
    return goal(f"{name}>=1.00 (unpaired)", round(ratio, 2) >= 1.0)


def self_goal(impls):
    """core against itself: the same code on both sides must read "="."""
    versus = (impls.get(SELF) or {}).get("versus")
    if not versus:
        return None
    return goal(f"self: {versus['verdict']} {versus['ratio']:.3f} "
                f"[{versus['low']:.3f}-{versus['high']:.3f}]", versus["verdict"] == "=")


def send_recv_goal(operation, layout, core):
    count = segment_count(layout)
    if operation != "send_recv" or count is None or count > 64 or not core:
        return None
    allocs = core["allocs"]
    if allocs is None or math.isnan(allocs) or allocs < 0:
        return goal("0 allocs: not counted", None)
    return goal("0 allocs", allocs == 0)


# ---- The table ----------------------------------------------------------------

def build_rows(groups):
    externals = sorted({impl for g in groups.values() for impl in g} - set(FIXED_LABELS))
    rows = []
    for (operation, layout), impls in groups.items():
        core = impls.get("core") or {}
        segments = core.get("segments")
        ratio = core.get("vs_baseline")
        extra_ns = core.get("extra_ns_per_segment")
        row = {
            "operation": operation,
            "layout": layout,
            "segments": segments,
            "core_ns": core.get("ns"),
            "core_ns_per_segment": core["ns"] / segments if core.get("ns") and segments else None,
            "core_over_baseline": ratio,
            "extra_ns_per_segment": extra_ns,
            "core_over_model": speed_ratio(core, impls.get("model")),
            "core_over_external": {e: speed_ratio(core, impls.get(e)) for e in externals if e in impls},
            "versus": {e: impls[e]["versus"] for e in externals if impls.get(e, {}).get("versus")},
            "allocs_per_call": core.get("allocs"),
            "errors": {impl: m["error"] for impl, m in impls.items() if m["error"]},
            "goals": [g for g in (byte_mover_goal(operation, layout, ratio, extra_ns),
                                  touched_goal(operation, layout, groups),
                                  clone_goal(operation, layout, groups),
                                  send_recv_goal(operation, layout, core),
                                  builder_goal(operation, core),
                                  versus_goal(impls, REFERENCE_EXTERNAL),
                                  self_goal(impls)) if g],
        }
        rows.append(row)
    return rows, externals


def fmt(value, spec, missing="-"):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    return format(value, spec)


def fmt_ns(ns):
    if ns is None:
        return "-"
    for limit, unit, scale in ((1e3, "ns", 1), (1e6, "us", 1e3), (1e9, "ms", 1e6)):
        if ns < limit:
            return f"{ns / scale:.3g}{unit}"
    return f"{ns / 1e9:.3g}s"


def format_table(rows, externals):
    header = ["operation", "layout", "segs", "core/call", "ns/seg", "core/base", "+ns/seg",
              "core/model"] + [f"core/{e}" for e in externals] + ["allocs", "goal"]
    lines = [header]
    for r in rows:
        goal_cell = ", ".join(
            f"{ {True: 'ok', False: 'MISS', None: 'n/a'}[g['met']]} {g['text']}" for g in r["goals"])
        if r["errors"]:
            goal_cell = (goal_cell + " " if goal_cell else "") + "ERROR " + "; ".join(
                f"{impl}: {msg}" for impl, msg in r["errors"].items())
        allocs = r["allocs_per_call"]
        lines.append([
            r["operation"], r["layout"], fmt(r["segments"], ".0f"), fmt_ns(r["core_ns"]),
            fmt(r["core_ns_per_segment"], ".2f"), fmt(r["core_over_baseline"], ".2f"),
            fmt(r["extra_ns_per_segment"], "+.2f"), fmt(r["core_over_model"], ".1f"),
        ] + [fmt(r["core_over_external"].get(e), ".2f") for e in externals] + [
            "n/a" if allocs is not None and allocs < 0 else fmt(allocs, ".3g"), goal_cell,
        ])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = []
    for n, line in enumerate(lines):
        text.append("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def summarize(rows):
    goals = [g for r in rows for g in r["goals"]]
    return {
        "met": sum(1 for g in goals if g["met"] is True),
        "missed": sum(1 for g in goals if g["met"] is False),
        "not_measured": sum(1 for g in goals if g["met"] is None),
        "errors": sum(1 for r in rows if r["errors"]),
        "versus_external": {verdict: sum(1 for r in rows
                                         if r["versus"].get(REFERENCE_EXTERNAL, {}).get("verdict") == verdict)
                            for verdict in ("faster", "=", "slower")},
    }


def compute(results):
    """The table (text), and the same as a JSON-ready dict."""
    groups = load_measurements(results)
    rows, externals = build_rows(groups)
    summary = summarize(rows)
    text = format_table(rows, externals)
    versus = summary["versus_external"]
    text += (f"\ngoals: {summary['met']} met, {summary['missed']} missed, "
             f"{summary['not_measured']} not measured; core vs {REFERENCE_EXTERNAL} (paired): "
             f"{versus['faster']} faster, {versus['=']} within noise, {versus['slower']} slower; "
             f"rows with errors: {summary['errors']}")
    document = {
        "ratios": "core/X = t(X) / t(core) per call (the median pair ratio when core and X "
                  "ran alternated in one row); >1 means core is faster",
        "context": results.get("context", {}),
        "externals": externals,
        "rows": rows,
        "summary": summary,
    }
    return text, document


# ---- Comparing two runs -----------------------------------------------------

SLOWDOWN_FLAGGED = 0.10   # core's time per call up by more than this: flagged


def rows_of(document):
    """The rows of a table document (ratios.json) or of raw results (the
    binary's JSON, computed here)."""
    if isinstance(document, dict) and isinstance(document.get("rows"), list):
        return document["rows"]
    return compute(document)[1]["rows"]


def compare_rows(old_rows, new_rows):
    """Row by row, core's time per call then and now, and core/external then
    and now.  Every row of either run is listed: one that is in only one run,
    or has no time in one, says so.  Returns (text, number of slowdowns)."""
    def key(row):
        return (row["operation"], row["layout"])

    def external(row):
        return (row.get("core_over_external") or {}).get(REFERENCE_EXTERNAL) if row else None

    old = {key(r): r for r in old_rows}
    new = {key(r): r for r in new_rows}
    order = [key(r) for r in new_rows] + [k for k in (key(r) for r in old_rows) if k not in new]
    header = ["operation", "layout", "old core/call", "new core/call", "change",
              f"old core/{REFERENCE_EXTERNAL}", f"new core/{REFERENCE_EXTERNAL}", "verdict"]
    lines = [header]
    slowdowns = 0
    for k in order:
        before, after = old.get(k), new.get(k)
        old_ns = before.get("core_ns") if before else None
        new_ns = after.get("core_ns") if after else None
        change, verdict = None, ""
        if before is None:
            verdict = "new row"
        elif after is None:
            verdict = "not in the new run"
        elif old_ns is None or new_ns is None or old_ns <= 0:
            verdict = "no time to compare (" + ("old" if old_ns is None else "new") + " run)"
        else:
            change = new_ns / old_ns - 1.0
            if change > SLOWDOWN_FLAGGED:
                verdict = f"SLOWER by {change:.0%}"
                slowdowns += 1
        lines.append([k[0], k[1], fmt_ns(old_ns), fmt_ns(new_ns), fmt(change, "+.0%"),
                      fmt(external(before), ".2f"), fmt(external(after), ".2f"), verdict])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = ["  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines]
    text.insert(1, "  ".join("-" * w for w in widths))
    text.append(f"compared: {len(order)} rows, {slowdowns} slower by more than "
                f"{SLOWDOWN_FLAGGED:.0%} (core's time per call; absolute times move with the "
                "machine's load, core/external does not)")
    return "\n".join(text), slowdowns


class OneLineParser(argparse.ArgumentParser):
    """Bad arguments: one line on stderr, exit status 2."""

    def error(self, message):
        sys.stderr.write(f"{self.prog}: {message}\n")
        sys.exit(2)


def main(argv=None):
    parser = OneLineParser(prog="bench/ratios.py", description=__doc__.splitlines()[0])
    parser.add_argument("results", help="JSON written by iovcheck_bench --benchmark_format=json")
    parser.add_argument("--out", help="also write the table as JSON to this path")
    args = parser.parse_args(argv)
    try:
        with open(args.results, encoding="utf-8") as f:
            results = json.load(f)
        text, document = compute(results)
    except (OSError, ValueError, BadInput) as e:
        parser.error(f"{args.results}: {e}")
    print(text)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as f:
                json.dump(document, f, indent=1)
                f.write("\n")
        except OSError as e:
            parser.error(f"--out {args.out}: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
