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
lenient, emulator, emulator-new, or a profile file; default: the
environment's IOVCHECK_PROFILE, else spec).  It is checked before anything
starts (profiles.py) and reaches every binary as IOVCHECK_PROFILE, which
each binary linking the oracle reads; every report names it.
"""
import argparse
import hashlib
import os

from . import build, findings, profiles
from .cli import UsageError, readable_file
from .targets import repo_root

REPO = repo_root()


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
                       help="contract profile: %s, or a profile file (default: $IOVCHECK_PROFILE, else %s)"
                            % (", ".join(profiles.SHIPPED), profiles.DEFAULT))


class Implementation:
    """What --impl/--include/--profile named, checked.  `profile` is always
    set: a shipped name or the real path of a profile file."""

    def __init__(self, sources, includes, profile=profiles.DEFAULT):
        self.sources = sources
        self.includes = includes
        self.profile = profile

    @property
    def external(self):
        return bool(self.sources)

    def name(self):
        """The sources under test as a user typed them, or core/."""
        return " ".join(os.path.relpath(s) for s in self.sources) if self.external else "core/"

    def profile_name(self):
        """The profile as reports show it: a shipped name, or the file's path."""
        if self.profile in profiles.SHIPPED:
            return self.profile
        relative = os.path.relpath(self.profile)
        return self.profile if relative.startswith("..") else relative

    def describe(self):
        return "%s (profile %s)" % (self.name(), self.profile_name())

    def header(self, build_dir=None):
        """Every report's first line: the implementation, the profile, the build."""
        return findings.header_line(self.metadata(build_dir))

    def metadata(self, build_dir=None):
        """The same for findings.json, JUnit properties and SARIF run properties."""
        data = {"implementation": self.name(), "profile": self.profile_name()}
        if build_dir:
            inside = os.path.relpath(build_dir, REPO)
            data["build"] = build_dir if inside.startswith("..") else inside
        return data

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
        env["IOVCHECK_PROFILE"] = self.profile
        return env

    def arguments(self, shown=lambda path: path):
        """The options that name this implementation and profile again (for a
        rerun command), each path passed through shown()."""
        words = ["--impl"] + [shown(s) for s in self.sources] if self.external else []
        words += ["--include"] + [shown(d) for d in self.includes] if self.includes else []
        if self.profile != profiles.DEFAULT:
            words += ["--profile", self.profile if self.profile in profiles.SHIPPED else shown(self.profile)]
        return words


def from_args(args):
    """The Implementation of parsed arguments (see add_arguments); UsageError on a bad path."""
    for source in args.impl:
        readable_file(source, "source file")
    for folder in args.include:
        if not os.path.isdir(folder):
            raise UsageError("no such include directory: %s" % folder)
    if args.include and not args.impl:
        raise UsageError("--include needs --impl SOURCE...")
    profile, origin = args.profile, "--profile"
    if profile is None:
        profile, origin = os.environ.get("IOVCHECK_PROFILE") or profiles.DEFAULT, "IOVCHECK_PROFILE"
    return Implementation([os.path.realpath(s) for s in args.impl],
                          [os.path.realpath(d) for d in args.include], profiles.resolve(profile, origin))


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
