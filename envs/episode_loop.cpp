#include "envs/episode_loop.h"

#include <stdexcept>
#include <string>

namespace tlb::envs {

EpisodeOutcome run_episode(Env& env, Policy& policy, uint64_t seed, const EpisodeHooks& hooks) {
  const size_t action_size = env.action_space().size();
  policy.reset(seed);
  ResetResult start = env.reset(seed);
  if (hooks.on_reset) hooks.on_reset(start);
  std::vector<double> observation = std::move(start.observation);
  EpisodeOutcome outcome;
  while (true) {
    const std::vector<double> action = policy.act(observation);
    if (action.size() != action_size) {
      throw std::invalid_argument("policy '" + policy.info().algorithm_name + "' returned " +
                                  std::to_string(action.size()) + " actions, expected " +
                                  std::to_string(action_size) + " for " + env.id());
    }
    StepResult step = env.step(action);
    policy.observe(step);
    if (hooks.on_step) hooks.on_step(action, step);
    outcome.episode_return += step.reward;
    outcome.length += 1;
    if (step.terminated || step.truncated) return outcome;
    observation = std::move(step.observation);
  }
}

std::vector<EpisodeOutcome> run_episodes(Env& env, Policy& policy, int64_t episodes,
                                         uint64_t seed) {
  std::vector<EpisodeOutcome> outcomes;
  for (int64_t e = 0; e < episodes; ++e) {
    outcomes.push_back(run_episode(env, policy, seed + static_cast<uint64_t>(e)));
  }
  return outcomes;
}

}  // namespace tlb::envs
