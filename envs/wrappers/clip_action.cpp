#include "envs/wrappers/clip_action.h"

#include <algorithm>
#include <cmath>

namespace tlb::envs {

ClipAction::ClipAction(std::unique_ptr<Env> env) : Wrapper(std::move(env)) {}

StepResult ClipAction::step(const std::vector<double>& action) {
  const Box& box = env_->action_space();
  clipped_ = action;
  const size_t n = std::min(clipped_.size(), box.size());  // the env reports a size mismatch
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(clipped_[i])) clipped_[i] = std::clamp(clipped_[i], box.low[i], box.high[i]);
  }
  return env_->step(clipped_);
}

}  // namespace tlb::envs
