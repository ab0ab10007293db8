#!/usr/bin/env bash
# Sets up (Debian packages), builds (Release) and runs the whole test suite.
# Usage: scripts/test.sh [extra cmake arguments, e.g. -DTLB_SANITIZE=ON]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir=${TLB_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build_dir" -j "$(nproc)"
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)"
