"""Builds of the CMake presets (CMakePresets.json), for every tool: configure
once, bring the named targets up to date, and say which build is used.

A tool that only reads an existing build works without write access to it:
when the build folder is not writable, an up-to-date binary (newer than
every source) is used as it is and an out-of-date one is a tool failure
that names the folder."""
import os
import subprocess

from . import targets
from .cli import ToolFailure
from .process import run_logged

REPO = targets.repo_root()


def build_jobs():
    return str(min(os.cpu_count() or 2, 2))


def preset_dir(preset):
    return os.path.join(REPO, "build", preset)


def configure(preset, log_path, build_dir=None, cmake_args=()):
    cmd = ["cmake", "--preset", preset] + (["-B", build_dir] if build_dir else []) + list(cmake_args)
    rc = run_logged(cmd, log_path, cwd=REPO)
    if rc != 0:
        raise ToolFailure("%s failed (exit %s), log: %s" % (" ".join(cmd), rc, log_path))


def build(build_dir, log_path, target_names=None):
    cmd = (["cmake", "--build", build_dir, "-j", build_jobs()]
           + (["--target"] + list(target_names) if target_names else []))
    rc = run_logged(cmd, log_path, cwd=REPO)
    if rc != 0:
        raise ToolFailure("building %s in %s failed (exit %s), log: %s" % (
            " ".join(target_names or ["everything"]), build_dir, rc, log_path))


def build_preset(preset, log_path, target_names=None, build_dir=None):
    """Configures preset (into build_dir, default build/<preset>) and builds
    target_names (default: all)."""
    build_dir = build_dir or preset_dir(preset)
    configure(preset, log_path, build_dir)
    build(build_dir, log_path, target_names)


SOURCE_FOLDERS = ("core", "model", "oracle", "fuzz", "faults", "external", "tests")
SOURCE_SUFFIXES = (".c", ".cc", ".cpp", ".h", ".hpp", ".txt", ".cmake", ".json")


def newest_source_mtime():
    newest = 0.0
    for folder in SOURCE_FOLDERS:
        for dirpath, _dirs, files in os.walk(os.path.join(REPO, folder)):
            for name in files:
                if name.endswith(SOURCE_SUFFIXES):
                    newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime)
    return newest


def is_up_to_date(binary):
    """True when binary is newer than every source and build file of the
    tree.  Not ninja's dry run: its re-check of CMake's globs always asks to
    regenerate, so it cannot answer without writing the build folder."""
    return os.path.isfile(binary) and os.stat(binary).st_mtime >= newest_source_mtime()


def ensure_built(build_dir, preset, target_name, log_path, binary):
    """Brings target_name (the file binary) up to date in build_dir
    (configured with preset if it is not yet), or uses it as it is when the
    folder is read-only and nothing needs building."""
    configured = os.path.isfile(os.path.join(build_dir, "build.ninja"))
    writable = os.access(build_dir if os.path.isdir(build_dir) else os.path.dirname(build_dir),
                         os.W_OK)
    if not writable:
        if is_up_to_date(binary):
            return
        raise ToolFailure("%s needs building but %s is not writable" % (target_name, build_dir))
    if not configured:
        configure(preset, log_path, build_dir)
    build(build_dir, log_path, [target_name])


def setup():
    """ci/setup: installs the Debian packages every tool needs (idempotent, silent when done)."""
    proc = subprocess.run([os.path.join(REPO, "ci", "setup")])
    if proc.returncode != 0:
        raise ToolFailure("ci/setup failed (exit %d)" % proc.returncode)
