// A scripted Env for wrapper tests: observation entry i at step t is 10 * t + i + 1 (never 0),
// reward t, and the episode terminates after `episode_length` steps.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "envs/env.h"

namespace tlb::envs::testing {

class FakeEnv : public Env {
 public:
  FakeEnv(size_t obs_size, Box action_space, int episode_length = 1000)
      : action_space_(std::move(action_space)), episode_length_(episode_length) {
    const double inf = std::numeric_limits<double>::infinity();
    observation_space_.low.assign(obs_size, -inf);
    observation_space_.high.assign(obs_size, inf);
  }

  std::string id() const override { return "Fake-v0"; }
  const Box& observation_space() const override { return observation_space_; }
  const Box& action_space() const override { return action_space_; }
  ResetResult reset(std::optional<uint64_t> /*seed*/ = std::nullopt) override {
    t_ = 0;
    return {observation(), {}};
  }
  StepResult step(const std::vector<double>& /*action*/) override {
    ++t_;
    StepResult r;
    r.observation = observation();
    r.reward = t_;
    r.terminated = t_ >= episode_length_;
    return r;
  }

 private:
  std::vector<double> observation() const {
    std::vector<double> obs(observation_space_.size());
    for (size_t i = 0; i < obs.size(); ++i) obs[i] = 10.0 * t_ + static_cast<double>(i) + 1.0;
    return obs;
  }

  Box observation_space_;
  Box action_space_;
  int episode_length_;
  int t_ = 0;
};

}  // namespace tlb::envs::testing
