// The one episode loop: every place that runs a policy for whole episodes (random-policy
// scores, checkpoint evaluation, recording to a trajectory file, benchmarks) runs it here, so
// reset seeding, the act -> step -> observe order and the end condition cannot drift apart.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "envs/env.h"
#include "envs/policy.h"

namespace tlb::envs {

// Optional hooks into the loop, e.g. to capture the simulator state after each step.
struct EpisodeHooks {
  std::function<void(const ResetResult& start)> on_reset;
  std::function<void(const std::vector<double>& action, const StepResult& step)> on_step;
};

struct EpisodeOutcome {
  double episode_return = 0.0;  // undiscounted sum of the env's rewards
  int64_t length = 0;           // steps
};

// Runs one episode: policy.reset(seed), env.reset(seed), then act, step, observe until the
// env says terminated or truncated. Throws std::invalid_argument when the policy returns an
// action of the wrong size.
EpisodeOutcome run_episode(Env& env, Policy& policy, uint64_t seed, const EpisodeHooks& hooks = {});

// `episodes` episodes one after the other; episode e uses seed + e.
std::vector<EpisodeOutcome> run_episodes(Env& env, Policy& policy, int64_t episodes, uint64_t seed);

}  // namespace tlb::envs
