#include "envs/normalization.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace tlb::envs {

ObservationNormalizer::ObservationNormalizer(size_t obs_dim, ObservationNormalizerOptions options)
    : options_(options), stats_(obs_dim) {
  if (!(options_.clip > 0.0) || !(options_.epsilon >= 0.0)) {
    throw std::invalid_argument(
        "ObservationNormalizer: expected clip > 0 and epsilon >= 0, found " +
        std::to_string(options_.clip) + " and " + std::to_string(options_.epsilon));
  }
}

template <typename T>
void ObservationNormalizer::normalize_impl(T* batch, size_t rows) const {
  const size_t n = obs_dim();
  const auto& mean = stats_.mean();
  const auto& var = stats_.var();
  for (size_t i = 0; i < n; ++i) {
    const double inv_std = 1.0 / std::sqrt(var[i] + options_.epsilon);
    for (size_t r = 0; r < rows; ++r) {
      T& x = batch[r * n + i];
      const double z = (static_cast<double>(x) - mean[i]) * inv_std;
      x = static_cast<T>(std::clamp(z, -options_.clip, options_.clip));
    }
  }
}

void ObservationNormalizer::update_and_normalize(float* batch, size_t rows) {
  if (!frozen_) stats_.update(batch, rows);
  normalize_impl(batch, rows);
}

void ObservationNormalizer::update_and_normalize(double* batch, size_t rows) {
  if (!frozen_) stats_.update(batch, rows);
  normalize_impl(batch, rows);
}

void ObservationNormalizer::normalize(float* batch, size_t rows) const {
  normalize_impl(batch, rows);
}

void ObservationNormalizer::normalize(double* batch, size_t rows) const {
  normalize_impl(batch, rows);
}

RewardScaler::RewardScaler(size_t num_envs, RewardScalerOptions options)
    : options_(options), stats_(1), returns_(num_envs, 0.0) {
  if (!(options_.gamma >= 0.0 && options_.gamma <= 1.0)) {
    throw std::invalid_argument("RewardScaler: expected gamma in [0, 1], found " +
                                std::to_string(options_.gamma));
  }
  if (!(options_.clip > 0.0) || !(options_.epsilon >= 0.0)) {
    throw std::invalid_argument("RewardScaler: expected clip > 0 and epsilon >= 0, found " +
                                std::to_string(options_.clip) + " and " +
                                std::to_string(options_.epsilon));
  }
}

template <typename T>
void RewardScaler::scale_impl(T* rewards, const uint8_t* episode_ended) {
  const size_t n = num_envs();
  for (size_t i = 0; i < n; ++i) {
    returns_[i] = returns_[i] * options_.gamma + static_cast<double>(rewards[i]);
  }
  if (!frozen_) stats_.update(returns_.data(), n);
  const double inv_std = 1.0 / std::sqrt(stats_.var()[0] + options_.epsilon);
  for (size_t i = 0; i < n; ++i) {
    const double scaled = static_cast<double>(rewards[i]) * inv_std;
    rewards[i] = static_cast<T>(std::clamp(scaled, -options_.clip, options_.clip));
    if (episode_ended[i]) returns_[i] = 0.0;
  }
}

void RewardScaler::reset_returns() { std::fill(returns_.begin(), returns_.end(), 0.0); }

void RewardScaler::scale(float* rewards, const uint8_t* episode_ended) {
  scale_impl(rewards, episode_ended);
}

void RewardScaler::scale(double* rewards, const uint8_t* episode_ended) {
  scale_impl(rewards, episode_ended);
}

}  // namespace tlb::envs
