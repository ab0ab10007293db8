// What acts in an env: observation in, action out, as plain vectors, so any layer can plug a
// policy into the one episode loop (envs/episode_loop.h): a uniform random policy lives here,
// agents/ wraps a trained checkpoint, the memory tasks have scripted experts
// (envs/scripted_experts.h).
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "envs/env.h"

namespace tlb::envs {

// Who acted, as trajectory files record it.
struct PolicyInfo {
  std::string algorithm_name;   // e.g. "random", "ppo"
  std::string checkpoint;       // path of the checkpoint ("" when there is none)
  std::string checkpoint_hash;  // hash of the checkpoint file ("" when there is none)
};

class Policy {
 public:
  virtual ~Policy() = default;
  // Called before each episode with that episode's reset seed; memory (recurrent or
  // streaming) policies clear their state here.
  virtual void reset(uint64_t /*episode_seed*/) {}
  // The action for `observation` (the env's observation, float64, unnormalised); must have
  // the env's action size.
  virtual std::vector<double> act(const std::vector<double>& observation) = 0;
  // Called after each step with what the env returned for the last act(); policies that feed
  // the previous reward back into their input read it here.
  virtual void observe(const StepResult& /*step*/) {}
  virtual PolicyInfo info() const = 0;
};

// Uniform over the action box (each entry in [low, high); [-1, 1) where a bound is infinite).
// reset(seed) re-seeds it, so episodes are reproducible from their seeds alone.
class UniformRandomPolicy : public Policy {
 public:
  explicit UniformRandomPolicy(Box action_space, uint64_t seed = 0);
  void reset(uint64_t episode_seed) override;
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"random", "", ""}; }

 private:
  Box space_;
  std::mt19937_64 rng_;
};

}  // namespace tlb::envs
