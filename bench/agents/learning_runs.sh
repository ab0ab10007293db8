#!/usr/bin/env bash
# The learning experiments of issue 5, and the table of their final returns.
#
#   bench/agents/learning_runs.sh [TOTAL_STEPS] [SEEDS]       (defaults: 1000000 "1 2 3")
#
# Runs MLP-PPO (CleanRL's configuration) on HalfCheetah-v5, Hopper-v5 and Walker2d-v5, and
# TLB-PPO and LSTM-PPO on the same tasks and on their -P variants (positions only), one run
# per seed, each in runs/bench/<env>__<backbone>__<seed>. A finished run (learning_curve.svg
# present) is skipped, a killed one resumed, so the script can be rerun until done. Then writes
# docs/results.md: per run the mean return of its last 10 episodes, and per env and backbone
# the mean +- std over seeds, beside CleanRL's published 1M-step means.
#
# Cost: about 1M / SPS seconds per run (see docs/ppo.md); 3 x 3 MLP runs plus 2 x 6 x 3 memory
# runs. Run it on an otherwise idle machine: the CPU is shared while developing.
set -euo pipefail
cd "$(dirname "$0")/../.."
total=${1:-1000000}
seeds=${2:-"1 2 3"}
tlb=${TLB_BIN:-build/apps/tlb}
out=runs/bench

run() {  # env backbone seed [extra options...]
  local env=$1 backbone=$2 seed=$3
  shift 3
  local dir="$out/${env}__${backbone}__${seed}"
  if [[ -f "$dir/learning_curve.svg" ]]; then return; fi
  if [[ -f "$dir/latest.pt" ]]; then
    "$tlb" train --resume "$dir"
  else
    "$tlb" train --algo ppo --env "$env" --backbone "$backbone" --seed "$seed" \
      --total-timesteps "$total" --run-dir "$dir" "$@"
  fi
}

for seed in $seeds; do
  for env in HalfCheetah-v5 Hopper-v5 Walker2d-v5; do
    run "$env" mlp "$seed"
  done
  for env in HalfCheetah-v5 Hopper-v5 Walker2d-v5 HalfCheetah-v5-P Hopper-v5-P Walker2d-v5-P; do
    run "$env" tlb "$seed"
    run "$env" lstm "$seed"
  done
done

# Final return of a run: the mean of its last 10 episodes (episodes.csv: step,return,length).
final_return() { tail -n 10 "$1/episodes.csv" | awk -F, '{s += $2; n++} END {if (n) printf "%.1f", s / n}'; }

{
  echo "# Learning results (PPO, ${total} steps)"
  echo
  echo "Produced by \`bench/agents/learning_runs.sh $total \"$seeds\"\` on $(uname -n)," \
       "$(nproc) cores, $(date -u +%Y-%m-%d). Final return: mean of each run's last 10 episodes."
  echo "CleanRL's published 1M-step means (v4 envs, 3 seeds): HalfCheetah 1442.64," \
       "Hopper 2382.86, Walker2d 2287.95."
  echo
  echo "| env | backbone | seeds | mean | std | per seed |"
  echo "|---|---|---|---|---|---|"
  for env in HalfCheetah-v5 Hopper-v5 Walker2d-v5 HalfCheetah-v5-P Hopper-v5-P Walker2d-v5-P; do
    for backbone in mlp tlb lstm; do
      values=()
      for seed in $seeds; do
        dir="$out/${env}__${backbone}__${seed}"
        [[ -f "$dir/episodes.csv" ]] && values+=("$(final_return "$dir")")
      done
      [[ ${#values[@]} -eq 0 ]] && continue
      printf '%s\n' "${values[@]}" | awk -v env="$env" -v bb="$backbone" -v per="${values[*]}" \
        '{s += $1; q += $1 * $1; n++} END {m = s / n; v = q / n - m * m; if (v < 0) v = 0;
          printf "| %s | %s | %d | %.1f | %.1f | %s |\n", env, bb, n, m, sqrt(v), per}'
    done
  done
  echo
  echo "Curves: runs/bench/<env>__<backbone>__<seed>/learning_curve.svg"
} > docs/results.md
echo "wrote docs/results.md"
