// Tests envs/wrappers/time_limit.cpp: truncation at the limit, terminated wins.
#include <catch2/catch.hpp>

#include "envs/registry.h"
#include "envs/wrappers/time_limit.h"

TEST_CASE("TimeLimit truncates at max_episode_steps and restarts on reset", "[envs]") {
  tlb::envs::TimeLimit env(tlb::envs::make_env("HalfCheetah-v5"), 5);
  const std::vector<double> zero(6, 0.0);
  for (int episode = 0; episode < 2; ++episode) {
    env.reset(episode);
    for (int t = 1; t <= 5; ++t) {
      const auto result = env.step(zero);
      CHECK(result.truncated == (t == 5));
      CHECK(env.elapsed_steps() == t);
    }
  }
  REQUIRE_THROWS_AS(tlb::envs::TimeLimit(tlb::envs::make_env("HalfCheetah-v5"), 0),
                    std::invalid_argument);
}

TEST_CASE("TimeLimit: a termination on the last step is not also a truncation", "[envs]") {
  // Hopper falls at once from a height below its healthy range.
  tlb::envs::TimeLimit env(tlb::envs::make_env("Hopper-v5"), 1);
  env.reset(0);
  env.mujoco()->data()->qpos[1] = 0.3;
  const auto result = env.step({0.0, 0.0, 0.0});
  CHECK(result.terminated);
  CHECK_FALSE(result.truncated);
}
