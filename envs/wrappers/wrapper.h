// A Wrapper owns an inner Env and forwards everything to it; a concrete wrapper overrides only
// what it changes (the action, the observation, the reward, the info).
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "envs/env.h"

namespace tlb::envs {

class Wrapper : public Env {
 public:
  explicit Wrapper(std::unique_ptr<Env> env) : env_(std::move(env)) {
    if (!env_) throw std::invalid_argument("Wrapper: expected an env, found nullptr");
  }

  std::string id() const override { return env_->id(); }
  const Box& observation_space() const override { return env_->observation_space(); }
  const Box& action_space() const override { return env_->action_space(); }
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override {
    return env_->reset(seed);
  }
  StepResult step(const std::vector<double>& action) override { return env_->step(action); }
  MujocoEnv* mujoco() override { return env_->mujoco(); }

  Env& inner() { return *env_; }
  const Env& inner() const { return *env_; }

 protected:
  std::unique_ptr<Env> env_;
};

}  // namespace tlb::envs
