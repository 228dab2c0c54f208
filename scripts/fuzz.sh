#!/usr/bin/env bash
# Runs the libFuzzer targets (fuzz/), each for a bounded time over its seed corpus
# (fuzz/corpus/<target>/), in the sanitized test build (clang, AddressSanitizer,
# UndefinedBehaviorSanitizer; scripts/build.sh --sanitize), building the targets first.
# New inputs go to <build>/fuzz-corpus/<target>/ (the checked-in seeds are never modified); a
# crash, leak, sanitizer report or timeout leaves its input in <build>/fuzz-artifacts/ and makes
# this script fail.
#
#   scripts/fuzz.sh                                      # every target, 20 s each (CI)
#   FUZZ_SECONDS=3600 scripts/fuzz.sh envelope html_clean   # a longer run of some targets
#
# FUZZ_BUILD_DIR: the build (default build-test, the one scripts/test.sh uses);
# FUZZ_NO_BUILD=1: use that build as it is (scripts/test.sh has just built it).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${FUZZ_BUILD_DIR:-$root/build-test}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
seconds="${FUZZ_SECONDS:-20}"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(envelope html_clean extract text_clean feed sitemap pipeline_yaml postings)
fi

if [ "${FUZZ_NO_BUILD:-0}" != 1 ]; then
  NEWSPIPE_BUILD_DIR="$build" NEWSPIPE_BUILD_TARGETS="${targets[*]/#/fuzz_}" \
    bash "$root/scripts/build.sh" --sanitize
fi

mkdir -p "$build/fuzz-artifacts"
export ASAN_OPTIONS="${FUZZ_ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${FUZZ_UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
failed=()
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="$build/fuzz-$t.log"
  echo "== fuzz_$t: ${seconds}s"
  # -timeout: one input taking 10 s is a hang worth reporting; -rss_limit_mb: so is 2 GB.
  if ! "$build/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
      "$corpus" "$root/fuzz/corpus/$t" >"$log" 2>&1; then
    failed+=("$t")
    tail -n 60 "$log"
  else
    grep -E '^stat::(number_of_executed_units|peak_rss_mb)|^#[0-9]+.*DONE' "$log" || true
  fi
done

if [ ${#failed[@]} -ne 0 ]; then
  echo "fuzz: failures in: ${failed[*]} (inputs in $build/fuzz-artifacts/, logs $build/fuzz-*.log)" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} target(s), ${seconds}s each, no failures"
