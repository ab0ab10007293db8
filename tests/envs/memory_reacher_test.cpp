// Tests envs/tasks/memory_reacher.cpp: the cue, the hidden target, the arm scramble, the
// delayed reward window and the episode's end.
#include <catch2/catch.hpp>

#include <cmath>

#include "envs/registry.h"
#include "envs/tasks/memory_reacher.h"
#include "task_checks.h"

using Catch::Matchers::Contains;
using tlb::envs::MemoryReacher;
using tlb::envs::MemoryReacherOptions;
namespace testing = tlb::envs::testing;

TEST_CASE("MemoryReacher-v0 shows the target only during the cue", "[envs]") {
  MemoryReacher env;
  REQUIRE(env.episode_length() == 5 + 64 + 16);
  const auto reset = env.reset(3);
  REQUIRE(reset.observation.size() == 13);
  CHECK(reset.observation[8] == env.target_x());
  CHECK(reset.observation[9] == env.target_y());
  CHECK(std::hypot(env.target_x(), env.target_y()) < 0.2);
  CHECK(reset.observation[10] == 1.0);
  for (int k = 1; k <= env.episode_length(); ++k) {
    const auto r = env.step({0.1, -0.1});
    const bool visible = k < 5;
    CHECK(r.observation[10] == (visible ? 1.0 : 0.0));
    if (!visible) {
      CHECK(r.observation[8] == 0.0);
      CHECK(r.observation[9] == 0.0);
    }
    CHECK(r.observation[11] == Approx(k / 85.0));
    CHECK(r.observation[12] == (k >= 69 ? 1.0 : 0.0));
    // Distance pays only in the reach window, steps 70..85.
    const double ctrl = -0.1 * 0.02;
    if (k <= 69) {
      CHECK(r.info.get("reward_dist") == 0.0);
      CHECK(r.reward == Approx(ctrl));
    } else {
      CHECK(r.reward == Approx(ctrl - env.fingertip_distance()).epsilon(1e-12));
    }
    CHECK(r.terminated == (k == 85));
  }
}

TEST_CASE("MemoryReacher-v0 moves the arm to a random pose when the cue ends", "[envs]") {
  MemoryReacherOptions o;
  o.cue_steps = 2;
  MemoryReacher env(o);
  double moved = 0.0;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    env.reset(seed);
    env.step({0.0, 0.0});
    const auto before = env.step({0.0, 0.0}).observation;  // step 2: last before the scramble
    const auto after = env.step({0.0, 0.0}).observation;   // step 3 starts with the scramble
    moved += std::hypot(after[6] - before[6], after[7] - before[7]);
  }
  CHECK(moved / 20 > 0.05);  // far more than zero-action drift over one step

  o.scramble_arm = false;
  MemoryReacher still(o);
  still.reset(0);
  still.step({0.0, 0.0});
  const auto before = still.step({0.0, 0.0}).observation;
  const auto after = still.step({0.0, 0.0}).observation;
  CHECK(std::hypot(after[6] - before[6], after[7] - before[7]) < 0.01);
}

TEST_CASE("MemoryReacher-v0 runs 1000 random steps with a finite state, deterministically",
          "[envs]") {
  MemoryReacher env;
  testing::check_random_steps_finite(env, 1000, 3);
  MemoryReacher a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("MemoryReacher-v0 options come from the registry and are checked", "[envs]") {
  auto env = tlb::envs::make_env("MemoryReacher-v0:delay=10,cue_steps=3,reach_steps=2");
  env->reset(0);
  int steps = 0;
  for (bool done = false; !done; ++steps) {
    const auto r = env->step({0.0, 0.0});
    done = r.terminated || r.truncated;
    if (done) CHECK(r.terminated);
  }
  CHECK(steps == 15);
  CHECK_THROWS_WITH(tlb::envs::make_env("MemoryReacher-v0:reach_steps=0"),
                    Contains("reach_steps") && Contains(">= 1"));
}
