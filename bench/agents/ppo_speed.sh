#!/usr/bin/env bash
# Steps per second of PPO end to end (rollout + learning), as charts/SPS at the end of a
# short run, for each backbone given. Prints one JSON object per run.
#
#   bench/agents/ppo_speed.sh [ENV] [STEPS] [BACKBONES...]   (defaults: HalfCheetah-v5 20480 mlp tlb)
set -euo pipefail
cd "$(dirname "$0")/../.."
env=${1:-HalfCheetah-v5}
steps=${2:-20480}
if (($# > 2)); then backbones=("${@:3}"); else backbones=(mlp tlb); fi
tlb=${TLB_BIN:-build/apps/tlb}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for backbone in "${backbones[@]}"; do
  start=$(date +%s.%N)
  "$tlb" train --algo ppo --env "$env" --backbone "$backbone" --total-timesteps "$steps" \
    --run-dir "$tmp/$backbone" --threads "${THREADS:-1}" --env-threads "${ENV_THREADS:-1}" \
    --num-envs "${NUM_ENVS:-1}" >/dev/null 2>&1
  end=$(date +%s.%N)
  sps=$(tail -n 1 "$tmp/$backbone/metrics.jsonl" | sed 's/.*"charts\/SPS": \([0-9.e+]*\).*/\1/')
  printf '{"env": "%s", "backbone": "%s", "steps": %s, "sps": %s, "wall_s": %.1f}\n' \
    "$env" "$backbone" "$steps" "$sps" "$(echo "$end - $start" | bc)"
done
