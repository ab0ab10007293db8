#include "envs/wrappers/episode_statistics.h"

namespace tlb::envs {

EpisodeStatistics::EpisodeStatistics(std::unique_ptr<Env> env) : Wrapper(std::move(env)) {}

ResetResult EpisodeStatistics::reset(std::optional<uint64_t> seed) {
  return_ = 0.0;
  length_ = 0;
  return env_->reset(seed);
}

StepResult EpisodeStatistics::step(const std::vector<double>& action) {
  StepResult result = env_->step(action);
  return_ += result.reward;
  ++length_;
  if (result.terminated || result.truncated) {
    result.info.set("episode_return", return_);
    result.info.set("episode_length", static_cast<double>(length_));
  }
  return result;
}

}  // namespace tlb::envs
