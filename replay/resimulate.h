// Re-simulates recorded episodes: makes the env from the file's task spec, restores the
// recorded initial state (every recorded field), applies the recorded actions step by step and
// compares what the env returns with the recording: the simulator state (qpos, qvel), the
// observation, the reward and the terminated/truncated flags. With the binary that recorded the
// file every quantity matches exactly; with another model or MuJoCo version it reports the
// drift and the first step and quantity that differ (docs/replay.md).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "envs/env.h"
#include "envs/mujoco_env.h"
#include "replay/trajectory_reader.h"

namespace tlb::replay {

struct EpisodeReplay {
  int64_t id = 0;
  size_t steps = 0;
  double recorded_return = 0;
  double replayed_return = 0;
  double max_qpos_deviation = 0;  // largest |replayed - recorded| over steps and entries
  double max_qvel_deviation = 0;
  double max_observation_deviation = 0;  // at the file's stored precision (see below)
  double max_reward_deviation = 0;
  size_t flag_mismatches = 0;  // steps whose terminated/truncated differ from the recording
  // Whether the observations were compared: not for an episode without a seed on a task whose
  // observation wrappers draw random numbers (obs_noise, flicker, sensor_dropout).
  bool observations_compared = true;
  bool drifted = false;  // a deviation above the tolerance (or NaN), or a flag mismatch
  // The first difference: the step t (the recorded action t, counted from 0) and the quantity
  // that differs after it ("qpos", "qvel", "observation", "reward", "terminated",
  // "truncated"), or step 0 and "reset observation" when reset(seed) differs from row 0.
  std::optional<size_t> first_drift_step;
  std::string first_drift_quantity;
  // What limits the comparison of this episode (state fields the file lacks, restored as
  // zeros; observations not compared), one line each.
  std::vector<std::string> notes;
};

struct ResimulateOptions {
  // Largest deviation still counted as reproduced, for every compared quantity. Values stored
  // as float32 (D4RL's files) are compared with the replayed value rounded to float32 first,
  // so 0 means "equal at the stored precision".
  double tolerance = 0.0;
  // Called after the initial state is restored (step 0) and after each step; for rendering.
  std::function<void(envs::MujocoEnv& sim, size_t step)> on_step;
};

// Why a re-simulation may not reproduce the recording: differing model hash or MuJoCo
// version (one line each; empty when both match).
std::vector<std::string> replay_warnings(const TrajectoryReader& reader, envs::Env& env);

// Makes the env the file was recorded with (its tlb_task). Throws std::invalid_argument when
// the file names no task.
std::unique_ptr<envs::Env> make_recorded_env(const TrajectoryReader& reader);

// Re-simulates episode `index` of `reader` on `env`. Throws std::invalid_argument when the
// episode has no recorded qpos/qvel or their widths do not fit the env's model.
EpisodeReplay resimulate_episode(const TrajectoryReader& reader, size_t index, envs::Env& env,
                                 const ResimulateOptions& options = {});

}  // namespace tlb::replay
