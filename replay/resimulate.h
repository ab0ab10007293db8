// Re-simulates recorded episodes: makes the env from the file's task spec, restores the
// recorded initial state (every recorded field), applies the recorded actions step by step and
// compares the states and the return with the recording. With the binary that recorded the file
// the deviation is exactly 0; with another model or MuJoCo version it reports the drift.
#pragma once

#include <functional>
#include <memory>
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
  size_t flag_mismatches = 0;  // steps whose terminated/truncated differ from the recording
  bool drifted = false;        // a deviation above the tolerance (or NaN), or a flag mismatch
};

struct ResimulateOptions {
  double tolerance = 0.0;  // largest state deviation still counted as reproduced
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
// episode has no recorded states or their widths do not fit the env's model.
EpisodeReplay resimulate_episode(const TrajectoryReader& reader, size_t index, envs::Env& env,
                                 const ResimulateOptions& options = {});

}  // namespace tlb::replay
