"""The implementation under test, for every tool: one way to name it,
`--impl SOURCE... [--include DIR...] [--profile P]`, and one build of the
harness per source set and preset.

Without --impl the tools check core/ (the builds build/<preset>).  With it,
the harness is built against the given C or C++ sources (external/, with
external/compat's qemu/ headers) in build/impl-<preset>-<hash>, where <hash>
names the set of sources and include folders (their real paths): the same
set reuses its build, and an edited source is recompiled incrementally by
ninja rather than rebuilt from scratch.  The binaries then run with
IOVCHECK_IMPL=external.  Every tool says which build it uses.

--profile names a contract profile (SPEC.md, "Contract profiles": spec,
lenient, emulator, emulator-new, or a profile file); it is passed to the
binaries that take one and refused, naming the tool, by the others.
"""
import argparse
import hashlib
import os

from . import build
from .cli import UsageError, readable_file
from .targets import repo_root

REPO = repo_root()
SHIPPED_PROFILES = ("spec", "lenient", "emulator", "emulator-new")


class _Extend(argparse.Action):
    """--impl A B --include C --impl D: every word after an option belongs to it."""

    def __call__(self, parser, namespace, values, option_string=None):
        getattr(namespace, self.dest).extend(values)


def add_arguments(parser):
    group = parser.add_argument_group("implementation under test (default: core/)")
    group.add_argument("--impl", nargs="+", action=_Extend, default=[], metavar="SOURCE",
                       help="C or C++ sources of another implementation of the API")
    group.add_argument("--include", nargs="+", action=_Extend, default=[], metavar="DIR",
                       help="include folders of those sources")
    group.add_argument("--profile", metavar="P",
                       help="contract profile: %s, or a profile file" % ", ".join(SHIPPED_PROFILES))


class Implementation:
    """What --impl/--include/--profile named, checked."""

    def __init__(self, sources, includes, profile):
        self.sources = sources
        self.includes = includes
        self.profile = profile

    @property
    def external(self):
        return bool(self.sources)

    def describe(self):
        what = " ".join(os.path.relpath(s) for s in self.sources) if self.external else "core/"
        return what + (" (profile %s)" % self.profile if self.profile else "")

    def key(self):
        """Names the source set: the sorted real paths of sources and include folders."""
        text = "\n".join(["sources"] + sorted(self.sources) + ["includes"] + sorted(self.includes))
        return hashlib.sha1(text.encode()).hexdigest()[:10]

    def build_dir(self, preset):
        if not self.external:
            return build.preset_dir(preset)
        return os.path.join(REPO, "build", "impl-%s-%s" % (preset, self.key()))

    def cmake_args(self):
        if not self.external:
            return []
        return ["-DIOVCHECK_IMPL_SOURCES=" + ";".join(self.sources),
                "-DIOVCHECK_IMPL_INCLUDE_DIRS=" + ";".join(self.includes)]

    def env(self, base=None):
        """The environment the harness's binaries run in."""
        env = dict(os.environ if base is None else base)
        if self.external:
            env["IOVCHECK_IMPL"] = "external"
        return env

    def require_no_profile(self, tool):
        if self.profile:
            raise UsageError("--profile: %s cannot apply a contract profile yet" % tool)


def from_args(args):
    """The Implementation of parsed arguments (see add_arguments); UsageError on a bad path."""
    for source in args.impl:
        readable_file(source, "source file")
    for folder in args.include:
        if not os.path.isdir(folder):
            raise UsageError("no such include directory: %s" % folder)
    if args.include and not args.impl:
        raise UsageError("--include needs --impl SOURCE...")
    profile = args.profile
    if profile is not None and profile not in SHIPPED_PROFILES:
        if not os.path.exists(profile):
            raise UsageError("unknown profile %s: neither %s nor a file" % (
                profile, ", ".join(SHIPPED_PROFILES)))
        profile = os.path.realpath(readable_file(profile, "profile file"))
    return Implementation([os.path.realpath(s) for s in args.impl],
                          [os.path.realpath(d) for d in args.include], profile)


def ensure_built(implementation, preset, target_names, log_path, tool):
    """Configures (when needed) and builds target_names of preset for the
    implementation; prints which build it uses.  Returns the build folder."""
    build_dir = implementation.build_dir(preset)
    print("%s: implementation %s, build %s" % (tool, implementation.describe(),
                                              os.path.relpath(build_dir, REPO)), flush=True)
    if implementation.external or not os.path.isfile(os.path.join(build_dir, "build.ninja")):
        build.configure(preset, log_path, build_dir, implementation.cmake_args())
    build.build(build_dir, log_path, target_names)
    return build_dir
