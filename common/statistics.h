// Summary statistics of a sample (returns, lengths), as the commands print them.
#pragma once

#include <vector>

namespace tlb::common {

// Mean, population standard deviation, min and max; all 0 for an empty sample.
struct Summary {
  double mean = 0.0;
  double std = 0.0;
  double min = 0.0;
  double max = 0.0;
};

Summary summarize(const std::vector<double>& values);

}  // namespace tlb::common
