// Tests envs/running_mean_std.cpp: batched merges equal a direct computation; state round trip.
#include <catch2/catch.hpp>

#include <random>

#include "envs/running_mean_std.h"

using tlb::envs::RunningMeanStd;

TEST_CASE("RunningMeanStd merged over uneven batches matches a direct computation", "[envs]") {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  const size_t n = 3;
  std::vector<double> data;
  for (int r = 0; r < 1000; ++r) {
    for (size_t i = 0; i < n; ++i) data.push_back(5.0 * i + (1.0 + i) * normal(rng));
  }
  RunningMeanStd stats(n);
  size_t row = 0;
  for (size_t batch : {1, 7, 100, 2, 890}) {
    stats.update(data.data() + row * n, batch);
    row += batch;
  }
  REQUIRE(row == 1000);
  // Direct values, including the prior (count 1e-4, mean 0, var 1) that the merge starts from.
  const double c0 = RunningMeanStd::kInitialCount;
  for (size_t i = 0; i < n; ++i) {
    double sum = 0.0, sq = 0.0;
    for (size_t r = 0; r < 1000; ++r) sum += data[r * n + i];
    const double mean = sum / 1000.0;
    for (size_t r = 0; r < 1000; ++r) sq += (data[r * n + i] - mean) * (data[r * n + i] - mean);
    const double total = c0 + 1000.0;
    const double merged_mean = mean * 1000.0 / total;
    const double merged_var = (c0 * 1.0 + sq + mean * mean * c0 * 1000.0 / total) / total;
    CHECK(stats.mean()[i] == Approx(merged_mean).epsilon(1e-12));
    CHECK(stats.var()[i] == Approx(merged_var).epsilon(1e-12));
    CHECK(stats.var()[i] == Approx(sq / 1000.0).epsilon(1e-5));  // the prior is negligible
  }
  CHECK(stats.count() == Approx(1000.0001));

  RunningMeanStd copy(n);
  copy.set_state(stats.state());
  CHECK(copy.mean() == stats.mean());
  CHECK(copy.var() == stats.var());
  CHECK(copy.count() == stats.count());
  CHECK_THROWS_AS(RunningMeanStd(2).set_state(stats.state()), std::invalid_argument);
}
