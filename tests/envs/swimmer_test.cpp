// Tests envs/tasks/swimmer.cpp against docs/envs_tasks.md and Gymnasium's swimmer_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include "envs/tasks/swimmer.h"
#include "task_checks.h"

using tlb::envs::Swimmer;
namespace testing = tlb::envs::testing;

TEST_CASE("Swimmer-v5 model and spaces match the spec", "[envs]") {
  Swimmer env;
  const mjModel* m = env.model();
  CHECK(m->nq == 5);
  CHECK(m->nu == 2);
  CHECK(m->nbody == 4);
  CHECK(m->ngeom == 4);
  CHECK(m->opt.density == 4000);
  CHECK(m->opt.viscosity == Approx(0.1));
  CHECK(env.dt() == Approx(0.04));
  CHECK(testing::total_mass(m) == Approx(106.81415).epsilon(1e-8));
  CHECK(m->body_mass[1] == Approx(35.6047167).epsilon(1e-8));
  CHECK(env.observation_space().size() == 8);
  CHECK(env.action_space().size() == 2);
  CHECK(env.position_observation_indices() == std::vector<int>{0, 1, 2});
  CHECK(env.velocity_observation_indices() == std::vector<int>{3, 4, 5, 6, 7});
}

TEST_CASE("Swimmer-v5 runs 1000 random steps with a finite state, deterministically", "[envs]") {
  Swimmer env;
  testing::check_random_steps_finite(env, 1000, 3);
  Swimmer a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("Swimmer-v5 reward terms recomputed from the state, it never terminates", "[envs]") {
  Swimmer env;
  const auto reset = env.reset(3);
  CHECK(reset.info.contains("distance_from_origin"));
  double x_before = env.data()->qpos[0];
  for (int t = 0; t < 100; ++t) {
    const std::vector<double> action = {t % 10 < 5 ? 1.0 : -1.0, t % 10 < 5 ? -1.0 : 1.0};
    const auto r = env.step(action);
    const double vx = (env.data()->qpos[0] - x_before) / 0.04;
    CHECK(r.reward == Approx(vx - 1e-4 * 2.0).epsilon(1e-12));
    CHECK(r.info.get("x_position") == env.data()->qpos[0]);
    CHECK_FALSE(r.terminated);
    CHECK(r.observation[0] == env.data()->qpos[2]);
    x_before = env.data()->qpos[0];
  }
}

TEST_CASE("Swimmer-v5 with positions included observes x, y first", "[envs]") {
  tlb::envs::SwimmerOptions o;
  o.exclude_current_positions_from_observation = false;
  Swimmer env(o);
  CHECK(env.observation_space().size() == 10);
  const auto obs = env.reset(1).observation;
  CHECK(obs[0] == env.data()->qpos[0]);
  CHECK(obs[1] == env.data()->qpos[1]);
  CHECK(env.position_observation_indices().size() == 5);
  CHECK(env.velocity_observation_indices().front() == 5);
}
