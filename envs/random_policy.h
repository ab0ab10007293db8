// Episodes of a uniform random policy: the reference "random" score of a task, and a smoke
// test that an env runs whole episodes.
#pragma once

#include <cstdint>
#include <vector>

#include "envs/env.h"

namespace tlb::envs {

struct RandomPolicyResult {
  std::vector<double> returns;  // undiscounted, one per episode
  std::vector<double> lengths;  // steps, one per episode
};

// Runs `episodes` episodes of UniformRandomPolicy (envs/policy.h) through the episode loop:
// episode e resets the env and the policy with seed + e, as `tlb record --policy random`
// does, so a score is reproducible episode by episode.
RandomPolicyResult run_random_policy(Env& env, int episodes, uint64_t seed);

}  // namespace tlb::envs
