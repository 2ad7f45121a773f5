#!/usr/bin/env python3
"""Fails when a ctest test of the build carries no label: every `ctest -L`
selection (the gate's stages, ci/mutate, ci/coverage) would skip it.

Usage: every_test_labelled.py BUILD_DIR   (exit 0 all labelled, 1 some not,
2 usage error, 3 ctest could not list the tests)."""
import json
import subprocess
import sys


def main(argv):
    if len(argv) != 1:
        print("usage: every_test_labelled.py BUILD_DIR", file=sys.stderr)
        return 2
    try:
        proc = subprocess.run(["ctest", "--test-dir", argv[0], "--show-only=json-v1"],
                              capture_output=True, text=True, errors="replace", timeout=300)
        tests = json.loads(proc.stdout)["tests"]
    except (OSError, subprocess.TimeoutExpired, ValueError, KeyError) as error:
        print(f"every_test_labelled: cannot list the tests of {argv[0]}: {error}", file=sys.stderr)
        return 3
    unlabelled = [t["name"] for t in tests
                  if not any(p["name"] == "LABELS" and p["value"] for p in t.get("properties", []))]
    for name in unlabelled:
        print(f"no label: {name}")
    print(f"{len(tests) - len(unlabelled)} of {len(tests)} tests labelled")
    return 1 if unlabelled else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
