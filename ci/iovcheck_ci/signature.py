"""The stack signature of a crash: what decides that two crash files are the
same bug.  It is a hash of the kind of failure and the top frames of the
first symbolized stack in the sanitizer's log, counting only frames of the
code under test (sanitizer, libFuzzer and libc frames say nothing about
which bug it is).  Function names only: line numbers move with every edit,
and the signature should survive them."""
import hashlib
import re

TOP_FRAMES = 5

# "    #3 0x55d1c0 in iov_to_buf_full /src/core/src/iov.cpp:42:7"
# "    #4 0x7f00 in __libc_start_main (/lib/x86_64-linux-gnu/libc.so.6+0x2718a)"
_FRAME = re.compile(r"^\s*#(\d+)\s+0x[0-9a-fA-F]+\s+in\s+(.+?)(?:\s+(\S*/\S+|\(.*\)))?\s*$")
# Frame without a symbol: "    #5 0x55d1c0  (/path/binary+0x1234)"
_FRAME_NOSYM = re.compile(r"^\s*#(\d+)\s+0x[0-9a-fA-F]+\s+\((.*)\)\s*$")

_INTERNAL = re.compile(
    r"^(__sanitizer|__asan|__ubsan|__lsan|__msan|__interceptor_|__interception|"
    r"fuzzer::|__libc_|__GI_|_start$|raise$|abort$|__assert|__cxa_|__gnu_cxx::__verbose|"
    r"std::terminate|std::__terminate|__clone|start_thread|malloc$|calloc$|realloc$|free$|"
    r"operator new|operator delete|gsignal$|__pthread_kill|pthread_kill|main$)")

_KINDS = [
    (re.compile(r"ERROR: AddressSanitizer: ([\w-]+)"), "asan-{0}"),
    (re.compile(r"ERROR: LeakSanitizer: detected memory leaks"), "leak"),
    (re.compile(r"ERROR: libFuzzer: timeout"), "timeout"),
    (re.compile(r"ERROR: libFuzzer: out-of-memory"), "oom"),
    (re.compile(r"ERROR: libFuzzer: deadly signal"), "deadly-signal"),
    (re.compile(r"ERROR: libFuzzer: fuzz target exited"), "exit"),
    (re.compile(r"runtime error: "), "ubsan"),
    (re.compile(r"ERROR: UndefinedBehaviorSanitizer: ([\w-]+)"), "ubsan-{0}"),
]


def failure_kind(log_text):
    """The first sanitizer or libFuzzer verdict in the log, e.g. asan-heap-buffer-overflow."""
    best = None
    for pattern, template in _KINDS:
        m = pattern.search(log_text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), template.format(*m.groups()))
    return best[1] if best else "unknown"


def _clean_function(name):
    # Drop template/argument detail that varies with inlining, keep the qualified name.
    name = name.strip()
    name = re.sub(r"\(anonymous namespace\)", "anon", name)
    depth = 0
    out = []
    for ch in name:
        if ch == "(":
            if depth == 0 and out:
                break
            depth += 1
        elif ch == ")":
            depth -= 1
        else:
            if depth == 0:
                out.append(ch)
    return "".join(out).strip() or name


def first_stack(log_text):
    """Frames (function names) of the first stack in the log, in order."""
    frames = []
    started = False
    for line in log_text.splitlines():
        m = _FRAME.match(line)
        if m:
            number = int(m.group(1))
            if started and number == 0:
                break  # a second stack begins (e.g. "allocated by thread ...")
            started = True
            frames.append(_clean_function(m.group(2)))
            continue
        m = _FRAME_NOSYM.match(line)
        if m:
            number = int(m.group(1))
            if started and number == 0:
                break
            started = True
            frames.append("?" + m.group(2).rsplit("/", 1)[-1])
            continue
        if started and line.strip() and not line.lstrip().startswith("#"):
            break
    return frames


def top_frames(log_text, n=TOP_FRAMES):
    return [f for f in first_stack(log_text) if not _INTERNAL.match(f)][:n]


def signature(log_text, n=TOP_FRAMES):
    """(signature, kind, frames): 12 hex digits of sha1(kind, top n frames)."""
    kind = failure_kind(log_text)
    frames = top_frames(log_text, n)
    digest = hashlib.sha1(("\n".join([kind] + frames)).encode()).hexdigest()[:12]
    return digest, kind, frames


def summary_line(log_text):
    """The sanitizer's one-line SUMMARY, or the first ERROR line."""
    for prefix in ("SUMMARY: ", "ERROR: ", "runtime error: "):
        for line in log_text.splitlines():
            if prefix in line:
                return line.strip()[:300]
    return ""
