// Tests envs/tasks/reacher.cpp against docs/envs_tasks.md and Gymnasium's reacher_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <cmath>

#include "envs/tasks/reacher.h"
#include "task_checks.h"

using tlb::envs::Reacher;
namespace testing = tlb::envs::testing;

TEST_CASE("Reacher-v5 model and spaces match the spec", "[envs]") {
  Reacher env;
  const mjModel* m = env.model();
  CHECK(m->nq == 4);
  CHECK(m->nbody == 5);
  CHECK(m->ngeom == 10);
  CHECK(env.dt() == Approx(0.02));
  CHECK(testing::total_mass(m) == Approx(0.0784518517).epsilon(1e-8));
  CHECK(m->qpos0[2] == 0.1);
  CHECK(m->qpos0[3] == -0.1);
  CHECK(env.observation_space().size() == 10);
  CHECK(env.action_space().size() == 2);
}

TEST_CASE("Reacher-v5 runs 1000 random steps with a finite state, deterministically", "[envs]") {
  Reacher env;
  testing::check_random_steps_finite(env, 1000, 3);
  Reacher a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("Reacher-v5 targets lie in the open disc and stay put, reward recomputed", "[envs]") {
  Reacher env;
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const auto reset = env.reset(seed);
    const double gx = reset.observation[4], gy = reset.observation[5];
    CHECK(std::hypot(gx, gy) < 0.2);
    CHECK(env.data()->qvel[2] == 0.0);
    const std::vector<double> action = {0.5, -0.25};
    const auto r = env.step(action);
    const mjData* d = env.data();
    CHECK(r.observation[4] == gx);  // static target
    const double dx = d->xpos[3 * 3] - d->xpos[3 * 4];
    const double dy = d->xpos[3 * 3 + 1] - d->xpos[3 * 4 + 1];
    CHECK(r.observation[8] == dx);
    CHECK(r.info.get("reward_dist").value() == Approx(-std::hypot(dx, dy)).epsilon(1e-12));
    CHECK(r.info.get("reward_ctrl").value() == Approx(-(0.25 + 0.0625)).epsilon(1e-12));
    CHECK(r.reward == Approx(-std::hypot(dx, dy) - 0.3125).epsilon(1e-12));
    CHECK_FALSE(r.terminated);
  }
}
