#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, AddressSanitizer and UndefinedBehaviorSanitizer into
# build-fuzz/ and runs each for a bounded time over its seed corpus (fuzz/corpus/<target>/).
# New inputs go to build-fuzz/corpus/<target>/ (the checked-in seeds are never modified); a
# crash leaves crash-* files in build-fuzz/artifacts/ and makes this script fail.
#
#   scripts/fuzz.sh                 # every target, 20 s each (CI)
#   FUZZ_SECONDS=3600 scripts/fuzz.sh envelope html_clean   # a longer run of some targets
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-fuzz}"
seconds="${FUZZ_SECONDS:-20}"
jobs="${FUZZ_BUILD_JOBS:-2}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(envelope html_clean text_clean feed sitemap pipeline_yaml)
fi

sanitizers="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_C_FLAGS="$sanitizers" -DCMAKE_CXX_FLAGS="$sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DNEWSPIPE_BUILD_FUZZ=ON -DNEWSPIPE_BUILD_TESTS=OFF -DNEWSPIPE_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/artifacts"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for t in "${targets[@]}"; do
  corpus="$build/corpus/$t"
  mkdir -p "$corpus"
  echo "== fuzz_$t: ${seconds}s"
  if ! "$build/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=262144 -print_final_stats=1 -artifact_prefix="$build/artifacts/$t-" \
      "$corpus" "$root/fuzz/corpus/$t" 2>"$build/fuzz_$t.log"; then
    failed+=("$t")
    tail -n 60 "$build/fuzz_$t.log"
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$build/fuzz_$t.log" || true
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failures in: ${failed[*]} (inputs in $build/artifacts/)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), ${seconds}s each, no failures"
