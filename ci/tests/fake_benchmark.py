#!/usr/bin/env python3
"""A stand-in for iovcheck_bench (Google Benchmark's command line) for
ci/tests/test_bench.py: four rows, of which one hangs and one dies, so that
ci/bench can be seen to report them and never drop them."""
import json
import os
import signal
import sys
import time

ROWS = ["to_buf/base/1x4KiB", "to_buf/core/1x4KiB", "memset/core/1x4KiB", "from_buf/core/1x4KiB"]


def main(argv):
    row_filter = next((a.split("=", 1)[1] for a in argv if a.startswith("--benchmark_filter=")), None)
    if "--benchmark_list_tests" in argv:
        print("\n".join(ROWS))
        return 0
    name = row_filter.strip("^$").replace("\\.", ".") if row_filter else ROWS[0]
    if name.startswith("memset/"):
        time.sleep(3600)  # a row that never returns
    if name.startswith("from_buf/"):
        os.kill(os.getpid(), signal.SIGSEGV)  # a row that dies
    ns = 100.0 if "/base/" in name else 110.0
    print(json.dumps({"context": {"host_name": "fake"}, "benchmarks": [
        {"name": name + "_median", "run_name": name, "run_type": "aggregate", "aggregate_name": "median",
         "iterations": 3, "cpu_time": ns, "real_time": ns, "time_unit": "ns"}]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
