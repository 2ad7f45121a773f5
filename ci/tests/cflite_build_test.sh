#!/usr/bin/env bash
# Runs .clusterfuzzlite/build.sh the way the OSS-Fuzz builder does (clang,
# libFuzzer, ASan + UBSan flags in CFLAGS/CXXFLAGS, $OUT/$SRC/$WORK), then
# checks that every expected target landed in $OUT with its seed corpus zip,
# its dictionary and options file (when the repository has them), and that
# each target runs its unzipped seed corpus cleanly (-runs=0).
# Usage: cflite_build_test.sh "TARGET CORPUS"...   (what CMake declares: each
# target with the name of the corpus whose seeds, dictionary and options it uses)
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -gt 0 ] || { echo "cflite: no expected targets given"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cflite-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src" "$tmp/work" "$tmp/out" "$tmp/seeds"
ln -s "$repo" "$tmp/src/iovcheck"

export CC=clang CXX=clang++
export CFLAGS="-O1 -fno-omit-frame-pointer -gline-tables-only -fsanitize=address,undefined -fno-sanitize-recover=all -fsanitize=fuzzer-no-link"
export CXXFLAGS="$CFLAGS"
export LIB_FUZZING_ENGINE=-fsanitize=fuzzer
export SRC="$tmp/src" WORK="$tmp/work" OUT="$tmp/out"
export IOVCHECK_BUILD_JOBS=2

if ! (cd "$SRC/iovcheck" && bash "$repo/.clusterfuzzlite/build.sh") > "$tmp/build.log" 2>&1; then
  tail -40 "$tmp/build.log"
  echo "cflite: build.sh failed"
  exit 1
fi

failures=0
fail() { echo "cflite: FAIL $*"; failures=$((failures + 1)); }
expected=()
for pair in "$@"; do
  read -r target corpus <<< "$pair"
  corpus=${corpus:-$target}
  expected+=("$target")
  [ -x "$OUT/$target" ] || { fail "$target: no binary in \$OUT"; continue; }
  zip="$OUT/${target}_seed_corpus.zip"
  if [ -f "$zip" ]; then
    mkdir -p "$tmp/seeds/$target"
    unzip -q "$zip" -d "$tmp/seeds/$target" || fail "$target: seed zip does not unzip"
    seeds=$(find "$tmp/seeds/$target" -type f | wc -l)
    [ "$seeds" -gt 0 ] || fail "$target: seed zip is empty"
    if ! "$OUT/$target" -runs=0 "$tmp/seeds/$target" > "$tmp/$target.run.log" 2>&1; then
      tail -30 "$tmp/$target.run.log"
      fail "$target: does not run its seed corpus cleanly"
    else
      echo "cflite: $target ran $seeds seed(s) cleanly"
    fi
  else
    fail "$target: no ${target}_seed_corpus.zip (no corpus/$corpus/ seeds?)"
  fi
  for dict in "$repo/corpus/$target.dict" "$repo/corpus/$corpus.dict" \
              "$repo/fuzz/$target.dict" "$repo/fuzz/$corpus.dict"; do
    if [ -f "$dict" ]; then
      cmp -s "$dict" "$OUT/$target.dict" || fail "$target: $target.dict missing or different in \$OUT"
      break
    fi
  done
  for options in "$repo/fuzz/$target.options" "$repo/fuzz/$corpus.options"; do
    if [ -f "$options" ]; then
      cmp -s "$options" "$OUT/$target.options" || fail "$target: $target.options missing or different in \$OUT"
      break
    fi
  done
done
extra=$(cd "$OUT" && ls | grep -v -E '(_seed_corpus\.zip|\.dict|\.options)$' | sort)
for t in $extra; do
  printf '%s\n' "${expected[@]}" | grep -qx "$t" || fail "$t: in \$OUT but not a target CMake declares"
done
[ "$failures" -eq 0 ] && echo "cflite: ${#expected[@]} target(s) built, packaged and replayed"
[ "$failures" -eq 0 ]
