// What Minari's loader and Gymnasium's EnvSpec read from a dataset (the rules, read from
// Minari 0.4/0.5 and Gymnasium 0.29-1.x, summarised in docs/replay.md): the
// dataset id, the spaces and the env spec as JSON, and Minari 0.5's data/metadata.json.
#pragma once

#include <string>

#include "envs/env.h"
#include "replay/dataset_metadata.h"

namespace tlb::replay {

// Root attribute `minari_version`: a PEP 440 specifier Minari 0.4 accepts (what it writes).
inline constexpr const char* kMinariVersionSpecifier = "~=0.4";
// `minari_version` in data/metadata.json: an exact version Minari 0.5 supports.
inline constexpr const char* kMinariMetadataVersion = "0.5.0";

// Minari's JSON of a gymnasium Box (float64; infinities as Python's json writes them).
std::string box_json(const envs::Box& box);
// A float64 Box of `size` entries without bounds (for a D4RL file that names no space).
std::string unbounded_box_json(size_t size);

// Gymnasium's EnvSpec JSON for a tlb task spec ("Hopper-v5:ctrl_cost_weight=0.01"): id, the
// options as kwargs (numbers as numbers), max_episode_steps and an empty additional_wrappers
// list; no key EnvSpec.from_json would refuse (tlb_task keeps the full spec).
std::string env_spec_json(const std::string& task);

// A dataset id both Minari 0.4 and 0.5 accept, "<env>-<name>-v0": the task ("Hopper-v5-P" ->
// "hopper_v5_p") and `name` ("ppo-mlp"), characters other than letters, digits, '_' and '-'
// made '_'.
std::string minari_dataset_id(const std::string& task, const std::string& name);
// Throws std::invalid_argument unless `id` has that form: "<env>-<name>-v<N>", env of
// letters, digits and '_', name of those and '-' (Minari 0.4's and 0.5's id rules both hold).
void check_minari_dataset_id(const std::string& id);

// Writes Minari 0.5's `metadata.json` (the keys of the root attributes; spaces and env spec
// as JSON strings) to `path`, atomically.
void write_minari_metadata_json(const std::string& path, const DatasetMetadata& metadata);

}  // namespace tlb::replay
