// Tests envs/tasks/inverted_double_pendulum.cpp against docs/envs_tasks.md and Gymnasium's
// inverted_double_pendulum_v5.py, including the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "envs/tasks/inverted_double_pendulum.h"
#include "task_checks.h"

using tlb::envs::InvertedDoublePendulum;
namespace testing = tlb::envs::testing;

TEST_CASE("InvertedDoublePendulum-v5 model and spaces match the spec", "[envs]") {
  InvertedDoublePendulum env;
  const mjModel* m = env.model();
  CHECK(m->nq == 3);
  CHECK(m->nbody == 4);
  CHECK(m->ngeom == 5);
  CHECK(m->opt.gravity[0] == 1e-5);
  CHECK(env.dt() == Approx(0.05));
  CHECK(testing::total_mass(m) == Approx(18.8694527).epsilon(1e-8));
  env.reset(0);
  CHECK(env.observation_space().size() == 9);
  CHECK(env.action_space().size() == 1);
  CHECK(env.action_space().high[0] == 1.0);
  // The tip at qpos0 is at height 1.2.
  auto state = env.get_state();
  std::fill(state.qpos.begin(), state.qpos.end(), 0.0);
  env.set_state(state);
  CHECK(env.tip_z() == Approx(1.2));
}

TEST_CASE(
    "InvertedDoublePendulum-v5 runs 1000 random steps with a finite state, "
    "deterministically",
    "[envs]") {
  InvertedDoublePendulum env;
  testing::check_random_steps_finite(env, 1000, 3);
  InvertedDoublePendulum a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("InvertedDoublePendulum-v5 reward terms recomputed, terminates when tip z <= 1",
          "[envs]") {
  InvertedDoublePendulum env;
  env.reset(4);
  const auto r = env.step({0.4});
  const mjData* d = env.data();
  const double x = d->site_xpos[0];
  const double z = d->site_xpos[2];
  const double dist = 0.01 * x * x + (z - 2) * (z - 2);
  const double vel = 1e-3 * d->qvel[1] * d->qvel[1] + 5e-3 * d->qvel[2] * d->qvel[2];
  CHECK_FALSE(r.terminated);
  CHECK(r.info.get("distance_penalty").value() == Approx(-dist).epsilon(1e-12));
  CHECK(r.info.get("velocity_penalty").value() == Approx(-vel).epsilon(1e-12));
  CHECK(r.reward == Approx(10.0 - dist - vel).epsilon(1e-12));
  CHECK(r.observation[1] == std::sin(d->qpos[1]));
  CHECK(r.observation[4] == std::cos(d->qpos[2]));
  CHECK(r.observation[8] == std::clamp(d->qfrc_constraint[0], -10.0, 10.0));

  // Pole lying flat: the tip is far below z = 1; the penalties still apply.
  auto state = env.get_state();
  state.qpos[1] = 1.5;
  env.set_state(state);
  const auto fallen = env.step({0.0});
  CHECK(env.tip_z() <= 1.0);
  CHECK(fallen.terminated);
  CHECK(fallen.info.get("reward_survive") == 0.0);
  CHECK(fallen.reward < 0.0);
}
