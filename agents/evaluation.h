// Runs a trained policy from a checkpoint for whole episodes, on the env configuration it was
// trained with (observation normalisation frozen at the checkpoint's statistics).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "agents/factories.h"
#include "agents/ppo_options.h"
#include "envs/episode_loop.h"

namespace tlb::agents {

struct EvaluationOptions {
  int64_t episodes = 10;       // episodes to run
  bool deterministic = false;  // act with the Gaussian's mean instead of sampling
  uint64_t seed = 1000;        // episode e resets its env with seed + e; also seeds sampling
  std::string env_id;          // empty: the checkpoint's env
  std::string device = "cpu";  // cpu, cuda, cuda:N or auto
};

struct EvaluationResult {
  PpoOptions trained_with;                     // the checkpoint's policy (trained_options)
  std::string algorithm;                       // "ppo" or "bc"
  std::vector<envs::EpisodeOutcome> episodes;  // raw env reward sums and lengths
};

// Loads `checkpoint` (a .pt file, or a run folder meaning its latest.pt) and runs the
// episodes one after the other. Throws std::runtime_error for an unreadable checkpoint.
EvaluationResult evaluate_checkpoint(const std::filesystem::path& checkpoint,
                                     const EvaluationOptions& options, const Factories& factories);

}  // namespace tlb::agents
