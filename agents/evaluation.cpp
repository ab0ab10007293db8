#include "agents/evaluation.h"

#include "agents/checkpoint_policy.h"

namespace tlb::agents {

EvaluationResult evaluate_checkpoint(const std::filesystem::path& checkpoint,
                                     const EvaluationOptions& options, const Factories& factories) {
  CheckpointPolicyOptions policy_options;
  policy_options.deterministic = options.deterministic;
  policy_options.device = options.device;
  CheckpointOnEnv loaded =
      load_checkpoint_on_env(checkpoint, options.env_id, policy_options, factories);
  EvaluationResult result;
  result.trained_with = loaded.trained;
  result.algorithm = loaded.algorithm;
  result.episodes = envs::run_episodes(*loaded.env, *loaded.policy, options.episodes, options.seed);
  return result;
}

}  // namespace tlb::agents
