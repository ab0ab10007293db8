#!/usr/bin/env bash
# The learning experiments of issue 5, and the table of their final returns.
#
#   bench/agents/learning_runs.sh [TOTAL_STEPS] [SEEDS]       (defaults: 1000000 "1 2 3")
#   JOBS=2 bench/agents/learning_runs.sh                      (two runs at a time)
#   REPORT_ONLY=1 bench/agents/learning_runs.sh               (the table and plots only)
#
# Runs PPO on HalfCheetah-v5, Hopper-v5 and Walker2d-v5 and on their -P variants (positions
# only), one run per seed, each in runs/bench/<env>__<backbone>__<seed>:
#   - mlp: CleanRL's ppo_continuous_action configuration (tlb train's defaults), 1 env;
#   - tlb and lstm: the same PPO settings except 8 envs x 256 steps (the same 2048-step
#     batch), 8 minibatches of 256 steps (16 sequences of 16) and one backbone shared by
#     actor and critic; batched acting and fewer, larger minibatches make a memory backbone
#     affordable on 2 cores (docs/results.md gives the figures);
#   - mlp-memcfg: the MLP again, with the memory backbones' settings, so that the memory
#     backbones can be compared with an MLP trained the same way.
#   - tlb-gated: tlb in the memory settings with --tlb.slow_update gated;
#   - tlb-defaults: tlb with no layout option at all: what `tlb train --backbone tlb` runs
#     (a memory backbone's own defaults, docs/ppo.md).
# LABELS="tlb-gated" ENVS="HalfCheetah-v5" REPORT=docs/results_tlb.md runs only those and
# writes their table to REPORT (default docs/results.md).
# Every run uses one LibTorch thread and one env thread; JOBS runs go side by side.
# A finished run (learning_curve.svg present) is skipped, a killed one resumed, so the script
# can be rerun until done. Then writes docs/results.md: per run the mean return of its last
# 10 episodes, and per env and backbone the mean +- std over seeds, beside CleanRL's
# published 1M-step means.
set -euo pipefail
cd "$(dirname "$0")/../.."
total=${1:-1000000}
seeds=${2:-"1 2 3"}
jobs=${JOBS:-1}
tlb=${TLB_BIN:-build/apps/tlb}
out=runs/bench
envs_all=${ENVS:-"HalfCheetah-v5 Hopper-v5 Walker2d-v5 HalfCheetah-v5-P Hopper-v5-P Walker2d-v5-P"}
labels=${LABELS:-}
report=${REPORT:-docs/results.md}
memory_options="--num-envs 8 --num-steps 256 --num-minibatches 8 --shared-backbone"

run() {  # env label seed; label: a backbone name, mlp-memcfg, tlb-gated or tlb-defaults
  local env=$1 label=$2 seed=$3 backbone=${2%-memcfg} extra=""
  local dir="$out/${env}__${label}__${seed}"
  case $label in
    mlp) ;;
    tlb-gated) backbone=tlb extra="$memory_options --tlb.slow_update gated" ;;
    tlb-defaults) backbone=tlb ;;
    *) extra=$memory_options ;;
  esac
  if [[ -f "$dir/learning_curve.svg" ]]; then return; fi
  mkdir -p "$out"
  if [[ -f "$dir/latest.pt" ]]; then
    "$tlb" train --resume "$dir" --log-interval 25 2>>"$dir.log"
  else
    # shellcheck disable=SC2086
    "$tlb" train --algo ppo --env "$env" --backbone "$backbone" --seed "$seed" \
      --total-timesteps "$total" --run-dir "$dir" --threads 1 --env-threads 1 \
      --log-interval 25 $extra 2>>"$dir.log"
  fi
}
export -f run
export out total tlb memory_options

# The job list: MLP everywhere, then the memory backbones, then the MLP in their settings.
# REPORT_ONLY=1 skips it and only writes docs/results.md from the finished runs.
[[ -n ${REPORT_ONLY:-} ]] || if [[ -n $labels ]]; then
  for seed in $seeds; do for env in $envs_all; do for label in $labels; do
    echo "$env $label $seed"
  done; done; done
else
  for seed in $seeds; do for env in $envs_all; do echo "$env mlp $seed"; done; done
  for seed in $seeds; do for env in $envs_all; do
    echo "$env tlb $seed"
    echo "$env lstm $seed"
  done; done
  for seed in $seeds; do for env in $envs_all; do echo "$env mlp-memcfg $seed"; done; done
fi | xargs -P "$jobs" -L 1 bash -c 'run "$@" >/dev/null' _ ||
  echo "learning_runs: some runs failed (see $out/*.log); the table counts finished ones" >&2

# Final return of a run: the mean of its last 10 episodes (episodes.csv: step,return,length).
final_return() { tail -n 10 "$1/episodes.csv" | awk -F, '{s += $2; n++} END {if (n) printf "%.1f", s / n}'; }

{
  echo "# Learning results (PPO, ${total} steps)"
  echo
  echo "Produced by \`bench/agents/learning_runs.sh $total \"$seeds\"\` on $(uname -n)," \
       "$(nproc) cores, $(date -u +%Y-%m-%d). Final return: mean of each run's last 10 episodes."
  echo "mlp: CleanRL's settings (tlb train's defaults). tlb, lstm and mlp-memcfg (the same MLP)" \
       "ran with: $memory_options."
  echo "CleanRL's published 1M-step means (v4 envs, 3 seeds): HalfCheetah 1442.64," \
       "Hopper 2382.86, Walker2d 2287.95."
  echo
  echo "Only finished runs are counted; std is over seeds (population std)."
  echo
  echo "| env | backbone | seeds | mean | std | per seed |"
  echo "|---|---|---|---|---|---|"
  for env in $envs_all; do
    for backbone in ${labels:-mlp mlp-memcfg tlb lstm}; do
      values=()
      for seed in $seeds; do
        dir="$out/${env}__${backbone}__${seed}"
        [[ -f "$dir/learning_curve.svg" ]] && values+=("$(final_return "$dir")")
      done
      [[ ${#values[@]} -eq 0 ]] && continue
      printf '%s\n' "${values[@]}" | awk -v env="$env" -v bb="$backbone" -v per="${values[*]}" \
        '{s += $1; q += $1 * $1; n++} END {m = s / n; v = q / n - m * m; if (v < 0) v = 0;
          printf "| %s | %s | %d | %.1f | %.1f | %s |\n", env, bb, n, m, sqrt(v), per}'
    done
  done
  echo
  echo "## Learning curves"
  echo
  echo "Mean over seeds of each run's episodic return, in 50 bins along the step axis;" \
       "the band spans the seeds."
  echo "Per-run curves: runs/bench/<env>__<backbone>__<seed>/learning_curve.svg."
  plots=${report%.md}  # docs/results.md's plots go to docs/results/
  mkdir -p "$plots"
  for env in $envs_all; do
    groups=()
    for backbone in ${labels:-mlp mlp-memcfg tlb lstm}; do
      dirs=""
      for seed in $seeds; do
        dir="$out/${env}__${backbone}__${seed}"
        [[ -f "$dir/learning_curve.svg" ]] && dirs+="${dirs:+,}$dir"
      done
      [[ -n $dirs ]] && groups+=("$backbone=$dirs")
    done
    [[ ${#groups[@]} -eq 0 ]] && continue
    "$tlb" plot --out "$plots/$env.svg" --title "$env, PPO" "${groups[@]}" >/dev/null
    echo
    echo "![$env]($(basename "$plots")/$env.svg)"
  done
} > "$report"
echo "wrote $report"
