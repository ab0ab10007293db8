#include "envs/wrappers/normalize_observation.h"

namespace tlb::envs {

NormalizeObservation::NormalizeObservation(std::unique_ptr<Env> env,
                                           ObservationNormalizerOptions options)
    : Wrapper(std::move(env)), normalizer_(env_->observation_space().size(), options) {
  const size_t n = env_->observation_space().size();
  space_.low.assign(n, -options.clip);
  space_.high.assign(n, options.clip);
}

ResetResult NormalizeObservation::reset(std::optional<uint64_t> seed) {
  ResetResult result = env_->reset(seed);
  normalizer_.update_and_normalize(result.observation.data(), 1);
  return result;
}

StepResult NormalizeObservation::step(const std::vector<double>& action) {
  StepResult result = env_->step(action);
  normalizer_.update_and_normalize(result.observation.data(), 1);
  return result;
}

}  // namespace tlb::envs
