#!/usr/bin/env bash
# Sets up (Debian packages), builds the tlb command (Release) and runs the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir=${TLB_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j "$(nproc)" --target tlb
tlb="$build_dir/apps/tlb"

"$tlb" --version
