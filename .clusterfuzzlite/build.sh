#!/bin/bash -eu
# OSS-Fuzz / ClusterFuzzLite build of every iovcheck fuzz target.
#
# The builder sets: CC CXX CFLAGS CXXFLAGS (sanitizer and coverage flags
# included), LIB_FUZZING_ENGINE, SRC (sources; iovcheck is $SRC/iovcheck),
# WORK (scratch) and OUT (what the fuzzing infrastructure picks up).
# For each target this leaves in $OUT:
#   <target>                   the libFuzzer binary
#   <target>_seed_corpus.zip   corpus/<corpus>/ and corpus/regressions/<corpus>/
#   <target>.dict              corpus/<target or corpus>.dict (or in fuzz/), if any
#   <target>.options           fuzz/<target or corpus>.options, if any
# where <corpus> is the target's corpus name (usually the target's own name).
# IOVCHECK_BUILD_JOBS caps build parallelism (default: every core).
project="${IOVCHECK_SRC:-$SRC/iovcheck}"
build="$WORK/iovcheck-build"

# Sanitizers and the engine's instrumentation come from $CFLAGS here, not from
# the project's IOVCHECK_SANITIZE / IOVCHECK_FUZZ_INSTRUMENTATION; the targets
# link $LIB_FUZZING_ENGINE; no CMAKE_BUILD_TYPE, so that $CFLAGS alone decides
# optimisation and debug info; warnings stay warnings (the builder image is not ours).
cmake -S "$project" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE= \
  -DIOVCHECK_TESTS=OFF -DIOVCHECK_FUZZ=ON -DIOVCHECK_BENCH=OFF -DIOVCHECK_SANITIZE= -DIOVCHECK_WERROR=OFF \
  -DIOVCHECK_FUZZ_INSTRUMENTATION= -DIOVCHECK_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" -j "${IOVCHECK_BUILD_JOBS:-$(nproc)}"

# The manifest of targets, with each target's corpus name, dictionary and
# options file ("-" where there is none), as every ci/ tool reads it
# (ci/iovcheck_ci/targets.py); a target shares the seeds, dictionary and
# regressions of <corpus>.
targets=$(PYTHONPATH="$project/ci" python3 -m iovcheck_ci.targets "$build/fuzz") ||
  { echo "build.sh: cannot read the fuzz target manifest of $build" >&2; exit 1; }
count=0
while read -r target corpus dict options; do
  [ -n "$target" ] || continue
  binary="$build/fuzz/$target"
  [ -x "$binary" ] || { echo "build.sh: $target was declared but not built" >&2; exit 1; }
  cp "$binary" "$OUT/$target"

  # Folders kept inside the zip: a seed and a regression of the same name
  # stay apart, and libFuzzer reads a corpus folder recursively.
  seed_dirs=()
  [ -d "$project/corpus/$corpus" ] && seed_dirs+=("$corpus")
  [ -d "$project/corpus/regressions/$corpus" ] && seed_dirs+=("regressions/$corpus")
  rm -f "$OUT/${target}_seed_corpus.zip"
  if (( ${#seed_dirs[@]} )); then
    (cd "$project/corpus" && zip -q -r "$OUT/${target}_seed_corpus.zip" "${seed_dirs[@]}")
  fi
  [ "$dict" = - ] || cp "$dict" "$OUT/$target.dict"
  [ "$options" = - ] || cp "$options" "$OUT/$target.options"
  count=$((count + 1))
done <<< "$targets"
echo "build.sh: $count fuzz target(s) in $OUT"
[ "$count" -gt 0 ]
