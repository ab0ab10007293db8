// Tests envs/wrappers/episode_statistics.cpp: return and length on the episode's last step.
#include <catch2/catch.hpp>

#include <memory>

#include "envs/wrappers/episode_statistics.h"
#include "fake_env.h"

using tlb::envs::Box;
using tlb::envs::EpisodeStatistics;
using tlb::envs::testing::FakeEnv;

TEST_CASE("EpisodeStatistics reports return and length only on the final step", "[envs]") {
  EpisodeStatistics env(std::make_unique<FakeEnv>(1, Box{{-1.0}, {1.0}}, 4));
  for (int episode = 0; episode < 2; ++episode) {
    env.reset();
    for (int t = 1; t <= 4; ++t) {
      const auto r = env.step({0.0});
      if (t < 4) {
        CHECK_FALSE(r.info.contains("episode_return"));
      } else {
        REQUIRE(r.terminated);
        CHECK(r.info.get("episode_return") == 1.0 + 2.0 + 3.0 + 4.0);
        CHECK(r.info.get("episode_length") == 4.0);
      }
    }
  }
}
