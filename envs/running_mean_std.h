// Running mean and variance of vectors, merged batch by batch with the parallel form of
// Welford's algorithm (Chan et al., "Updating formulae and a pairwise algorithm for computing
// sample variances", 1979), in double precision. Its state is three plain values so checkpoints
// can store it: count, mean (one per entry), var (one per entry, population variance).
#pragma once

#include <cstddef>
#include <vector>

namespace tlb::envs {

// The saved form of a RunningMeanStd.
struct RunningMeanStdState {
  double count = 0.0;
  std::vector<double> mean;
  std::vector<double> var;
};

class RunningMeanStd {
 public:
  // Gymnasium starts the count at 1e-4 with mean 0 and variance 1, so the first batch dominates
  // and a division by sqrt(var) is safe before any update; tlb does the same.
  static constexpr double kInitialCount = 1e-4;

  explicit RunningMeanStd(size_t size);

  size_t size() const { return mean_.size(); }
  double count() const { return count_; }
  const std::vector<double>& mean() const { return mean_; }
  const std::vector<double>& var() const { return var_; }

  // Merges a batch of `rows` vectors laid out row-major as [rows, size()].
  void update(const float* batch, size_t rows);
  void update(const double* batch, size_t rows);

  RunningMeanStdState state() const;
  // Throws std::invalid_argument when the state's sizes differ from size() or count <= 0.
  void set_state(const RunningMeanStdState& state);

 private:
  template <typename T>
  void update_impl(const T* batch, size_t rows);

  double count_ = kInitialCount;
  std::vector<double> mean_;
  std::vector<double> var_;
  std::vector<double> batch_mean_;  // scratch, kept to avoid allocating per update
  std::vector<double> batch_m2_;
};

}  // namespace tlb::envs
