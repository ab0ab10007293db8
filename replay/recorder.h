// Runs a policy on an env for N episodes and writes each one, with the simulator state at every
// step, to a trajectory file as soon as it ends.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "envs/env.h"
#include "envs/policy.h"
#include "replay/trajectory_writer.h"

namespace tlb::replay {

struct RecordOptions {
  size_t episodes = 1;     // episodes to record
  uint64_t seed = 0;       // episode k (counted from the file's next id) resets with seed + k
  std::string dataset_id;  // Minari dataset id; default "<task>-<algorithm>-v0" (minari_metadata.h)
  std::string tlb_version;         // written into the metadata
  TrajectoryWriterOptions writer;  // create / overwrite / append, storage, durability
};

struct RecordSummary {
  std::string path;
  std::vector<int64_t> ids;     // ids of the episodes written
  std::vector<double> returns;  // their undiscounted returns
  size_t steps = 0;
};

// The simulator state of `env` as named rows (qpos, qvel, act, ctrl, qacc_warmstart, time);
// throws std::invalid_argument when `env` has no MuJoCo simulation.
std::vector<std::pair<std::string, std::vector<double>>> capture_state(envs::Env& env);

// The metadata for recording `env` with `policy` (spaces and env_spec as Minari's JSON).
DatasetMetadata recording_metadata(envs::Env& env, const envs::Policy& policy,
                                   const RecordOptions& options);
// The same for a policy known only by its info (source "policy"; a caller recording something
// else, such as a training run, overwrites the fields that differ).
DatasetMetadata recording_metadata(envs::Env& env, const envs::PolicyInfo& info,
                                   const RecordOptions& options);

// Records `options.episodes` episodes of `policy` on `env` into `path`. `on_episode` (may be
// empty) is called after each episode is durable, with its id and return.
RecordSummary record_episodes(
    envs::Env& env, envs::Policy& policy, const std::string& path, const RecordOptions& options,
    const std::function<void(int64_t id, double ret, size_t steps)>& on_episode = {});

}  // namespace tlb::replay
