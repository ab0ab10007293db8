#include "envs/wrappers/rescale_action.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace tlb::envs {
namespace {

void check_box(const Box& box, const std::string& what, const std::string& id) {
  for (size_t i = 0; i < box.size(); ++i) {
    if (!std::isfinite(box.low[i]) || !std::isfinite(box.high[i]) || !(box.low[i] < box.high[i])) {
      throw std::invalid_argument(id + ": RescaleAction expects finite bounds with low < high in " +
                                  what + ", found [" + std::to_string(box.low[i]) + ", " +
                                  std::to_string(box.high[i]) + "] at entry " + std::to_string(i));
    }
  }
}

}  // namespace

RescaleAction::RescaleAction(std::unique_ptr<Env> env, double low, double high)
    : Wrapper(std::move(env)) {
  check_box(env_->action_space(), "the env's action space", env_->id());
  space_.low.assign(env_->action_space().size(), low);
  space_.high.assign(env_->action_space().size(), high);
  check_box(space_, "the requested bounds", env_->id());
}

RescaleAction::RescaleAction(std::unique_ptr<Env> env, std::vector<double> low,
                             std::vector<double> high)
    : Wrapper(std::move(env)), space_{std::move(low), std::move(high)} {
  check_box(env_->action_space(), "the env's action space", env_->id());
  const size_t n = env_->action_space().size();
  if (space_.low.size() != n || space_.high.size() != n) {
    throw std::invalid_argument(env_->id() + ": RescaleAction expects " + std::to_string(n) +
                                " bounds per side, found " + std::to_string(space_.low.size()) +
                                " and " + std::to_string(space_.high.size()));
  }
  check_box(space_, "the requested bounds", env_->id());
}

StepResult RescaleAction::step(const std::vector<double>& action) {
  const Box& target = env_->action_space();
  if (action.size() != space_.size()) return env_->step(action);  // the env names the mismatch
  mapped_.resize(action.size());
  for (size_t i = 0; i < action.size(); ++i) {
    const double unit = (action[i] - space_.low[i]) / (space_.high[i] - space_.low[i]);
    mapped_[i] = target.low[i] + unit * (target.high[i] - target.low[i]);
  }
  return env_->step(mapped_);
}

}  // namespace tlb::envs
