#include "envs/random_policy.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>

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
  const Box& box = env.action_space();
  for (size_t i = 0; i < box.size(); ++i) {
    if (!std::isfinite(box.low[i]) || !std::isfinite(box.high[i])) {
      throw std::invalid_argument(env.id() + ": a random policy needs a bounded action box; " +
                                  "entry " + std::to_string(i) + " is unbounded");
    }
  }
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> action(box.size());
  RandomPolicyResult result;
  for (int episode = 0; episode < episodes; ++episode) {
    if (episode == 0) {
      env.reset(seed);
    } else {
      env.reset();
    }
    double episode_return = 0.0;
    double length = 0.0;
    while (true) {
      for (size_t i = 0; i < action.size(); ++i) {
        action[i] = box.low[i] + (box.high[i] - box.low[i]) * unit(rng);
      }
      const StepResult step = env.step(action);
      episode_return += step.reward;
      length += 1.0;
      if (step.terminated || step.truncated) break;
    }
    result.returns.push_back(episode_return);
    result.lengths.push_back(length);
  }
  return result;
}

}  // namespace tlb::envs
