#!/usr/bin/env bash
# The test command (README, CI): installs what newspipe needs, builds the test build (clang with
# AddressSanitizer and UndefinedBehaviorSanitizer, the libraries instrumented for libFuzzer;
# scripts/build.sh --sanitize), starts a throwaway PostgreSQL server, runs every test (ctest)
# under the sanitizers, then every fuzz target for a short bounded time over its seed corpus
# (scripts/fuzz.sh). One build serves both. Exits non-zero on any failure.
#
# NEWSPIPE_BUILD_DIR: the build folder (default build-test); FUZZ_SECONDS: seconds per fuzz
# target (default 20; 0 skips fuzzing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data ]; then
  echo "test.sh: ../shared/data is missing: the evaluation data must sit beside the project" >&2
  exit 1
fi
bash scripts/setup-deps.sh
build_dir=${NEWSPIPE_BUILD_DIR:-build-test}
start=$SECONDS
NEWSPIPE_BUILD_DIR=$build_dir bash scripts/build.sh --sanitize
echo "test.sh: built $build_dir in $((SECONDS - start)) s"
# shellcheck source=/dev/null
source scripts/start-postgres.sh
trap '$NEWSPIPE_PG_STOP >/dev/null 2>&1 || true; rm -rf "$NEWSPIPE_PG_DIR"' EXIT
# Stage processes started by the tests inherit these. Leak checking stays off for the tests: the
# end-to-end tests kill processes on purpose; the fuzz runs below check for leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
start=$SECONDS
ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 600
echo "test.sh: tests took $((SECONDS - start)) s"
if [ "${FUZZ_SECONDS:-20}" != 0 ]; then
  FUZZ_NO_BUILD=1 FUZZ_BUILD_DIR=$build_dir FUZZ_SECONDS=${FUZZ_SECONDS:-20} bash scripts/fuzz.sh
fi
