#!/usr/bin/env python3
"""Runs ci/conformance on one generation of the API and checks its table.

usage: check_generation.py --absent F,G,... [--policy F,G,...] -- ci/conformance ARGS...

Every row must be `pass`, except: the functions of --absent must be
`absent` (and only they), and a function of --policy may fail: its rows
exercise a precondition the generation tolerates (profile emulator-new),
which the conformance table does not yet judge by profile.  Exit 0 when the
table is as expected, 1 when it is not (the unexpected rows are printed), 2
for a usage error, 3 when the conformance run itself did not produce a table.
"""
import subprocess
import sys


def parse_list(text):
    return {name for name in text.split(",") if name}


def main(argv):
    if "--" not in argv:
        print("check_generation: usage: check_generation.py --absent F,... [--policy F,...] -- COMMAND...",
              file=sys.stderr)
        return 2
    split = argv.index("--")
    options, command = argv[:split], argv[split + 1:]
    expected_absent, policy = set(), set()
    while options:
        if len(options) < 2 or options[0] not in ("--absent", "--policy"):
            print(f"check_generation: unknown or incomplete option: {' '.join(options)}", file=sys.stderr)
            return 2
        (expected_absent if options[0] == "--absent" else policy).update(parse_list(options[1]))
        options = options[2:]
    run = subprocess.run(command, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(run.stdout)
    rows = {}
    for line in run.stdout.splitlines():
        words = line.split()
        if len(words) == 2 and words[1] in ("pass", "FAIL", "absent"):
            rows[words[0]] = words[1]
    if not rows or run.returncode not in (0, 1):
        print(f"check_generation: conformance produced no table (exit status {run.returncode})", file=sys.stderr)
        return 3
    wrong = []
    for name, result in sorted(rows.items()):
        if name in expected_absent:
            ok = result == "absent"
        elif name in policy:
            ok = result in ("pass", "FAIL")
        else:
            ok = result == "pass"
        if not ok:
            wrong.append(f"{name}: {result}")
    wrong += [f"{name}: no row" for name in sorted(expected_absent - rows.keys())]
    for line in wrong:
        print(f"check_generation: unexpected: {line}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
