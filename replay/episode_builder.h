// Assembles one Episode as a recorder sees it: the reset (observation, info, simulator state),
// then each step with the state after it. Used by record_episodes (one env, one policy) and by
// agents/' training recorder (N envs of a VectorEnv, one builder each).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "envs/env.h"
#include "envs/mujoco_env.h"
#include "replay/episode.h"

namespace tlb::replay {

// `state` as the named rows a trajectory file stores (qpos, qvel, act, ctrl, qacc_warmstart,
// time; see docs/replay.md).
std::vector<std::pair<std::string, std::vector<double>>> state_fields(
    const envs::StateSnapshot& state);

class EpisodeBuilder {
 public:
  // Starts an episode (dropping any unfinished one) from what reset returned.
  void begin(std::optional<uint64_t> seed, const std::vector<double>& observation,
             const envs::Info& info, const envs::StateSnapshot& state);
  // Appends one step: the action the env received, what it returned, the state after it.
  void add_step(const std::vector<double>& action, const envs::StepResult& step,
                const envs::StateSnapshot& state);
  // Whether begin() was called since the last finish() or clear().
  bool started() const { return started_; }
  size_t steps() const { return episode_.steps(); }
  // The episode so far (infos gathered into columns); the builder is empty afterwards.
  Episode finish();
  // Drops the episode in progress.
  void clear();

 private:
  void add_info(const envs::Info& info);
  void add_state(const envs::StateSnapshot& state);

  Episode episode_;
  bool started_ = false;
  size_t info_rows_ = 0;
  // infos by key in first-seen order, NaN where a row did not report the key.
  std::vector<std::pair<std::string, std::vector<double>>> info_columns_;
};

}  // namespace tlb::replay
