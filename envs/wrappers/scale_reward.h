// Single-env reward scaling by the running std of the discounted return (Gymnasium's
// NormalizeReward as CleanRL uses it, followed by clipping), built on RewardScaler with one
// env. The unscaled reward stays available in the info as "reward_unscaled".
#pragma once

#include <memory>

#include "envs/normalization.h"
#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class ScaleReward : public Wrapper {
 public:
  explicit ScaleReward(std::unique_ptr<Env> env, RewardScalerOptions options = {});

  StepResult step(const std::vector<double>& action) override;

  RewardScaler& scaler() { return scaler_; }
  const RewardScaler& scaler() const { return scaler_; }

 private:
  RewardScaler scaler_;
};

}  // namespace tlb::envs
