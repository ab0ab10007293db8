// A trained PPO policy from a checkpoint, acting on one env step by step with plain vectors:
// what `tlb record CHECKPOINT` and `tlb eval --record` run. It sees the env exactly as in
// training: observations normalised with the checkpoint's frozen statistics, the previous
// action and scaled reward appended when the policy was trained with them, and the backbone's
// state carried from step to step and reset at each episode's start.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "agents/factories.h"
#include "agents/ppo_options.h"
#include "envs/env.h"
#include "envs/policy.h"

namespace tlb::agents {

struct CheckpointPolicyOptions {
  bool deterministic = false;  // act with the Gaussian's mean instead of sampling
  std::string device = "cpu";  // cpu, cuda, cuda:N or auto
};

class CheckpointPolicy : public envs::Policy {
 public:
  // Loads `checkpoint` (a .pt file, or a run folder meaning its latest.pt) for an env with
  // `action_space` and observations of `observation_size`. Throws std::runtime_error for an
  // unreadable checkpoint and std::invalid_argument when the sizes differ from training's.
  CheckpointPolicy(const std::filesystem::path& checkpoint, size_t observation_size,
                   const envs::Box& action_space, const CheckpointPolicyOptions& options,
                   const Factories& factories);
  ~CheckpointPolicy() override;

  // The configuration the checkpoint was trained with (its env id among it).
  static PpoOptions trained_options(const std::filesystem::path& checkpoint);

  void reset(uint64_t episode_seed) override;
  std::vector<double> act(const std::vector<double>& observation) override;
  void observe(const envs::StepResult& step) override;
  envs::PolicyInfo info() const override;

 private:
  struct Impl;  // keeps LibTorch out of this header
  std::unique_ptr<Impl> impl_;
};

// A checkpoint's policy and the env it acts on, as `tlb eval` and `tlb record` load them.
struct CheckpointOnEnv {
  PpoOptions trained;  // the checkpoint's configuration
  std::unique_ptr<envs::Env> env;
  std::unique_ptr<CheckpointPolicy> policy;
};

// Loads `checkpoint` and makes its env: `env_id`, or the env it was trained on when empty.
CheckpointOnEnv load_checkpoint_on_env(const std::filesystem::path& checkpoint,
                                       const std::string& env_id,
                                       const CheckpointPolicyOptions& options,
                                       const Factories& factories);

}  // namespace tlb::agents
