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
# optimisation and debug info.
cmake -S "$project" -B "$build" -G Ninja \
  -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DCMAKE_BUILD_TYPE= \
  -DIOVCHECK_TESTS=OFF -DIOVCHECK_FUZZ=ON -DIOVCHECK_BENCH=OFF -DIOVCHECK_SANITIZE= \
  -DIOVCHECK_FUZZ_INSTRUMENTATION= -DIOVCHECK_FUZZING_ENGINE="$LIB_FUZZING_ENGINE"
cmake --build "$build" -j "${IOVCHECK_BUILD_JOBS:-$(nproc)}"

# <build>/fuzz/targets.txt (written by ci/CMakeLists.txt): "<target> <corpus>"
# per line; a target shares the seeds, dictionary and regressions of <corpus>.
manifest="$build/fuzz/targets.txt"
[ -s "$manifest" ] || { echo "build.sh: no $manifest" >&2; exit 1; }
shopt -s nullglob
count=0
while read -r target corpus; do
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
  for dict in "$project/corpus/$target.dict" "$project/corpus/$corpus.dict" \
              "$project/fuzz/$target.dict" "$project/fuzz/$corpus.dict"; do
    if [ -f "$dict" ]; then cp "$dict" "$OUT/$target.dict"; break; fi
  done
  for options in "$project/fuzz/$target.options" "$project/fuzz/$corpus.options"; do
    if [ -f "$options" ]; then cp "$options" "$OUT/$target.options"; break; fi
  done
  count=$((count + 1))
done < "$manifest"
echo "build.sh: $count fuzz target(s) in $OUT"
[ "$count" -gt 0 ]
