"""Contract profiles as the ci/ tools see them: `--profile P` is checked
before anything is built or started, so that a mistyped name or a bad line
in a profile file is one line naming FILE:LINE and exit 2, not a failure
deep inside a build or a fuzzing campaign.

The check follows the profile-file format of oracle/include/iovcheck/profile.h
(the harness's binaries parse the same file again, with the same rules):

    # a comment                                   ('#' to the end of the line)
    base emulator                                 (first directive, required)
    name my-fork                                  (optional, once)
    qemu_iovec_init.hint_nonneg caller-duty       (PRECONDITION CLASS, once each)

The precondition names are read from oracle/include/iovcheck/preconditions.h,
the one list the binaries are built from, so a new precondition needs no
change here.
"""
import os
import re

from .cli import UsageError
from .targets import repo_root

# The shipped profiles, in the order of profile.h's "Shipped profiles" list
# (ci.tools checks that the two agree).  Unset means spec.
SHIPPED = ("spec", "lenient", "emulator", "emulator-new")
DEFAULT = "spec"
CLASSES = ("checked", "caller-duty", "lenient", "tolerated")
PRECONDITIONS_HEADER = os.path.join(repo_root(), "oracle", "include", "iovcheck", "preconditions.h")
_PRECONDITION = re.compile(r"^\s*X\((\w+),\s*(\w+),")


def precondition_names(header=PRECONDITIONS_HEADER):
    """Every `function.rule` of the header's X-macro list."""
    with open(header, encoding="utf-8") as f:
        return {"%s.%s" % m.groups() for m in map(_PRECONDITION.match, f) if m}


class ProfileError(Exception):
    """A profile that the binaries would refuse: the message names FILE:LINE."""


def _directive(words, state, preconditions):
    """Checks one line's words against the parser state; an error or ''."""
    if words[0] == "base":
        if state["base"]:
            return "'base' must come once, before every other directive"
        if len(words) != 2:
            return "expected 'base PROFILE'"
        if words[1] not in SHIPPED:
            return "unknown profile '%s' (known: %s)" % (words[1], ", ".join(SHIPPED))
        state["base"] = words[1]
        return ""
    if not state["base"]:
        return "expected 'base PROFILE' before any other directive"
    if words[0] == "name":
        if len(words) != 2 or state["named"]:
            return "expected one 'name NAME'"
        state["named"] = True
        return ""
    if len(words) != 2:
        return "expected 'PRECONDITION CLASS'"
    if words[0] not in preconditions:
        return "unknown precondition '%s'" % words[0]
    if words[1] not in CLASSES:
        return "unknown class '%s' (known: %s)" % (words[1], ", ".join(CLASSES))
    if words[0] in state["set_on"]:
        return "'%s' already set on line %d" % (words[0], state["set_on"][words[0]])
    state["set_on"][words[0]] = state["line"]
    return ""


def check_profile_text(text, file, preconditions=None):
    """Raises ProfileError("FILE:LINE: problem") for the first bad line; returns
    the profile's name (its `name` directive, else the file's path)."""
    preconditions = precondition_names() if preconditions is None else preconditions
    state = {"base": None, "named": False, "set_on": {}, "line": 0}
    name = file
    for number, line in enumerate(text.split("\n"), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        state["line"] = number
        error = _directive(words, state, preconditions)
        if error:
            raise ProfileError("%s:%d: %s" % (file, number, error))
        if words[0] == "name":
            name = words[1]
    if not state["base"]:
        raise ProfileError("%s: no 'base PROFILE' line (known: %s)" % (file, ", ".join(SHIPPED)))
    return name


def resolve(argument, origin="--profile"):
    """What `--profile ARGUMENT` names: a shipped name as is, else the real
    path of a readable, valid profile file.  UsageError naming the problem
    (and FILE:LINE for a bad line) otherwise; `origin` names where the
    argument came from (the option or the environment variable)."""
    try:
        return _resolve(argument)
    except UsageError as e:
        raise UsageError("%s: %s" % (origin, e))


def _resolve(argument):
    if argument in SHIPPED:
        return argument
    if not os.path.exists(argument):
        raise UsageError("unknown profile '%s' (known: %s; nor is it a profile file)"
                         % (argument, ", ".join(SHIPPED)))
    if not os.path.isfile(argument):
        raise UsageError("not a regular file: %s" % argument)
    try:
        with open(argument, encoding="utf-8", errors="strict") as f:
            text = f.read()
    except UnicodeDecodeError:
        raise UsageError("%s: not a text file" % argument)
    except OSError as e:
        raise UsageError("cannot read the profile file %s: %s" % (argument, e.strerror or e))
    try:
        check_profile_text(text, argument)
    except ProfileError as e:
        raise UsageError("%s" % e)
    return os.path.realpath(argument)
