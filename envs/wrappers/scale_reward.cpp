#include "envs/wrappers/scale_reward.h"

namespace tlb::envs {

ScaleReward::ScaleReward(std::unique_ptr<Env> env, RewardScalerOptions options)
    : Wrapper(std::move(env)), scaler_(1, options) {}

StepResult ScaleReward::step(const std::vector<double>& action) {
  StepResult result = env_->step(action);
  result.info.set("reward_unscaled", result.reward);
  const uint8_t ended = (result.terminated || result.truncated) ? 1 : 0;
  scaler_.scale(&result.reward, &ended);
  return result;
}

}  // namespace tlb::envs
