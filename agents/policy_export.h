// A trained policy that leaves the toolkit: `tlb export CHECKPOINT OUT` writes the actor's
// weights and the observation normaliser's statistics in one file Python's `torch.load(OUT)`
// reads (a pickled dict of tensors, strings and numbers; torch::pickle_save), so a few lines
// of Python with torch alone act as `tlb eval --deterministic` does (docs/export.md).
#pragma once

#include <filesystem>
#include <string>

#include "agents/factories.h"

namespace tlb::agents {

// What was exported, for the command's line.
struct PolicyExport {
  std::string env_id;
  std::string backbone;
  size_t tensors = 0;  // entries of the dict that are tensors
};

// Writes `checkpoint`'s (a .pt file, or a run folder meaning its latest.pt) actor to `out`
// atomically: the actor's parameters under their checkpoint names
// ("actor_backbone.net.0.weight", ..., "actor_mean.weight", "actor_mean.bias"), and
// "obs_mean", "obs_var" (float64), "action_low", "action_high" (float32), "norm_obs" (bool),
// "obs_clip", "obs_epsilon" (float), "activation", "env_id", "backbone", "algorithm" (str),
// "format" (int, 1). Only memoryless MLP policies (frames 1, no previous action and reward in
// the input) are exported: std::invalid_argument names what the checkpoint has otherwise.
// Refuses an existing `out` unless `overwrite`.
PolicyExport export_policy(const std::filesystem::path& checkpoint, const std::string& out,
                           bool overwrite, const Factories& factories);

}  // namespace tlb::agents
