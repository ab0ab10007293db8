#include "envs/wrappers/time_limit.h"

#include <string>

namespace tlb::envs {

TimeLimit::TimeLimit(std::unique_ptr<Env> inner, int64_t max_episode_steps)
    : Wrapper(std::move(inner)), max_episode_steps_(max_episode_steps) {
  if (max_episode_steps_ < 1) {
    throw std::invalid_argument(id() + ": max_episode_steps must be at least 1, found " +
                                std::to_string(max_episode_steps_));
  }
}

ResetResult TimeLimit::reset(std::optional<uint64_t> seed) {
  elapsed_steps_ = 0;
  return Wrapper::reset(seed);
}

StepResult TimeLimit::step(const std::vector<double>& action) {
  StepResult result = Wrapper::step(action);
  ++elapsed_steps_;
  if (elapsed_steps_ >= max_episode_steps_ && !result.terminated) result.truncated = true;
  return result;
}

}  // namespace tlb::envs
