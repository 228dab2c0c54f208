#!/usr/bin/env bash
# Installs what newspipe needs, builds it (with NEWSPIPE_SANITIZE=1: with AddressSanitizer and
# UndefinedBehaviorSanitizer), starts a throwaway PostgreSQL server, and runs every test (ctest); with NEWSPIPE_FUZZ=1 also the
# fuzz targets for a short bounded time. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d ../shared/data ]; then
  echo "test.sh: ../shared/data is missing: the evaluation data must sit beside the project" >&2
  exit 1
fi
bash scripts/setup-deps.sh
# The same build as scripts/demo.sh (build/). NEWSPIPE_SANITIZE=1 builds build-asan/ with
# AddressSanitizer and UndefinedBehaviorSanitizer instead.
build_dir=build
if [ "${NEWSPIPE_SANITIZE:-0}" = 1 ]; then
  build_dir=build-asan
  NEWSPIPE_BUILD_DIR=$build_dir bash scripts/build.sh -DNEWSPIPE_SANITIZE=ON
else
  bash scripts/build.sh
fi
# shellcheck source=/dev/null
source scripts/start-postgres.sh
trap '$NEWSPIPE_PG_STOP >/dev/null 2>&1 || true; rm -rf "$NEWSPIPE_PG_DIR"' EXIT
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest --test-dir "$build_dir" --output-on-failure -j 2 --timeout 600
# Fuzzing needs a second (clang) build of the libraries: opt in with NEWSPIPE_FUZZ=1.
if [ "${NEWSPIPE_FUZZ:-0}" = 1 ]; then
  FUZZ_SECONDS=${FUZZ_SECONDS:-15} bash scripts/fuzz.sh
fi
