// Small helpers the task files share.
#pragma once

#include <algorithm>
#include <vector>

namespace tlb::envs {

// {begin, begin + 1, ..., end - 1}.
inline std::vector<int> index_range(int begin, int end) {
  std::vector<int> indices;
  for (int i = begin; i < end; ++i) indices.push_back(i);
  return indices;
}

inline double sum_of_squares(const std::vector<double>& values) {
  double sum = 0.0;
  for (double v : values) sum += v * v;
  return sum;
}

// Gymnasium's healthy checks are strict: low < value < high.
inline bool strictly_inside(double value, double low, double high) {
  return low < value && value < high;
}

}  // namespace tlb::envs
