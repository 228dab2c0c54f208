#!/usr/bin/env bash
# Configures and builds newspipe into build/ (or $NEWSPIPE_BUILD_DIR). Extra arguments go to
# CMake's configure step, e.g. -DNEWSPIPE_SANITIZE=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${NEWSPIPE_BUILD_DIR:-build}
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Paths relative to the project, so that another clone or build folder reuses the cache.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=${NEWSPIPE_BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
