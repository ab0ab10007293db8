#include "agents/evaluation.h"

#include "agents/checkpoint_policy.h"

namespace tlb::agents {

EvaluationResult evaluate_checkpoint(const std::filesystem::path& checkpoint,
                                     const EvaluationOptions& options, const Factories& factories) {
  EvaluationResult result;
  result.trained_with = CheckpointPolicy::trained_options(checkpoint);
  auto env =
      factories.make_env(options.env_id.empty() ? result.trained_with.env_id : options.env_id);
  CheckpointPolicyOptions policy_options;
  policy_options.deterministic = options.deterministic;
  policy_options.device = options.device;
  CheckpointPolicy policy(checkpoint, env->observation_space().size(), env->action_space(),
                          policy_options, factories);
  for (int64_t e = 0; e < options.episodes; ++e) {
    const uint64_t seed = options.seed + static_cast<uint64_t>(e);
    policy.reset(seed);
    std::vector<double> observation = env->reset(seed).observation;
    EpisodeResult episode;
    while (true) {
      const envs::StepResult step = env->step(policy.act(observation));
      policy.observe(step);
      episode.episodic_return += step.reward;
      episode.length += 1;
      if (step.terminated || step.truncated) break;
      observation = step.observation;
    }
    result.episodes.push_back(episode);
  }
  return result;
}

}  // namespace tlb::agents
