#!/usr/bin/env bash
# Sets up (Debian packages), builds the tlb command (Release) and runs the main job: PPO with
# the Temporal Latent Bottleneck backbone on InvertedPendulum-v5, then an evaluation of the
# trained policy. About 5 minutes of training on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build_dir=${TLB_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release
cmake --build "$build_dir" -j "$(nproc)" --target tlb
tlb="$build_dir/apps/tlb"

run_dir="runs/quickstart-$(date +%Y%m%d-%H%M%S)"
"$tlb" train --algo ppo --env InvertedPendulum-v5 --backbone tlb \
  --total-timesteps "${TLB_QUICKSTART_STEPS:-40960}" --run-dir "$run_dir"
"$tlb" eval "$run_dir/latest.pt" --episodes 10 --deterministic
echo "run folder: $run_dir (metrics.csv, metrics.jsonl, learning_curve.svg, checkpoints)"
