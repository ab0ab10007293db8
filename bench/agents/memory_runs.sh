#!/usr/bin/env bash
# The memory study of the issue "Memory that is real": PPO with each backbone on the
# long-memory tasks, scored by deterministic evaluation, normalised between the best
# memoryless policy (0) and the scripted remembering expert (1) (docs/envs_tasks.md).
#
#   bench/agents/memory_runs.sh [TOTAL_STEPS] [SEEDS]        (defaults: 1000000 "1")
#   (the study: bench/agents/memory_runs.sh 1000000 "1", then
#    TASKS="MemoryCorridor-v0:delay=512" bench/agents/memory_runs.sh 500000 "1")
#   JOBS=2 TASKS="MemoryCorridor-v0:delay=64" BACKBONES="tlb lstm" bench/agents/memory_runs.sh
#   REPORT_ONLY=1 bench/agents/memory_runs.sh                (the table only)
#
# Every run: 8 envs x 256 steps, one training window per env per rollout
# (--sequence-length 256, 4 minibatches of 2 windows), one backbone shared by actor and critic,
# one LibTorch thread and one env thread; the windowed transformer sees 64 steps. Tasks whose
# solved episodes outlast 256 steps (MemoryCorridor-v0 at delay 512: ~530 steps) get windows
# of 1024 (8 envs x 1024 steps, 4 minibatches of 2 windows), so one window spans cue and goal.
# A backbone name may carry a variant: tlb-gated is --backbone tlb --tlb.slow_update gated,
# lstm-carry2 (gru-carry2) --backbone lstm --lstm.carry_bias 2 (docs/tlb.md, Gradient paths). A finished
# run (learning_curve.svg and eval.txt present) is skipped and a killed one resumed (to the
# TOTAL_STEPS given now), so the script can be rerun until done. Results go to docs/results_memory.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
total=${1:-1000000}
seeds=${2:-"1"}
jobs=${JOBS:-1}
tlb=${TLB_BIN:-build/apps/tlb}
out=${OUT:-runs/memory}
tasks=${TASKS:-"MemoryCorridor-v0:delay=64 MemoryCorridor-v0:delay=512 MemoryReacher-v0"}
backbones=${BACKBONES:-"tlb tlb-gated lstm lstm-carry2 gru transformer mlp"}
settings="--num-envs 8 --num-steps 256 --sequence-length 256 --num-minibatches 4 --shared-backbone"

# The rollout and window length: one window per env per rollout, covering a solved episode.
window_settings() {
  case $1 in
    MemoryCorridor-v0:delay=512) echo "--num-envs 8 --num-steps 1024 --sequence-length 1024 --num-minibatches 4 --shared-backbone" ;;
    *) echo "$settings" ;;
  esac
}

# A backbone name and its variant options.
backbone_flags() {
  case $1 in
    transformer) echo "--backbone transformer --transformer.window 64" ;;
    tlb-gated) echo "--backbone tlb --tlb.slow_update gated" ;;
    lstm-carry2) echo "--backbone lstm --lstm.carry_bias 2" ;;
    gru-carry2) echo "--backbone gru --gru.carry_bias 2" ;;
    *) echo "--backbone $1" ;;
  esac
}

# Reference returns (docs/envs_tasks.md): best memoryless R0 and remembering expert R1.
references() {
  case $1 in
    MemoryCorridor-v0:delay=64) echo "0.9983 1.9983" ;;
    MemoryCorridor-v0:delay=512) echo "0.9998 1.9998" ;;
    MemoryReacher-v0) echo "-2.71 -0.71" ;;
    *) echo "nan nan" ;;
  esac
}

dir_of() { echo "$out/$(echo "$1" | tr ':=,' '___')__$2__$3"; }

run() {  # task backbone seed
  local task=$1 backbone=$2 seed=$3
  local dir
  dir=$(dir_of "$task" "$backbone" "$seed")
  mkdir -p "$out"
  if [[ ! -f "$dir/learning_curve.svg" ]]; then
    if [[ -f "$dir/latest.pt" ]]; then
      "$tlb" train --resume "$dir" --total-timesteps "$total" --log-interval 25 2>>"$dir.log"
    else
      # shellcheck disable=SC2086
      "$tlb" train --algo ppo --env "$task" $(backbone_flags "$backbone") --seed "$seed" \
        --total-timesteps "$total" --run-dir "$dir" --threads 1 --env-threads 1 \
        --log-interval 25 $(window_settings "$task") 2>>"$dir.log"
    fi
  fi
  if [[ ! -f "$dir/eval.txt" ]]; then
    "$tlb" eval "$dir" --deterministic --episodes 100 --seed 1000 > "$dir/eval.txt.tmp"
    mv "$dir/eval.txt.tmp" "$dir/eval.txt"
  fi
}
export -f run dir_of window_settings backbone_flags
export out total tlb settings

[[ -n ${REPORT_ONLY:-} ]] || {
  for seed in $seeds; do for task in $tasks; do for backbone in $backbones; do
    echo "$task $backbone $seed"
  done; done; done
} | xargs -P "$jobs" -L 1 bash -c 'run "$@" >/dev/null' _ ||
  echo "memory_runs: some runs failed (see $out/*.log); the table counts finished ones" >&2

# The deterministic evaluation's mean return: "return M +- S, length ..." in eval.txt.
eval_return() { sed -n 's/^return \([-0-9.e+]*\) +- .*/\1/p' "$1/eval.txt"; }

{
  echo "# Memory study (PPO)"
  echo
  echo "Produced by \`bench/agents/memory_runs.sh $total \"$seeds\"\` on $(uname -n)," \
       "$(nproc) cores, $(date -u +%Y-%m-%d). Settings: $settings (transformer: window 64;"
  echo "MemoryCorridor-v0 at delay 512: 8 envs x 1024 steps, windows of 1024)."
  echo "Score: deterministic evaluation over 100 episodes (seeds 1000-1099), normalised as"
  echo "(R - R0) / (R1 - R0) with R0 the best memoryless policy and R1 the scripted"
  echo "remembering expert (docs/envs_tasks.md). Only finished runs count; std over seeds."
  echo
  echo "| task | backbone | steps | seeds | mean return | normalised score | per seed (score) |"
  echo "|---|---|---|---|---|---|---|"
  for task in $tasks; do
    read -r r0 r1 <<<"$(references "$task")"
    for backbone in $backbones; do
      values=()
      steps=""
      for seed in $seeds; do
        dir=$(dir_of "$task" "$backbone" "$seed")
        [[ -f "$dir/eval.txt" ]] || continue
        values+=("$(eval_return "$dir")")
        steps=$(tail -n 1 "$dir/metrics.csv" | cut -d, -f1)  # the steps the run trained
      done
      [[ ${#values[@]} -eq 0 ]] && continue
      printf '%s\n' "${values[@]}" | awk -v task="$task" -v bb="$backbone" -v r0="$r0" -v r1="$r1" -v st="$steps" \
        '{s += $1; n++; sc = ($1 - r0) / (r1 - r0); per = per sprintf("%.2f ", sc); t += sc}
         END {printf "| %s | %s | %s | %d | %.3f | %.2f | %s|\n", task, bb, st, n, s / n, t / n, per}'
    done
  done
  echo
  echo "## Learning curves"
  echo
  echo "Episodic return during training (mean over seeds in 50 bins; the band spans the seeds)."
  mkdir -p docs/results_memory
  for task in $tasks; do
    groups=()
    for backbone in $backbones; do
      dirs=""
      for seed in $seeds; do
        dir=$(dir_of "$task" "$backbone" "$seed")
        [[ -f "$dir/eval.txt" ]] && dirs+="${dirs:+,}$dir"
      done
      [[ -n $dirs ]] && groups+=("$backbone=$dirs")
    done
    [[ ${#groups[@]} -eq 0 ]] && continue
    name=$(echo "$task" | tr ':=,' '___')
    "$tlb" plot --out "docs/results_memory/$name.svg" --title "$task, PPO" "${groups[@]}" >/dev/null
    echo
    echo "![$task](results_memory/$name.svg)"
  done
} > docs/results_memory.md
echo "wrote docs/results_memory.md"
