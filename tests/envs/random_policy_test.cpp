// Tests envs/random_policy.cpp: random-policy episodes through the one episode loop.
#include <catch2/catch.hpp>

#include <cmath>

#include "envs/random_policy.h"
#include "envs/registry.h"

TEST_CASE("run_random_policy runs whole episodes, reproducibly per seed", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5:max_episode_steps=50");
  const auto a = tlb::envs::run_random_policy(*env, 3, 5);
  REQUIRE(a.returns.size() == 3);
  for (double length : a.lengths) {
    CHECK(length >= 1);
    CHECK(length <= 50);
  }
  CHECK(tlb::envs::run_random_policy(*env, 3, 5).returns == a.returns);
  CHECK(tlb::envs::run_random_policy(*env, 3, 6).returns != a.returns);
  CHECK(a.returns[0] != a.returns[1]);
}
