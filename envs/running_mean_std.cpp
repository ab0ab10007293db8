#include "envs/running_mean_std.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tlb::envs {

RunningMeanStd::RunningMeanStd(size_t size)
    : mean_(size, 0.0), var_(size, 1.0), batch_mean_(size), batch_m2_(size) {}

template <typename T>
void RunningMeanStd::update_impl(const T* batch, size_t rows) {
  if (rows == 0) return;
  const size_t n = size();
  // Batch mean and sum of squared deviations, two passes for accuracy.
  std::fill(batch_mean_.begin(), batch_mean_.end(), 0.0);
  std::fill(batch_m2_.begin(), batch_m2_.end(), 0.0);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < n; ++i) batch_mean_[i] += static_cast<double>(batch[r * n + i]);
  }
  for (size_t i = 0; i < n; ++i) batch_mean_[i] /= static_cast<double>(rows);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t i = 0; i < n; ++i) {
      const double d = static_cast<double>(batch[r * n + i]) - batch_mean_[i];
      batch_m2_[i] += d * d;
    }
  }
  // Chan et al.: M2 = M2_a + M2_b + delta^2 * n_a * n_b / (n_a + n_b).
  const double batch_count = static_cast<double>(rows);
  const double total = count_ + batch_count;
  for (size_t i = 0; i < n; ++i) {
    const double delta = batch_mean_[i] - mean_[i];
    const double m2 =
        var_[i] * count_ + batch_m2_[i] + delta * delta * count_ * batch_count / total;
    mean_[i] += delta * batch_count / total;
    var_[i] = m2 / total;
  }
  count_ = total;
}

void RunningMeanStd::update(const float* batch, size_t rows) { update_impl(batch, rows); }
void RunningMeanStd::update(const double* batch, size_t rows) { update_impl(batch, rows); }

RunningMeanStdState RunningMeanStd::state() const { return {count_, mean_, var_}; }

void RunningMeanStd::set_state(const RunningMeanStdState& state) {
  if (state.mean.size() != size() || state.var.size() != size()) {
    throw std::invalid_argument("RunningMeanStd state: expected mean and var of size " +
                                std::to_string(size()) + ", found " +
                                std::to_string(state.mean.size()) + " and " +
                                std::to_string(state.var.size()));
  }
  if (!(state.count > 0.0)) {
    throw std::invalid_argument("RunningMeanStd state: expected count > 0, found " +
                                std::to_string(state.count));
  }
  count_ = state.count;
  mean_ = state.mean;
  var_ = state.var;
}

}  // namespace tlb::envs
