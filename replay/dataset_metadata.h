// A trajectory file's metadata: Minari 0.4's root attributes plus what replay needs to
// re-simulate (task with options, model hash, MuJoCo version) and what produced the data.
#pragma once

#include <cstdint>
#include <string>

namespace tlb::replay {

// Our layout's version (root attribute `tlb_format_version`); bumped on any layout change.
// 2: what Minari's loader requires (minari_version, data_format, an env_spec Gymnasium parses,
// ids ending -vN, an infos group in every episode, no NaN in infos).
inline constexpr int64_t kTrajectoryFormatVersion = 2;

struct DatasetMetadata {
  // Minari's keys.
  std::string dataset_id;         // e.g. "hopper_v5-random-v0"
  std::string env_spec;           // Gymnasium EnvSpec JSON (minari_metadata.h)
  std::string observation_space;  // JSON: {"type": "Box", "dtype": "float64", "shape": [...]...}
  std::string action_space;       // JSON, as observation_space
  std::string algorithm_name;     // e.g. "random", "ppo"
  std::string author;
  std::string code_permalink;
  // Ours.
  std::string task;               // tlb env spec: "Hopper-v5:ctrl_cost_weight=0.01"
  std::string model_hash;         // hash of the compiled MuJoCo model (envs/)
  std::string mujoco_version;     // e.g. "2.2.2"
  std::string policy_checkpoint;  // path of the policy's checkpoint ("" for random)
  std::string policy_checkpoint_hash;
  // What played the episodes: "policy" (one fixed policy: tlb record, tlb eval --record) or
  // "training" (tlb train --record: every episode of a run, the policy changing after every
  // update, so there is no single checkpoint and policy_checkpoint{,_hash} stay empty).
  std::string source;
  std::string backbone;         // the policy's backbone kind ("" for random)
  std::string training_run;     // training: the run folder
  std::string training_config;  // training: the run's config.ini text (every option)
  int64_t seed = 0;             // the recording's base seed (episode seeds: episode attrs)
  std::string tlb_version;
  int64_t format_version = kTrajectoryFormatVersion;
  // Totals, kept up to date by the writer after every episode.
  int64_t total_episodes = 0;
  int64_t total_steps = 0;
};

}  // namespace tlb::replay
