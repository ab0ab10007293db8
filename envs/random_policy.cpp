#include "envs/random_policy.h"

#include <algorithm>
#include <cmath>

#include "envs/episode_loop.h"
#include "envs/policy.h"

namespace tlb::envs {

Summary summarize(const std::vector<double>& values) {
  Summary s;
  if (values.empty()) return s;
  double sum = 0.0;
  for (double v : values) sum += v;
  s.mean = sum / values.size();
  double squares = 0.0;
  for (double v : values) squares += (v - s.mean) * (v - s.mean);
  s.std = std::sqrt(squares / values.size());
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  s.min = *lo;
  s.max = *hi;
  return s;
}

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
