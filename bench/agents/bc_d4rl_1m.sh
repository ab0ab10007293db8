#!/usr/bin/env bash
# Behaviour cloning on a 1M-step D4RL-layout file, timed to its final score (docs/results_bc.md).
#
#   bench/agents/bc_d4rl_1m.sh [EXPERT] [BACKBONE] [EPOCHS]
#        (defaults: runs/experts/Hopper-v5__ppo-mlp__1 mlp 5)
#
# Makes runs/bc_d4rl_1m/hopper-expert-1m.h5 once: the PPO expert acting stochastically (as
# D4RL's "expert" datasets were sampled), 1,200 episodes from seed 0 (just over 1M steps), recorded
# by `tlb record` and converted to D4RL's flat layout by `tlb data convert`. Then trains BC on
# it with the file streamed (no --preload), 5% of episodes held out for validation, an
# evaluation of 10 deterministic episodes after every epoch, and prints one JSON line: wall
# seconds of the training run, the epoch whose evaluation first came within 5% of the final
# one, and the final score of latest.pt over 50 episodes (seeds 5000-5049), as the D4RL
# normalised score against the random policy and the expert's mean return in the file.
set -euo pipefail
cd "$(dirname "$0")/../.."
expert=${1:-runs/experts/Hopper-v5__ppo-mlp__1}
backbone=${2:-mlp}
epochs=${3:-5}
tlb=${TLB_BIN:-build/apps/tlb}
out=runs/bc_d4rl_1m
data="$out/hopper-expert-1m.h5"
mkdir -p "$out"
if [[ ! -f $data ]]; then
  # 1,200 episodes: sampling its actions, the expert falls in some episodes before the
  # 1,000-step limit (1,000 episodes gave 865,188 steps); `tlb data info` prints the count.
  "$tlb" record "$expert" --episodes 1200 --seed 0 --out "$out/minari.h5.tmp" --overwrite >/dev/null
  "$tlb" data convert "$out/minari.h5.tmp" "$data.tmp" --to d4rl >/dev/null
  mv "$data.tmp" "$data"
  rm -f "$out/minari.h5.tmp"
fi
"$tlb" data info "$data" | sed -n 's/^\(steps\|episodes\|return\):/\1:/p' >&2
dir="$out/$backbone"
rm -rf "$dir"
start=$(date +%s.%N)
"$tlb" train --algo bc --data "$data" --env Hopper-v5 --backbone "$backbone" --epochs "$epochs" \
  --eval-interval 1 --eval-episodes 10 --validation-fraction 0.05 --device cpu --threads 1 \
  --run-dir "$dir" >/dev/null 2>"$dir.log"
end=$(date +%s.%N)
"$tlb" eval "$dir/latest.pt" --deterministic --episodes 50 --seed 5000 >"$dir/score.txt"
random=$("$tlb" envs Hopper-v5 --random 100 --seed 0 | sed -n 's/^return *mean \([-0-9.e+]*\) .*/\1/p')
expert_return=$("$tlb" data info "$data" | sed -n 's/^return: mean \([-0-9.e+]*\) .*/\1/p')
final=$(sed -n 's/^return \([-0-9.e+]*\) +- .*/\1/p' "$dir/score.txt")
# metrics.csv: global_step,train/loss,val/loss,eval/return,... one row per epoch.
reached=$(awk -F, -v f="$final" 'NR > 1 && $4 != "" && !done && $4 >= 0.95 * f {print NR - 1; done = 1}' \
  "$dir/metrics.csv")
printf '{"backbone": "%s", "epochs": %s, "wall_s": %.1f, "epoch_within_5pct_of_final": "%s", "final_return": %s, "normalised_score": %.1f}\n' \
  "$backbone" "$epochs" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "$reached" \
  "$final" "$(awk -v r="$final" -v lo="$random" -v hi="$expert_return" 'BEGIN {print 100 * (r - lo) / (hi - lo)}')"
