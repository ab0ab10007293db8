// A trained policy loaded from a checkpoint (agents/trained_policy.h), as `tlb eval` and
// `tlb record CHECKPOINT` run it: the checkpoint's model with its frozen normaliser and reward
// scaler statistics, on the env it was trained on or another of the same sizes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "agents/factories.h"
#include "agents/ppo_options.h"
#include "agents/trained_policy.h"
#include "envs/env.h"

namespace tlb::agents {

struct CheckpointPolicyOptions {
  bool deterministic = false;  // act with the Gaussian's mean instead of sampling
  std::string device = "cpu";  // cpu, cuda, cuda:N or auto
};

// The policy the checkpoint (a .pt file, or a run folder meaning its latest.pt) holds, in
// PPO's terms (a BC run's says what policy_options() says), its env id among it. Throws
// std::runtime_error for an unreadable checkpoint.
PpoOptions trained_options(const std::filesystem::path& checkpoint);
// "ppo" or "bc": what trained it.
std::string trained_algorithm(const std::filesystem::path& checkpoint);

// Loads `checkpoint` for an env with `action_space` and observations of `observation_size`.
// Throws std::runtime_error for an unreadable checkpoint and std::invalid_argument when the
// sizes differ from training's.
std::unique_ptr<TrainedPolicy> load_checkpoint_policy(const std::filesystem::path& checkpoint,
                                                      size_t observation_size,
                                                      const envs::Box& action_space,
                                                      const CheckpointPolicyOptions& options,
                                                      const Factories& factories);

// A checkpoint's policy and the env it acts on.
struct CheckpointOnEnv {
  PpoOptions trained;     // the checkpoint's policy (trained_options)
  std::string algorithm;  // "ppo" or "bc"
  std::unique_ptr<envs::Env> env;
  std::unique_ptr<TrainedPolicy> policy;
};

// Loads `checkpoint` and makes its env: `env_id`, or the env it was trained on when empty.
CheckpointOnEnv load_checkpoint_on_env(const std::filesystem::path& checkpoint,
                                       const std::string& env_id,
                                       const CheckpointPolicyOptions& options,
                                       const Factories& factories);

}  // namespace tlb::agents
