// Normalisation used at the vector level: observations by running mean/std, rewards by the
// running std of the discounted return (Gymnasium's NormalizeObservation / NormalizeReward, as
// CleanRL uses them). Both work in place on row-major buffers, [N, obs] and [N], and expose
// their statistics as plain state so checkpoints can save and restore them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "envs/running_mean_std.h"

namespace tlb::envs {

struct ObservationNormalizerOptions {
  double clip = 10.0;     // normalised values are clipped to [-clip, clip] (CleanRL: 10)
  double epsilon = 1e-8;  // added to the variance before the square root (Gymnasium: 1e-8)
};

// obs <- clip((obs - mean) / sqrt(var + epsilon), -clip, clip), per entry.
class ObservationNormalizer {
 public:
  explicit ObservationNormalizer(size_t obs_dim, ObservationNormalizerOptions options = {});

  size_t obs_dim() const { return stats_.size(); }

  // Updates the statistics with `rows` observations (unless frozen), then normalises them in
  // place. `batch` is [rows, obs_dim].
  void update_and_normalize(float* batch, size_t rows);
  void update_and_normalize(double* batch, size_t rows);
  // Normalises in place with the current statistics, without updating them.
  void normalize(float* batch, size_t rows) const;
  void normalize(double* batch, size_t rows) const;

  // Frozen: statistics stay fixed (evaluation).
  void set_frozen(bool frozen) { frozen_ = frozen; }
  bool frozen() const { return frozen_; }

  const RunningMeanStd& statistics() const { return stats_; }
  RunningMeanStdState state() const { return stats_.state(); }
  void set_state(const RunningMeanStdState& state) { stats_.set_state(state); }

 private:
  template <typename T>
  void normalize_impl(T* batch, size_t rows) const;

  ObservationNormalizerOptions options_;
  RunningMeanStd stats_;
  bool frozen_ = false;
};

struct RewardScalerOptions {
  double gamma = 0.99;    // discount of the running return (CleanRL: gamma of the agent)
  double clip = 10.0;     // scaled rewards are clipped to [-clip, clip] (CleanRL: 10)
  double epsilon = 1e-8;  // added to the variance before the square root (Gymnasium: 1e-8)
};

// Per env i: G_i <- gamma * G_i + r_i; the running variance of all G_i is updated; then
// r_i <- clip(r_i / sqrt(var + epsilon)); when env i's episode ended on this step, G_i <- 0.
// No mean is subtracted, so the reward's sign is kept.
class RewardScaler {
 public:
  explicit RewardScaler(size_t num_envs, RewardScalerOptions options = {});

  size_t num_envs() const { return returns_.size(); }

  // `rewards` and `episode_ended` (terminated or truncated) are [num_envs].
  void scale(float* rewards, const uint8_t* episode_ended);
  void scale(double* rewards, const uint8_t* episode_ended);

  // Frozen: the return statistics stay fixed (evaluation); returns are still tracked.
  void set_frozen(bool frozen) { frozen_ = frozen; }
  bool frozen() const { return frozen_; }

  const RunningMeanStd& statistics() const { return stats_; }
  const std::vector<double>& returns() const { return returns_; }
  // Every env's running return restarts at 0 (all episodes start anew); statistics stay.
  void reset_returns();
  // The statistics; the per-env running returns are transient (restart at 0) and not saved.
  RunningMeanStdState state() const { return stats_.state(); }
  void set_state(const RunningMeanStdState& state) { stats_.set_state(state); }

 private:
  template <typename T>
  void scale_impl(T* rewards, const uint8_t* episode_ended);

  RewardScalerOptions options_;
  RunningMeanStd stats_;  // of the scalar discounted return, size 1
  std::vector<double> returns_;
  bool frozen_ = false;
};

}  // namespace tlb::envs
