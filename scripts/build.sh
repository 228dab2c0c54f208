#!/usr/bin/env bash
# Configures and builds newspipe.
#
#   scripts/build.sh              # build/ (or $NEWSPIPE_BUILD_DIR): gcc, RelWithDebInfo
#   scripts/build.sh --sanitize   # build-test/ (or $NEWSPIPE_BUILD_DIR): the test build, clang
#                                 # with AddressSanitizer + UndefinedBehaviorSanitizer, the
#                                 # libraries instrumented for libFuzzer, the fuzz targets too
#
# Further arguments go to CMake's configure step, e.g. -DNEWSPIPE_BUILD_BENCH=OFF.
# NEWSPIPE_BUILD_JOBS sets the parallel jobs (default: the number of cores); NEWSPIPE_BUILD_TARGETS
# (space-separated) builds only those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=0
if [ "${1:-}" = --sanitize ]; then
  sanitize=1
  shift
fi
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the project, so that another clone or build folder reuses the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
if [ "$sanitize" = 1 ]; then
  build_dir=${NEWSPIPE_BUILD_DIR:-build-test}
  # One build serves both the tests and the fuzz targets. -O1 keeps the sanitizers' slowdown
  # small (the end-to-end tests push 20,000 documents through sanitized stage processes); -O0
  # (NEWSPIPE_SANITIZE_OPT=-O0) compiles in about 40% of the time but runs slower. Line tables
  # (not full debug info) are enough for symbolised reports and keep compiling and linking cheap.
  flags="${NEWSPIPE_SANITIZE_OPT:--O1} -gline-tables-only"
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_C_FLAGS_DEBUG="$flags" -DCMAKE_CXX_FLAGS_DEBUG="$flags" \
    -DNEWSPIPE_SANITIZE=ON -DNEWSPIPE_BUILD_FUZZ=ON "$@" >/dev/null
else
  build_dir=${NEWSPIPE_BUILD_DIR:-build}
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${NEWSPIPE_BUILD_TYPE:-RelWithDebInfo} \
    "$@" >/dev/null
fi
targets=()
for t in ${NEWSPIPE_BUILD_TARGETS:-}; do targets+=(--target "$t"); done
cmake --build "$build_dir" -j "${NEWSPIPE_BUILD_JOBS:-$(nproc)}" "${targets[@]}"
