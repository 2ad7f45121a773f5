"""Which fuzz targets exist and how libFuzzer is told about each one.

Shared by ci/gate (fuzz smoke), ci/nightly and the ClusterFuzzLite check, so
the three agree on where a target's corpus, dictionary and options live:

  binary      <fuzzer_dir>/<target>            (build/fuzz/fuzz/ under the `fuzz` preset)
  manifest    <fuzzer_dir>/targets.txt         ("<target> <corpus>" lines, from ci/CMakeLists.txt)
  corpus      corpus/<corpus>/                 (seeds and grown corpus)
  regressions corpus/regressions/<corpus>/     (every input that ever failed)
  dictionary  corpus/<target or corpus>.dict   (or in fuzz/)
  options     fuzz/<target or corpus>.options  ([libfuzzer] key = value, OSS-Fuzz style)

<corpus> is the target's own name unless iovcheck_add_fuzz_target(... CORPUS x)
says the target shares another target's inputs (fuzz_differential -> fuzz_ops).
"""
import configparser
import os

# Options that decide how long or how often a run goes; the caller sets those.
_RUN_LENGTH_OPTIONS = {"runs", "max_total_time", "fork", "jobs", "workers"}


def repo_root():
    return os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_manifest(fuzzer_dir):
    """{target: corpus name} from <fuzzer_dir>/targets.txt, in file order."""
    path = os.path.join(fuzzer_dir, "targets.txt")
    manifest = {}
    if os.path.isfile(path):
        with open(path) as f:
            for line in f:
                words = line.split()
                if words:
                    manifest[words[0]] = words[1] if len(words) > 1 else words[0]
    return manifest


def _is_fuzzer(fuzzer_dir, name):
    path = os.path.join(fuzzer_dir, name)
    return os.path.isfile(path) and os.access(path, os.X_OK)


def discover_targets(fuzzer_dir):
    """{target: corpus name} for every libFuzzer binary in fuzzer_dir: the
    manifest's targets that were built, else every executable named fuzz_*
    other than the standalone *_replay builds (corpus name = target name)."""
    manifest = read_manifest(fuzzer_dir)
    if manifest:
        return {t: c for t, c in manifest.items() if _is_fuzzer(fuzzer_dir, t)}
    if not os.path.isdir(fuzzer_dir):
        return {}
    names = sorted(n for n in os.listdir(fuzzer_dir)
                   if n.startswith("fuzz_") and not n.endswith("_replay") and "." not in n
                   and _is_fuzzer(fuzzer_dir, n))
    return {n: n for n in names}


def missing_targets(fuzzer_dir):
    """Targets the manifest declares that have no binary in fuzzer_dir."""
    return [t for t in read_manifest(fuzzer_dir) if not _is_fuzzer(fuzzer_dir, t)]


def corpus_dir(corpus_root, corpus):
    return os.path.join(corpus_root, corpus)


def regressions_dir(corpus_root, corpus):
    return os.path.join(corpus_root, "regressions", corpus)


def dict_path(repo, target, corpus, corpus_root=None):
    corpus_root = corpus_root or os.path.join(repo, "corpus")
    for path in (os.path.join(corpus_root, target + ".dict"),
                 os.path.join(corpus_root, corpus + ".dict"),
                 os.path.join(repo, "fuzz", target + ".dict"),
                 os.path.join(repo, "fuzz", corpus + ".dict")):
        if os.path.isfile(path):
            return path
    return None


def options_path(repo, target, corpus):
    for name in (target, corpus):
        path = os.path.join(repo, "fuzz", name + ".options")
        if os.path.isfile(path):
            return path
    return None


def read_options(repo, target, corpus):
    """The [libfuzzer] section of the target's .options file as a dict."""
    path = options_path(repo, target, corpus)
    if not path:
        return {}
    parser = configparser.ConfigParser()
    parser.read(path)
    if not parser.has_section("libfuzzer"):
        return {}
    return dict(parser.items("libfuzzer"))


def libfuzzer_flags(repo, target, corpus, corpus_root=None):
    """-key=value flags from the target's options file plus -dict=, leaving
    out the options that set how long a run goes (the caller decides)."""
    flags = []
    options = read_options(repo, target, corpus)
    for key, value in options.items():
        if key not in _RUN_LENGTH_OPTIONS and key != "dict":
            flags.append("-%s=%s" % (key, value))
    path = dict_path(repo, target, corpus, corpus_root)
    if path:
        flags.append("-dict=" + path)
    return flags


def option_value(repo, target, corpus, key, default):
    return read_options(repo, target, corpus).get(key, default)


def corpus_files(directory):
    """Regular, non-hidden files of a corpus folder (hidden names are ours:
    staging files of an interrupted merge)."""
    if not os.path.isdir(directory):
        return []
    return sorted(n for n in os.listdir(directory)
                  if not n.startswith(".") and os.path.isfile(os.path.join(directory, n)))


def main(argv):
    """`python3 -m iovcheck_ci.targets FUZZER_DIR`: one line per declared
    target, "target corpus dictionary options" ("-" where there is none),
    for the shell of .clusterfuzzlite/build.sh."""
    from . import cli
    if len(argv) != 1:
        raise cli.UsageError("usage: python3 -m iovcheck_ci.targets FUZZER_DIR")
    manifest = read_manifest(argv[0])
    if not manifest:
        raise cli.UsageError("no fuzz targets declared in %s" % os.path.join(argv[0], "targets.txt"))
    repo = repo_root()
    for target, corpus in manifest.items():
        print(target, corpus, dict_path(repo, target, corpus) or "-",
              options_path(repo, target, corpus) or "-")
    return cli.OK


if __name__ == "__main__":
    from .cli import run_tool
    run_tool("targets", main)
