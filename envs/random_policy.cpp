#include "envs/random_policy.h"

#include "envs/episode_loop.h"
#include "envs/policy.h"

namespace tlb::envs {

RandomPolicyResult run_random_policy(Env& env, int episodes, uint64_t seed) {
  UniformRandomPolicy policy(env.action_space());
  RandomPolicyResult result;
  for (const EpisodeOutcome& e : run_episodes(env, policy, episodes, seed)) {
    result.returns.push_back(e.episode_return);
    result.lengths.push_back(static_cast<double>(e.length));
  }
  return result;
}

}  // namespace tlb::envs
