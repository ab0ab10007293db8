// Tests envs/wrappers/normalize_observation.cpp and envs/wrappers/scale_reward.cpp: the
// single-env wrappers on top of ObservationNormalizer and RewardScaler.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>

#include "envs/wrappers/normalize_observation.h"
#include "envs/wrappers/scale_reward.h"
#include "fake_env.h"

using tlb::envs::Box;
using tlb::envs::NormalizeObservation;
using tlb::envs::ScaleReward;
using tlb::envs::testing::FakeEnv;

TEST_CASE("NormalizeObservation updates per observation and bounds the space", "[envs]") {
  NormalizeObservation env(std::make_unique<FakeEnv>(2, Box{{-1.0}, {1.0}}));
  CHECK(env.observation_space().high[0] == 10.0);
  env.reset(0);                    // observation (1, 2)
  const auto r = env.step({0.0});  // observation (11, 12)
  const auto& stats = env.normalizer().statistics();
  CHECK(stats.count() == Approx(2.0001));
  CHECK(r.observation[0] == Approx((11.0 - stats.mean()[0]) / std::sqrt(stats.var()[0] + 1e-8)));
  CHECK(r.observation[0] > 0.9);  // the larger of two samples is about one std above the mean
}

TEST_CASE("ScaleReward keeps the raw reward in the info and scales the reward", "[envs]") {
  ScaleReward env(std::make_unique<FakeEnv>(1, Box{{-1.0}, {1.0}}, 3));
  env.reset(0);
  const auto r = env.step({0.0});
  CHECK(r.info.get("reward_unscaled") == 1.0);
  const double var = env.scaler().statistics().var()[0];
  CHECK(r.reward == Approx(std::min(10.0, 1.0 / std::sqrt(var + 1e-8))));
  env.step({0.0});
  env.step({0.0});  // terminates: the running return restarts
  CHECK(env.scaler().returns()[0] == 0.0);
}
