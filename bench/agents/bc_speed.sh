#!/usr/bin/env bash
# Behaviour cloning's speed (docs/bc.md): samples/s of `tlb train --algo bc` per backbone,
# streaming episodes from a D4RL-layout file through the background reader against the same
# episodes preloaded into memory.
#
#   bench/agents/bc_speed.sh [EPISODES] [BACKBONES] [EPOCHS]
#                                      (defaults: 100 "mlp lstm gru transformer tlb" 3)
#
# Makes runs/bc_speed/data.h5 (EPISODES random HalfCheetah-v5 episodes of 1000 steps, written
# by `tlb record`, converted to D4RL's flat layout by `tlb data convert`), then trains EPOCHS
# epochs per backbone and mode with evaluation off, and prints one JSON object per run: samples/s
# (training and validation together, from metrics.csv) and wall seconds. Stop other work
# first: the figures are only as quiet as the machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
episodes=${1:-100}
backbones=${2:-"mlp lstm gru transformer tlb"}
epochs=${3:-3}
tlb=${TLB_BIN:-build/apps/tlb}
out=runs/bc_speed
mkdir -p "$out"
if [[ ! -f "$out/data-$episodes.h5" ]]; then
  "$tlb" record --env HalfCheetah-v5 --policy random --episodes "$episodes" --seed 0 \
    --out "$out/minari-$episodes.h5" --overwrite >/dev/null
  "$tlb" data convert "$out/minari-$episodes.h5" "$out/data-$episodes.h5" --to d4rl >/dev/null
fi
for backbone in $backbones; do
  for mode in stream preload; do
    dir="$out/$backbone-$mode"
    rm -rf "$dir"
    flag=""
    [[ $mode == preload ]] && flag="--preload"
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$tlb" train --algo bc --data "$out/data-$episodes.h5" --env HalfCheetah-v5 \
      --backbone "$backbone" --epochs "$epochs" --eval-interval 0 --device cpu --threads 1 \
      --run-dir "$dir" $flag >/dev/null 2>&1
    end=$(date +%s.%N)
    # samples/s over the whole run: the last row's samples over the wall time of its epochs
    sps=$(awk -F, 'NR > 1 {s = $NF} END {print s}' "$dir/metrics.csv")
    samples=$(tail -n 1 "$dir/metrics.csv" | cut -d, -f1)
    printf '{"backbone": "%s", "mode": "%s", "samples": %s, "samples_per_s": %.0f, "wall_s": %.2f}\n' \
      "$backbone" "$mode" "$samples" "$sps" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
  done
done
