#include "replay/recorder.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>
#include <stdexcept>

#include <mujoco/mujoco.h>

#include "envs/episode_loop.h"
#include "envs/mujoco_env.h"
#include "envs/registry.h"
#include "replay/episode_builder.h"
#include "replay/minari_metadata.h"

namespace tlb::replay {

std::vector<std::pair<std::string, std::vector<double>>> capture_state(envs::Env& env) {
  envs::MujocoEnv* sim = env.mujoco();
  if (sim == nullptr) {
    throw std::invalid_argument("env '" + env.id() + "' has no MuJoCo simulation to record");
  }
  return state_fields(sim->get_state());
}

DatasetMetadata recording_metadata(envs::Env& env, const envs::Policy& policy,
                                   const RecordOptions& options) {
  return recording_metadata(env, policy.info(), options);
}

DatasetMetadata recording_metadata(envs::Env& env, const envs::PolicyInfo& info,
                                   const RecordOptions& options) {
  DatasetMetadata m;
  m.task = env.id();
  m.dataset_id = options.dataset_id.empty() ? minari_dataset_id(m.task, info.algorithm_name)
                                            : options.dataset_id;
  check_minari_dataset_id(m.dataset_id);
  m.env_spec = env_spec_json(m.task);
  m.observation_space = box_json(env.observation_space());
  m.action_space = box_json(env.action_space());
  m.algorithm_name = info.algorithm_name;
  m.author = "tlb";
  m.policy_checkpoint = info.checkpoint;
  m.policy_checkpoint_hash = info.checkpoint_hash;
  m.source = "policy";
  if (envs::MujocoEnv* sim = env.mujoco()) m.model_hash = sim->model_hash();
  m.mujoco_version = mj_versionString();
  m.seed = static_cast<int64_t>(options.seed);
  m.tlb_version = options.tlb_version;
  return m;
}

RecordSummary record_episodes(
    envs::Env& env, envs::Policy& policy, const std::string& path, const RecordOptions& options,
    const std::function<void(int64_t id, double ret, size_t steps)>& on_episode) {
  if (env.mujoco() == nullptr) {
    throw std::invalid_argument("env '" + env.id() + "' has no MuJoCo simulation to record");
  }
  TrajectoryWriter writer(path, recording_metadata(env, policy, options), options.writer);
  RecordSummary summary;
  summary.path = path;
  for (size_t k = 0; k < options.episodes; ++k) {
    const uint64_t seed = options.seed + static_cast<uint64_t>(writer.next_id());
    EpisodeBuilder builder;
    envs::EpisodeHooks hooks;
    hooks.on_reset = [&](const envs::ResetResult& start) {
      builder.begin(seed, start.observation, start.info, env.mujoco()->get_state());
    };
    hooks.on_step = [&](const std::vector<double>& action, const envs::StepResult& step) {
      builder.add_step(action, step, env.mujoco()->get_state());
    };
    envs::run_episode(env, policy, seed, hooks);
    const Episode episode = builder.finish();
    const int64_t id = writer.append(episode);
    summary.ids.push_back(id);
    summary.returns.push_back(episode.total_reward());
    summary.steps += episode.steps();
    if (on_episode) on_episode(id, episode.total_reward(), episode.steps());
  }
  writer.close();
  return summary;
}

}  // namespace tlb::replay
