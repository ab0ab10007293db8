// Tests envs/wrappers/rescale_action.cpp: [-1, 1] (or given bounds) maps linearly onto the box.
#include <catch2/catch.hpp>

#include <limits>
#include <memory>

#include "envs/wrappers/rescale_action.h"
#include "fake_env.h"

using Catch::Matchers::Contains;
using tlb::envs::Box;
using tlb::envs::RescaleAction;
using tlb::envs::testing::FakeEnv;

TEST_CASE("RescaleAction maps [-1, 1] onto the env's box", "[envs]") {
  auto fake = std::make_unique<FakeEnv>(1, Box{{-3.0, 0.0}, {3.0, 10.0}});
  FakeEnv* inner = fake.get();
  RescaleAction env(std::move(fake));
  CHECK(env.action_space().low == std::vector<double>{-1.0, -1.0});
  CHECK(env.action_space().high == std::vector<double>{1.0, 1.0});
  env.step({-1.0, 1.0});
  env.step({0.0, 0.0});
  env.step({0.5, -0.5});
  CHECK(inner->actions[0] == std::vector<double>{-3.0, 10.0});
  CHECK(inner->actions[1] == std::vector<double>{0.0, 5.0});
  CHECK(inner->actions[2][0] == Approx(1.5));
  CHECK(inner->actions[2][1] == Approx(2.5));
}

TEST_CASE("RescaleAction takes per-entry bounds and rejects bad ones", "[envs]") {
  auto fake = std::make_unique<FakeEnv>(1, Box{{-2.0}, {2.0}});
  FakeEnv* inner = fake.get();
  RescaleAction env(std::move(fake), std::vector<double>{0.0}, std::vector<double>{1.0});
  env.step({0.25});
  CHECK(inner->actions[0][0] == Approx(-1.0));
  CHECK_THROWS_WITH(RescaleAction(std::make_unique<FakeEnv>(1, Box{{-2.0}, {2.0}}), 1.0, 1.0),
                    Contains("low < high"));
  const double inf = std::numeric_limits<double>::infinity();
  CHECK_THROWS_WITH(RescaleAction(std::make_unique<FakeEnv>(1, Box{{-inf}, {inf}})),
                    Contains("env's action space"));
  CHECK_THROWS_WITH(RescaleAction(std::make_unique<FakeEnv>(1, Box{{-2.0}, {2.0}}),
                                  std::vector<double>{0.0, 0.0}, std::vector<double>{1.0, 1.0}),
                    Contains("expects 1 bounds"));
}
