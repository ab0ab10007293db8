// Tests envs/wrappers/clip_action.cpp: actions reach the env clipped to its box.
#include <catch2/catch.hpp>

#include <memory>

#include "envs/wrappers/clip_action.h"
#include "fake_env.h"

using tlb::envs::Box;
using tlb::envs::ClipAction;
using tlb::envs::testing::FakeEnv;

TEST_CASE("ClipAction clips each entry to the env's bounds", "[envs]") {
  auto fake = std::make_unique<FakeEnv>(2, Box{{-1.0, 0.0}, {1.0, 3.0}});
  FakeEnv* inner = fake.get();
  ClipAction env(std::move(fake));
  env.reset(0);
  env.step({-5.0, 5.0});
  env.step({0.5, 2.0});
  REQUIRE(inner->actions.size() == 2);
  CHECK(inner->actions[0] == std::vector<double>{-1.0, 3.0});
  CHECK(inner->actions[1] == std::vector<double>{0.5, 2.0});
}
