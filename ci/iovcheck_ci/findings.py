"""Findings: what every tool of ci/ reports about an implementation under test.

A finding is one reason to act, in one of six classes:

  memory error          AddressSanitizer/LeakSanitizer (its kind: heap-buffer-overflow,
                        use-after-free, leak...), or the oracle's guard bytes catching a
                        write outside what the call was given
  undefined behaviour   UndefinedBehaviorSanitizer (its check: pointer-overflow, ...)
  wrong result          the oracle's difference from the model (return value, bytes,
                        entries, undo record, errno, a report where none is due)
  missed check          a precondition the profile says is checked, violated, and not
                        reported through the contract handler
  hang                  a call that did not return within the per-call limit
  unexpected exit       the process ended any other way (a signal, exit(), abort()
                        outside a contract report)

Each carries the program that caused it, the first stack frame inside the
implementation (file:line), the one-line summary of the sanitizer or the oracle,
the one command that reruns it, and a signature: two findings with the same
signature are the same bug, whichever row, target or run found them.  A
known-findings file (signature, then the reason it is accepted) suppresses
findings in every tool; suppressed ones are still counted.
"""
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, asdict
from xml.sax.saxutils import escape, quoteattr

from . import signature as stacks

CLASSES = ("memory error", "undefined behaviour", "wrong result", "missed check", "hang", "unexpected exit")
SLUGS = {c: c.replace(" ", "-") for c in CLASSES}


@dataclass
class Finding:
    cls: str                   # one of CLASSES
    kind: str                  # asan kind, ubsan check, or the oracle's "what"
    summary: str               # one line
    function: str = ""         # the API function of the call, when known
    frame: str = ""            # first frame inside the implementation: "func file:line"
    program: str = ""          # the (shrunk) program, as the oracle describes it
    rerun: str = ""            # the one command that reruns it
    where: str = ""            # tool and row/target that found it
    signature: str = ""
    suppressed: str = ""       # the known-findings reason, when accepted
    extra: dict = field(default_factory=dict)

    def location(self):
        """(file, line) of the implementation frame, or ("", 0)."""
        m = re.search(r"(\S+):(\d+)(?::\d+)?$", self.frame)
        return (m.group(1), int(m.group(2))) if m else ("", 0)

    def headline(self):
        at = f" at {self.frame}" if self.frame else ""
        call = f" in {self.function}" if self.function else ""
        return f"{self.cls} ({self.kind}){call}{at}: {self.summary}"


# ---- reading a sanitizer log or an oracle explanation ---------------------------

_FRAME = re.compile(r"^\s*#(\d+)\s+0x[0-9a-fA-F]+\s+in\s+(.+?)\s+(\S+?):(\d+)(?::\d+)?\s*$")
_UBSAN = re.compile(r"^(\S+?):(\d+):\d+: runtime error: (.*)$", re.M)
_UBSAN_CHECK = re.compile(r"SUMMARY: UndefinedBehaviorSanitizer: ([\w-]+)")
_ORACLE_WHAT = re.compile(r"^what:\s+(.*)$", re.M)
_ORACLE_EXPECTED = re.compile(r"^expected:\s+(.*)$", re.M)
_ORACLE_ACTUAL = re.compile(r"^actual:\s+(.*)$", re.M)
_ORACLE_CALL = re.compile(r"^call:\s+(\w+)", re.M)
_PROGRAM = re.compile(r"^program \(normalized\):\n(.*)", re.M | re.S)


def _inside(path, impl_paths):
    """Whether a stack frame's file belongs to the implementation: one of its
    sources, or a file beside one (a source often #includes its siblings, and
    the compiler names the included file).  Frames name files as the build
    saw them (absolute with "..", or relative to the build folder), so a
    relative folder matches by its tail."""
    if not impl_paths:
        return "/core/src/" in path or "/external/" in path
    file = os.path.normpath(path)
    folder = os.path.dirname(file)
    relative_tail = re.sub(r"^(\.\./)+", "", folder) if not os.path.isabs(folder) else ""
    for source in impl_paths:
        if file.endswith(source) or os.path.basename(file) == os.path.basename(source):
            return True
        source_folder = os.path.dirname(os.path.normpath(source))
        if folder == source_folder or (relative_tail and source_folder.endswith("/" + relative_tail)):
            return True
    return False


def first_impl_frame(log_text, impl_paths=()):
    """'function file:line' of the first stack frame inside the implementation's
    sources (the first stack of the log), or ''."""
    started = False
    for line in log_text.splitlines():
        m = _FRAME.match(line)
        if not m:
            if started and line.strip() and not line.lstrip().startswith("#"):
                break
            continue
        if started and m.group(1) == "0":
            break
        started = True
        if _inside(m.group(3), impl_paths):
            name = stacks._clean_function(m.group(2))
            if impl_paths:  # the harness builds an implementation's functions as ext_<name>
                name = re.sub(r"^ext_", "", name)
            return f"{name} {os.path.normpath(m.group(3))}:{m.group(4)}"
    for m in _UBSAN.finditer(log_text):  # UBSan without a stack: its own location
        if _inside(m.group(1), impl_paths):
            return f"{m.group(1)}:{m.group(2)}"
    return ""


_QUOTED_INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORE_SOURCES = os.path.join(REPO, "core", "src")


def _read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def _with_included(sources):
    """The sources, then the files they #include "..." (beside the including
    file), each once: a source often includes its siblings or a shared body."""
    seen, order = set(), []
    pending = [os.path.realpath(p) for p in sources]
    while pending:
        path = pending.pop(0)
        if path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        order.append(path)
        for name in _QUOTED_INCLUDE.findall(_read_text(path)):
            pending.append(os.path.realpath(os.path.join(os.path.dirname(path), name)))
    return order


def _closing_paren(text, opening):
    depth = 0
    for at in range(opening, len(text)):
        depth += {"(": 1, ")": -1}.get(text[at], 0)
        if depth == 0:
            return at
    return -1


def definition_frame(function, impl_paths=()):
    """'function file:line' of the implementation's definition of an API
    function (in its sources or the files they include; core/src without
    any), or ''.  A finding without a stack (a wrong result, a missed check,
    a hang) is located there, so every report names a place in the code
    under test.  A definition is the name, its parameter list, then '{'."""
    sources = impl_paths or [os.path.join(CORE_SOURCES, n) for n in sorted(os.listdir(CORE_SOURCES))
                             if n.endswith((".c", ".cpp"))]
    for candidate in (function, function + "_full"):  # iov_to_buf: an inline over iov_to_buf_full
        frame = _definition(candidate, _with_included(sources))
        if frame:
            return frame
    return ""


def _definition(function, paths):
    name = re.compile(r"(?<![\w.>])" + re.escape(function) + r"\s*\(")
    for path in paths:
        text = _read_text(path)
        for m in name.finditer(text):
            close = _closing_paren(text, m.end() - 1)
            if close > 0 and text[close + 1:close + 200].lstrip().startswith("{"):
                shown = os.path.relpath(path, REPO)
                shown = path if shown.startswith("..") else shown
                return f"{function} {shown}:{text.count(chr(10), 0, m.start()) + 1}"
    return ""


def _digest(*parts):
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def classify(log_text, exit_status=0, timed_out=False, impl_paths=(), function=""):
    """The finding that a run's output shows, or None when it shows none.
    `log_text` is everything the run printed (sanitizer report, oracle
    explanation); `exit_status` is the process's (negative: killed by a signal)."""
    program_match = _PROGRAM.search(log_text)
    program = program_match.group(1).strip() if program_match else ""
    call = _ORACLE_CALL.search(log_text)
    function = function or (call.group(1) if call else "")
    frame = first_impl_frame(log_text, impl_paths)
    frame_function = frame.split(" ", 1)[0] if " " in frame else ""
    if not frame and function:  # no stack inside the implementation: where it defines the function
        frame = definition_frame(function, impl_paths)

    if timed_out:
        return Finding("hang", "timeout", f"{function or 'a call'} did not return within the per-call limit",
                       function, frame, program, signature=_digest("hang", function))
    kind = stacks.failure_kind(log_text)
    # With handle_abort=1 ASan reports every abort() as "ABRT": the oracle's
    # abort on a difference (its explanation is in the log) or an assert(),
    # never a memory error of its own.
    deliberate_abort = kind == "asan-ABRT"
    if deliberate_abort and exit_status and exit_status > 0:
        exit_status = -6
    if (kind.startswith("asan-") and not deliberate_abort) or kind == "leak":
        asan_kind = kind[5:] if kind.startswith("asan-") else "leak"
        return Finding("memory error", asan_kind, stacks.summary_line(log_text), function, frame, program,
                       signature=_digest("memory error", asan_kind, *stacks.top_frames(log_text)))
    if kind.startswith("ubsan"):
        check = _UBSAN_CHECK.search(log_text)
        check_name = check.group(1) if check else "undefined-behavior"
        ub = _UBSAN.search(log_text)
        summary = ub.group(3).strip() if ub else stacks.summary_line(log_text)
        where = f"{ub.group(1)}:{ub.group(2)}" if ub else ""
        return Finding("undefined behaviour", check_name, summary[:300], function, frame or where, program,
                       signature=_digest("undefined behaviour", check_name, frame_function or where))
    what = _ORACLE_WHAT.search(log_text)
    if what:
        expected = _ORACLE_EXPECTED.search(log_text)
        actual = _ORACLE_ACTUAL.search(log_text)
        e = expected.group(1).strip() if expected else ""
        a = actual.group(1).strip() if actual else ""
        what_text = what.group(1).strip()
        if what_text == "contract violation" and e.startswith("reported") and a.startswith("none"):
            cls, kind = "missed check", "not reported"
        elif what_text.startswith("writes outside"):
            cls, kind = "memory error", "write outside the call's memory"
        else:
            cls, kind = "wrong result", re.sub(r"\s*\(.*", "", what_text)
        return Finding(cls, kind, f"{what_text}: expected {e}, got {a}"[:300], function, frame, program,
                       signature=_digest(cls, kind, function))
    if exit_status:
        how = f"signal {-exit_status}" if exit_status < 0 else f"exit status {exit_status}"
        return Finding("unexpected exit", how, f"the process ended with {how}"
                       + (f": {stacks.summary_line(log_text)}" if stacks.summary_line(log_text) else ""),
                       function, frame, program, signature=_digest("unexpected exit", how, function))
    return None


def of_input(fuzzer_log, explanation, impl_paths=(), timed_out=None, exit_status=1):
    """The finding of one fuzz input, the same in ci/nightly and ci/repro:
    the libFuzzer binary's log of it (a sanitizer report, a timeout) read
    together with the replay's explanation (the program and the oracle's
    difference), or None when neither shows one.  exit_status: the replay's
    (negative: the signal that killed it)."""
    if timed_out is None:
        timed_out = stacks.failure_kind(fuzzer_log) == "timeout"
    return classify(fuzzer_log + "\n" + explanation, exit_status, timed_out, impl_paths)


# ---- deduplication and the known-findings file ------------------------------------

class KnownFindingsError(Exception):
    pass


def read_known(path):
    """{signature: reason} from lines '<signature> <reason>' ('#' comments)."""
    known = {}
    if not path:
        return known
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise KnownFindingsError(f"cannot read known-findings file {path}: {e.strerror}")
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        parts = text.split(None, 1)
        if len(parts) < 2 or not re.fullmatch(r"[0-9a-f]{12}", parts[0]):
            raise KnownFindingsError(f"{path}:{number}: expected '<12-hex-digit signature> <reason>'")
        known[parts[0]] = parts[1]
    return known


def deduplicate(findings, known=None):
    """One finding per signature (the first, with `extra['count']` = how many
    times it was found: each finding counts its `extra['crash_files']`, else
    once), marked suppressed when the signature is known."""
    known = known or {}
    by_signature = {}
    for f in findings:
        first = by_signature.setdefault(f.signature, f)
        first.extra["count"] = first.extra.get("count", 0) + f.extra.get("crash_files", 1)
        if f is not first:
            first.extra.setdefault("also", []).append(f.where)
    unique = list(by_signature.values())
    for f in unique:
        if f.signature in known:
            f.suppressed = known[f.signature]
    return unique


def unsuppressed(findings):
    return [f for f in findings if not f.suppressed]


# ---- writing them for a CI ---------------------------------------------------------

def write_json(findings, path, header):
    with open(path, "w") as f:
        json.dump({**header, "findings": [asdict(x) for x in findings]}, f, indent=2)


def header_line(metadata):
    """The first line of every report: implementation, profile and build."""
    line = "implementation: %s   profile: %s" % (metadata.get("implementation", "core/"),
                                                 metadata.get("profile", "spec"))
    return line + ("   build: %s" % metadata["build"] if metadata.get("build") else "")


def write_junit(findings, path, suite, cases, metadata=None):
    """JUnit XML: one test case per entry of `cases` (name -> list of findings);
    a case with an unsuppressed finding fails, a suppressed one is skipped.
    The suite's properties name the implementation, profile and build."""
    properties = "".join(f'    <property name={quoteattr(k)} value={quoteattr(str(v))}/>\n'
                         for k, v in (metadata or {}).items())
    rows = [f"  <properties>\n{properties}  </properties>"] if properties else []
    failures = skipped = 0
    for name, found in cases.items():
        active = unsuppressed(found)
        if active:
            failures += 1
            body = "\n".join(f"{x.headline()}\n  rerun: {x.rerun}\n{x.program}" for x in active)
            rows.append(f'  <testcase classname={quoteattr(suite)} name={quoteattr(name)}>'
                        f'<failure message={quoteattr(active[0].headline()[:500])} type={quoteattr(active[0].cls)}>'
                        f'{escape(body)}</failure></testcase>')
        elif found:
            skipped += 1
            rows.append(f'  <testcase classname={quoteattr(suite)} name={quoteattr(name)}>'
                        f'<skipped message={quoteattr("known finding: " + found[0].suppressed)}/></testcase>')
        else:
            rows.append(f'  <testcase classname={quoteattr(suite)} name={quoteattr(name)}/>')
    with open(path, "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<testsuite name={quoteattr(suite)} tests="{len(cases)}" failures="{failures}" '
                f'skipped="{skipped}" errors="0">\n')
        f.write("\n".join(rows) + "\n</testsuite>\n")


def write_sarif(findings, path, tool, metadata, root=""):
    """SARIF 2.1.0: one result per finding (suppressed ones carry a
    suppression), located at the implementation's frame; the run's
    properties name the implementation, profile and build (metadata)."""
    rules = []
    rule_index = {}
    results = []
    for x in findings:
        rule_id = f"{SLUGS[x.cls]}/{re.sub(r'[^A-Za-z0-9_.-]+', '-', x.kind)}"
        if rule_id not in rule_index:
            rule_index[rule_id] = len(rules)
            rules.append({"id": rule_id, "name": x.cls, "shortDescription": {"text": f"{x.cls}: {x.kind}"}})
        result = {
            "ruleId": rule_id, "ruleIndex": rule_index[rule_id],
            "level": "error",
            "message": {"text": f"{x.headline()}\nrerun: {x.rerun}\n\n{x.program}".strip()},
            "partialFingerprints": {"iovcheckSignature/v1": x.signature},
        }
        file, line = x.location()
        if file:
            uri = os.path.relpath(file, root) if root and os.path.isabs(file) and file.startswith(root) else file
            result["locations"] = [{"physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {"startLine": max(line, 1)}}}]
        if x.suppressed:
            result["suppressions"] = [{"kind": "external", "justification": x.suppressed}]
        results.append(result)
    log = {
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": tool, "rules": rules}},
            "properties": dict(metadata),
            "results": results,
        }],
    }
    with open(path, "w") as f:
        json.dump(log, f, indent=2)


def text_report(findings, metadata):
    """The findings as text, first line naming the implementation, profile and build."""
    active = unsuppressed(findings)
    lines = [header_line(metadata),
             f"{len(active)} finding(s), {len(findings) - len(active)} known (suppressed)"]
    for x in findings:
        mark = f"  [known: {x.suppressed}]" if x.suppressed else ""
        count = x.extra.get("count", 1)
        lines.append(f"- [{x.signature}] x{count} {x.headline()}{mark}")
        if x.where:
            lines.append(f"    found by: {x.where}")
        if x.rerun:
            lines.append(f"    rerun:    {x.rerun}")
        if x.program:
            lines += ["    program:"] + ["      " + p for p in x.program.splitlines()]
    return "\n".join(lines) + "\n"
