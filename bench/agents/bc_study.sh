#!/usr/bin/env bash
# The behaviour-cloning sample-efficiency study (docs/bc.md): return against the number of
# demonstration episodes, per backbone, normalised between a random policy (0) and the expert
# that made the demonstrations (1).
#
#   bench/agents/bc_study.sh [SEEDS]                      (default "1")
#   TASKS="MemoryReacher-v0" BACKBONES="tlb mlp" SIZES="1 5 10" JOBS=2 bench/agents/bc_study.sh
#   REPORT_ONLY=1 bench/agents/bc_study.sh                (the table only)
#
# Demonstrations (runs/bc_study/demos/<task>-<N>.h5, N episodes from seed 0, so smaller sets
# are prefixes of larger ones):
#   MemoryReacher-v0: the scripted remembering expert (tlb record --policy scripted);
#   Hopper-v5: a PPO checkpoint, deterministic (EXPERT_Hopper=runs/experts/Hopper-v5__ppo-mlp__1).
# Every run learns from the N episodes (no validation split) for a fixed budget of SAMPLES
# (default 300000) steps learnt from, whatever N is, in updates of BATCH (256) steps for every
# backbone, so every run makes the same number of updates: the MLP draws BATCH transitions, a
# memory backbone BATCH / window streams of one window each (windows of 128 steps on
# MemoryReacher-v0, whose 85-step episodes fit whole, and 64 on Hopper-v5). Evaluation EVALS
# (10) times along the way, for the curves (the score is the final evaluation); the score is a final deterministic evaluation of latest.pt on 50 episodes with seeds
# 5000-5049, which the run never evaluated on. A finished run is skipped and a killed one
# resumed. Results: docs/results_bc.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-"1"}
jobs=${JOBS:-1}
tlb=${TLB_BIN:-build/apps/tlb}
out=${OUT:-runs/bc_study}
tasks=${TASKS:-"MemoryReacher-v0 Hopper-v5"}
backbones=${BACKBONES:-"tlb transformer lstm mlp"}
sizes=${SIZES:-"1 5 10 25 50 200"}
samples=${SAMPLES:-300000}
batch=${BATCH:-256}
evals=${EVALS:-10}  # evaluations along each run (10 episodes each; 0: none)
expert_hopper=${EXPERT_Hopper:-runs/experts/Hopper-v5__ppo-mlp__1}
mkdir -p "$out/demos"

demos() {  # task size -> path (recorded on first use)
  local task=$1 n=$2 path="$out/demos/$1-$2.h5"
  if [[ ! -f $path ]]; then
    case $task in
      MemoryReacher-v0) "$tlb" record --env "$task" --policy scripted --episodes "$n" --seed 0 \
                          --out "$path.tmp" --overwrite >/dev/null ;;
      Hopper-v5) "$tlb" record "$expert_hopper" --deterministic --episodes "$n" --seed 0 \
                   --out "$path.tmp" --overwrite >/dev/null ;;
    esac
    mv "$path.tmp" "$path"
  fi
  echo "$path"
}

run() {  # task backbone size seed
  local task=$1 backbone=$2 n=$3 seed=$4 extra=""
  local dir="$out/${task}__${backbone}__${n}__${seed}" data steps epochs
  data=$(demos "$task" "$n")
  [[ $backbone == transformer ]] && extra="--transformer.window 64"
  local window=64
  [[ $task == MemoryReacher-v0 ]] && window=128
  if [[ ! -f "$dir/learning_curve.svg" ]]; then
    if [[ -f "$dir/latest.pt" ]]; then
      "$tlb" train --resume "$dir" 2>>"$dir.log" >/dev/null
    else
      steps=$("$tlb" data info "$data" | sed -n 's/^steps: //p')
      epochs=$(( (samples + steps - 1) / steps ))
      interval=0
      (( evals > 0 )) && interval=$(( (epochs + evals - 1) / evals ))
      # shellcheck disable=SC2086
      "$tlb" train --algo bc --data "$data" --backbone "$backbone" --seed "$seed" \
        --epochs "$epochs" --eval-interval "$interval" --validation-fraction 0 \
        --window-length "$window" --num-streams $(( batch / window )) --batch-size "$batch" --device cpu --threads 1 --run-dir "$dir" \
        --log-interval 1000000 $extra \
        2>>"$dir.log" >/dev/null
    fi
  fi
  if [[ ! -f "$dir/score.txt" ]]; then
    "$tlb" eval "$dir/latest.pt" --deterministic --episodes 50 --seed 5000 > "$dir/score.txt.tmp"
    mv "$dir/score.txt.tmp" "$dir/score.txt"
  fi
}
export -f run demos
export out tlb samples batch evals expert_hopper

[[ -n ${REPORT_ONLY:-} ]] || {
  for seed in $seeds; do for task in $tasks; do for n in $sizes; do for backbone in $backbones; do
    echo "$task $backbone $n $seed"
  done; done; done; done
} | xargs -P "$jobs" -L 1 bash -c 'run "$@"' _ ||
  echo "bc_study: some runs failed (see $out/*.log); the table counts finished ones" >&2

mean_return() { sed -n 's/^return \([-0-9.e+]*\) +- .*/\1/p' "$1"; }

{
  echo "# Behaviour cloning: return against demonstrations"
  echo
  echo "Produced by \`bench/agents/bc_study.sh \"$seeds\"\` on $(uname -n), $(nproc) cores," \
       "$(date -u +%Y-%m-%d); $samples steps learnt per run in updates of $batch steps; score = deterministic return of"
  echo "latest.pt over 50 episodes (seeds 5000-5049), normalised as (R - random) / (expert -"
  echo "random): random from \`tlb envs TASK --random 100\`, expert the demonstrations' mean return"
  echo "over the largest set."
  echo "Only finished runs count; the per-seed scores are listed."
  echo
  echo "| task | backbone | episodes | seeds | normalised score (mean) | per seed |"
  echo "|---|---|---|---|---|---|"
  for task in $tasks; do
    largest=${sizes##* }  # the expert's return: the largest demonstration set's mean
    demos "$task" "$largest" >/dev/null  # recorded here if no run has needed it yet
    random=$("$tlb" envs "$task" --random 100 --seed 0 | sed -n 's/^return *mean \([-0-9.e+]*\) .*/\1/p')
    expert=$("$tlb" data info "$out/demos/$task-$largest.h5" | sed -n 's/^return: mean \([-0-9.e+]*\) .*/\1/p')
    # The best policy without memory, where the task has one (docs/envs_tasks.md), on the same
    # scale: a score above it needs memory.
    case $task in
      MemoryReacher-v0)
        awk -v lo="$random" -v hi="$expert" 'BEGIN {printf "| %s | best memoryless (centre PD, -2.715) | - | - | %.2f | |\n", "MemoryReacher-v0", (-2.715 - lo) / (hi - lo)}' ;;
    esac
    for backbone in $backbones; do for n in $sizes; do
      values=()
      for seed in $seeds; do
        f="$out/${task}__${backbone}__${n}__${seed}/score.txt"
        [[ -f $f ]] && values+=("$(mean_return "$f")")
      done
      [[ ${#values[@]} -eq 0 ]] && continue
      printf '%s\n' "${values[@]}" | awk -v t="$task" -v b="$backbone" -v n="$n" -v lo="$random" -v hi="$expert" \
        '{sc = ($1 - lo) / (hi - lo); s += sc; c++; per = per sprintf("%.2f ", sc)}
         END {printf "| %s | %s | %s | %d | %.2f | %s|\n", t, b, n, c, s / c, per}'
    done; done
  done
} > docs/results_bc.md
echo "wrote docs/results_bc.md"
