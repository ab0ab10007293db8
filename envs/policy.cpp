#include "envs/policy.h"

#include <cmath>

namespace tlb::envs {

UniformRandomPolicy::UniformRandomPolicy(Box action_space, uint64_t seed)
    : space_(std::move(action_space)), rng_(seed) {}

void UniformRandomPolicy::reset(uint64_t episode_seed) {
  // Offset so that the policy's stream differs from the env's stream for the same seed.
  rng_.seed(episode_seed ^ 0x9e3779b97f4a7c15ULL);
}

std::vector<double> UniformRandomPolicy::act(const std::vector<double>& /*observation*/) {
  std::vector<double> action(space_.size());
  for (size_t i = 0; i < action.size(); ++i) {
    const bool bounded = std::isfinite(space_.low[i]) && std::isfinite(space_.high[i]);
    const double low = bounded ? space_.low[i] : -1.0;
    const double high = bounded ? space_.high[i] : 1.0;
    // 53 random bits -> [0, 1), the same on every platform.
    const double u = static_cast<double>(rng_() >> 11) * 0x1.0p-53;
    action[i] = low + (high - low) * u;
  }
  return action;
}

}  // namespace tlb::envs
