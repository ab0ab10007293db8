// Tests envs/tasks/inverted_pendulum.cpp against docs/envs_tasks.md and Gymnasium's
// inverted_pendulum_v5.py, including the model's counts and derived figures.
#include <catch2/catch.hpp>

#include "envs/tasks/inverted_pendulum.h"
#include "task_checks.h"

using tlb::envs::InvertedPendulum;
namespace testing = tlb::envs::testing;

TEST_CASE("InvertedPendulum-v5 model and spaces match the spec", "[envs]") {
  InvertedPendulum env;
  const mjModel* m = env.model();
  CHECK(m->nq == 2);
  CHECK(m->nbody == 3);
  CHECK(m->ngeom == 3);
  CHECK(env.dt() == Approx(0.04));
  CHECK(testing::total_mass(m) == Approx(15.4905672).epsilon(1e-8));
  CHECK(m->body_mass[1] == Approx(10.4719755).epsilon(1e-8));
  CHECK(env.observation_space().size() == 4);
  REQUIRE(env.action_space().size() == 1);
  CHECK(env.action_space().low[0] == -3.0);
  CHECK(env.action_space().high[0] == 3.0);
}

TEST_CASE("InvertedPendulum-v5 runs 1000 random steps with a finite state, deterministically",
          "[envs]") {
  InvertedPendulum env;
  testing::check_random_steps_finite(env, 1000, 3);
  InvertedPendulum a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("InvertedPendulum-v5 pays 1 while |angle| <= 0.2 and terminates beyond", "[envs]") {
  InvertedPendulum env;
  auto r = env.step({0.0});
  env.reset(1);
  r = env.step({0.0});
  CHECK(r.reward == 1.0);
  CHECK_FALSE(r.terminated);
  CHECK(r.info.get("reward_survive") == 1.0);
  CHECK(r.observation[1] == env.data()->qpos[1]);
  // Tilt the pole well past the bound: the next step terminates with reward 0.
  auto state = env.get_state();
  state.qpos[1] = 0.3;
  env.set_state(state);
  r = env.step({0.0});
  CHECK(env.data()->qpos[1] > 0.2);
  CHECK(r.terminated);
  CHECK(r.reward == 0.0);
}
