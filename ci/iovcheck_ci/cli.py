"""What every ci/ tool shares: the exit-status table, argument parsing that
answers a wrong argument with one line, and the one top-level handler that
turns every failure into a one-line message and its exit status.

Exit status of every tool (README.md, "Exit status of the ci/ tools"):
  0    nothing found
  1    findings (a failing test, a crash, a counterexample, coverage below its minimum)
  2    usage error: a wrong argument, a missing or unreadable input (one line on stderr)
  3    a build or tool failure (one line on stderr, with the log to read)
  130  interrupted by SIGINT, 143 by SIGTERM (state intact)
A Python traceback is never shown: an unexpected exception is a tool failure.
"""
import argparse
import math
import os
import signal
import sys

OK, FINDINGS, USAGE, TOOL_FAILURE = 0, 1, 2, 3


class UsageError(Exception):
    """A wrong argument or input: exit 2."""


class ToolFailure(Exception):
    """A build or tool that did not do its job: exit 3."""


class Interrupted(Exception):
    def __init__(self, signum):
        super().__init__("signal %d" % signum)
        self.signum = signum


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as UsageError (one line)."""

    def error(self, message):
        raise UsageError("%s (try --help)" % message)


def _number(convert, text, what):
    try:
        value = convert(text)
    except (ValueError, OverflowError):
        raise argparse.ArgumentTypeError("not %s: %r" % (what, text))
    if isinstance(value, float) and not math.isfinite(value):
        raise argparse.ArgumentTypeError("not a finite number: %r" % text)
    return value


def bounded(convert, low, high, what="a number"):
    """An argparse type: convert(text) within [low, high] (finite)."""
    def parse(text):
        value = _number(convert, text, what)
        if value < low or value > high:
            raise argparse.ArgumentTypeError("%r is out of range: %s to %s" % (text, low, high))
        return value
    return parse


def positive_float(high, what="a number"):
    """An argparse type: a finite number > 0 and at most high."""
    def parse(text):
        value = _number(float, text, what)
        if not 0 < value <= high:
            raise argparse.ArgumentTypeError("%r is out of range: above 0, at most %s" % (text, high))
        return value
    return parse


def readable_file(path, what="file"):
    """The path if it names a regular file this process can read, else UsageError."""
    if not os.path.exists(path):
        raise UsageError("no such %s: %s" % (what, path))
    if not os.path.isfile(path):
        raise UsageError("not a regular %s: %s" % (what, path))
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as e:
        raise UsageError("cannot read %s %s: %s" % (what, path, e.strerror or e))
    return path


def _raise_interrupted(signum, _frame):
    raise Interrupted(signum)


def run_tool(prog, main, argv=None, on_interrupt=None):
    """Runs main(argv) -> exit status under the one top-level handler and
    exits with the status.  on_interrupt() runs before an interrupted exit
    (e.g. to stop child processes) and may return a note for the message."""
    signal.signal(signal.SIGTERM, _raise_interrupted)
    signal.signal(signal.SIGINT, _raise_interrupted)
    argv = sys.argv[1:] if argv is None else argv
    try:
        status = main(argv)
    except (UsageError, argparse.ArgumentTypeError) as e:
        status = _say(prog, str(e), USAGE)
    except ToolFailure as e:
        status = _say(prog, str(e), TOOL_FAILURE)
    except (Interrupted, KeyboardInterrupt) as e:
        signum = getattr(e, "signum", signal.SIGINT)
        note = on_interrupt() if on_interrupt else None
        status = _say(prog, "interrupted by signal %d%s" % (signum, "; " + note if note else ""),
                      128 + signum)
    except BrokenPipeError:
        status = TOOL_FAILURE
    except OSError as e:
        where = " (%s)" % e.filename if e.filename else ""
        status = _say(prog, "%s%s" % (e.strerror or e, where), TOOL_FAILURE)
    except Exception as e:  # noqa: BLE001 - the one place that may catch everything
        status = _say(prog, "internal error: %s: %s" % (type(e).__name__, e), TOOL_FAILURE)
    try:
        sys.stdout.flush()
    except OSError:
        pass
    sys.exit(status)


def _say(prog, message, status):
    """One line on stderr: the tool's name and the problem."""
    line = " ".join(str(message).split())
    sys.stderr.write("%s: %s\n" % (prog, line))
    sys.stderr.flush()
    return status
