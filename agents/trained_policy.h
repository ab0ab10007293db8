// A trained actor acting on one env step by step, as an envs::Policy: what `tlb eval`,
// `tlb record CHECKPOINT` and the evaluations during training run. It sees the env exactly as
// in training, through agents/policy_io.h with the statistics frozen: observations
// normalised, the previous action and reward appended when the policy was trained with
// them; the backbone's state is carried from step to step and reset at each episode's start.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "agents/actor_critic.h"
#include "agents/policy_io.h"
#include "envs/episode_loop.h"
#include "envs/policy.h"

namespace tlb::agents {

class TrainedPolicy : public envs::Policy {
 public:
  // `model` acts as it is (a module holder: a model still being trained acts with its current
  // weights). `io` must have one row; its statistics are frozen here. Sampling draws from a
  // generator reseeded by each reset(episode_seed) (by `seed` before the first reset).
  TrainedPolicy(ActorCritic model, PolicyIo io, bool deterministic, uint64_t seed,
                envs::PolicyInfo info);
  ~TrainedPolicy() override;

  void reset(uint64_t episode_seed) override;
  std::vector<double> act(const std::vector<double>& observation) override;
  void observe(const envs::StepResult& step) override;
  envs::PolicyInfo info() const override { return info_; }

 private:
  struct State;  // keeps the generator's type out of this header
  ActorCritic model_;
  PolicyIo io_;
  bool deterministic_;
  uint64_t seed_;
  envs::PolicyInfo info_;
  std::unique_ptr<State> state_;
};

// The evaluation during training (PPO's --eval-interval, BC's): the mean return of `episodes`
// deterministic episodes of `model` on `env` (episode e from seed + e) through `io` (one row,
// frozen), as `tlb eval` would run the checkpoint now; `each` sees every episode. The model is
// in eval mode meanwhile and back in its previous mode after.
double mean_deterministic_return(ActorCritic model, PolicyIo io, envs::Env& env, int64_t episodes,
                                 uint64_t seed, envs::PolicyInfo info,
                                 const std::function<void(const envs::EpisodeOutcome&)>& each = {});

}  // namespace tlb::agents
