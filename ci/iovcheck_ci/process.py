"""Child processes of the ci/ tools: each runs in its own process group, so
that an interrupted tool (or a watchdog) can end the whole group."""
import os
import shutil
import signal
import subprocess
import threading


class ChildGroup:
    """The one child process group running now, so a signal can end it."""
    current = None

    @classmethod
    def kill(cls):
        proc = cls.current
        if proc is not None and proc.poll() is None:
            try:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            except ProcessLookupError:
                pass


def run_logged(cmd, log_path, env=None, timeout=None, on_line=None, cwd=None):
    """Runs cmd in its own process group, stdout+stderr into log_path.
    on_line(line) sees each line as it arrives.  Returns the exit status
    (None when killed for exceeding timeout)."""
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=env, cwd=cwd, start_new_session=True)
        ChildGroup.current = proc
        timed_out = []

        def watchdog():
            timed_out.append(True)
            ChildGroup.kill()
        timer = threading.Timer(timeout, watchdog) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            for raw in proc.stdout:
                log.write(raw)
                if on_line:
                    on_line(raw.decode("utf-8", "replace"))
            proc.wait()
        finally:
            if timer:
                timer.cancel()
            ChildGroup.kill()
            ChildGroup.current = None
        return None if timed_out else proc.returncode


def sanitizer_env():
    env = dict(os.environ)
    symbolizer = shutil.which("llvm-symbolizer-14") or shutil.which("llvm-symbolizer")
    asan = "symbolize=1:detect_leaks=1:abort_on_error=0:handle_abort=1"
    if symbolizer:
        asan += ":external_symbolizer_path=" + symbolizer
        env["LLVM_SYMBOLIZER_PATH"] = symbolizer
    env.setdefault("ASAN_OPTIONS", asan)
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:symbolize=1")
    return env


