// Tests envs/normalization.cpp: ObservationNormalizer and RewardScaler against direct formulas.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "envs/normalization.h"

using tlb::envs::ObservationNormalizer;
using tlb::envs::RewardScaler;
using tlb::envs::RunningMeanStd;

TEST_CASE("ObservationNormalizer normalises float batches with its updated statistics", "[envs]") {
  ObservationNormalizer norm(2);
  std::vector<float> batch = {1.0f, 100.0f, 3.0f, 300.0f, 5.0f, 200.0f, 7.0f, -1e6f};
  const std::vector<float> raw = batch;
  norm.update_and_normalize(batch.data(), 4);
  const auto& mean = norm.statistics().mean();
  const auto& var = norm.statistics().var();
  for (size_t r = 0; r < 4; ++r) {
    for (size_t i = 0; i < 2; ++i) {
      const double z = (raw[r * 2 + i] - mean[i]) / std::sqrt(var[i] + 1e-8);
      CHECK(batch[r * 2 + i] == Approx(std::clamp(z, -10.0, 10.0)).epsilon(1e-6));
    }
  }
  CHECK(mean[0] == Approx(4.0).epsilon(1e-4));
  CHECK(var[0] == Approx(5.0).epsilon(1e-4));  // population variance of 1, 3, 5, 7

  // Frozen: statistics stay; a value far out is clipped to the bound.
  norm.set_frozen(true);
  std::vector<float> far = {1e9f, 0.0f};
  const auto before = norm.state();
  norm.update_and_normalize(far.data(), 1);
  CHECK(norm.state().mean == before.mean);
  CHECK(far[0] == 10.0f);

  ObservationNormalizer restored(2);
  restored.set_state(norm.state());
  std::vector<float> a = {2.0f, 50.0f}, b = a;
  norm.normalize(a.data(), 1);
  restored.normalize(b.data(), 1);
  CHECK(a == b);
}

TEST_CASE("RewardScaler divides by the std of discounted returns and resets them", "[envs]") {
  const double gamma = 0.9;
  RewardScaler scaler(2, {gamma, 10.0, 1e-8});
  RunningMeanStd direct(1);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> reward(-1.0, 2.0);
  double g[2] = {0.0, 0.0};
  for (int t = 0; t < 200; ++t) {
    float r[2] = {static_cast<float>(reward(rng)), static_cast<float>(reward(rng))};
    const uint8_t ended[2] = {static_cast<uint8_t>(t % 17 == 16), static_cast<uint8_t>(t % 5 == 4)};
    for (int i = 0; i < 2; ++i) g[i] = gamma * g[i] + r[i];
    direct.update(g, 2);
    const double scale = 1.0 / std::sqrt(direct.var()[0] + 1e-8);
    const float raw[2] = {r[0], r[1]};
    scaler.scale(r, ended);
    for (int i = 0; i < 2; ++i) {
      CHECK(r[i] == Approx(std::clamp(raw[i] * scale, -10.0, 10.0)).epsilon(1e-5));
      if (ended[i]) g[i] = 0.0;
      CHECK(scaler.returns()[i] == Approx(g[i]).epsilon(1e-6));
    }
  }
  // No mean subtraction: a positive reward stays positive.
  float positive[2] = {0.5f, 0.5f};
  const uint8_t none[2] = {0, 0};
  scaler.scale(positive, none);
  CHECK(positive[0] > 0.0f);

  RewardScaler restored(2, {gamma, 10.0, 1e-8});
  restored.set_state(scaler.state());
  CHECK(restored.statistics().var() == scaler.statistics().var());

  // reset_returns restarts every running return and keeps the statistics.
  REQUIRE(scaler.returns()[0] != 0.0);
  const auto var = scaler.statistics().var();
  scaler.reset_returns();
  CHECK(scaler.returns() == std::vector<double>{0.0, 0.0});
  CHECK(scaler.statistics().var() == var);
  CHECK_THROWS_AS(RewardScaler(1, {1.5, 10.0, 1e-8}), std::invalid_argument);
}
