// Tests envs/tasks/ant.cpp against docs/envs_tasks.md and Gymnasium's ant_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "envs/tasks/ant.h"
#include "task_checks.h"

using tlb::envs::Ant;
using tlb::envs::AntOptions;
namespace testing = tlb::envs::testing;

TEST_CASE("Ant-v5 model and spaces match the spec", "[envs]") {
  Ant env;
  const mjModel* m = env.model();
  CHECK(m->nq == 15);
  CHECK(m->nv == 14);
  CHECK(m->nu == 8);
  CHECK(m->nbody == 14);
  CHECK(m->njnt == 9);
  CHECK(m->ngeom == 14);
  CHECK(m->opt.integrator == mjINT_RK4);
  CHECK(env.dt() == Approx(0.05));
  CHECK(testing::total_mass(m) == Approx(0.910880083).epsilon(1e-8));
  CHECK(m->body_mass[1] == Approx(0.327249235).epsilon(1e-8));
  const double qpos0[] = {0, 0, 0.75, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 15; ++i) CHECK(m->qpos0[i] == qpos0[i]);
  // Actuator 0 drives hip_4 (qpos 13 -> joint 7), actuator 2 drives hip_1 (joint 1).
  CHECK(m->actuator_trnid[0] == 7);
  CHECK(m->actuator_trnid[4] == 1);
  CHECK(m->actuator_gear[0] == 150);
  CHECK(env.observation_space().size() == 105);
  REQUIRE(env.action_space().size() == 8);
  CHECK(env.action_space().low[0] == -1.0);
  CHECK(env.action_space().high[7] == 1.0);

  AntOptions o;
  o.exclude_current_positions_from_observation = false;
  CHECK(Ant(o).observation_space().size() == 107);
  o.include_cfrc_ext_in_observation = false;
  CHECK(Ant(o).observation_space().size() == 29);
}

TEST_CASE("Ant-v5 runs 1000 random steps with a finite state, deterministically", "[envs]") {
  Ant env;
  testing::check_random_steps_finite(env, 1000, 3);
  Ant a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("Ant-v5 reward terms recomputed from the state", "[envs]") {
  Ant env;
  env.reset(5);
  std::mt19937_64 rng(1);
  int steps_with_contact = 0;
  // 40 steps: the ant lands after about 6, so cfrc_ext is non-zero on many of them.
  for (int t = 0; t < 40; ++t) {
    const std::vector<double> action = testing::random_action(env.action_space(), rng);
    const double x_before = env.data()->xpos[3];
    const double y_before = env.data()->xpos[4];
    const auto r = env.step(action);
    const mjData* d = env.data();
    double contact = 0.0;
    for (int i = 0; i < 14 * 6; ++i) {
      const double f = std::clamp(d->cfrc_ext[i], -1.0, 1.0);
      contact += f * f;
    }
    contact *= 5e-4;
    if (contact > 0.0) ++steps_with_contact;
    double ctrl = 0.0;
    for (double a : action) ctrl += a * a;
    ctrl *= 0.5;
    const double vx = (d->xpos[3] - x_before) / 0.05;
    const double healthy = (d->qpos[2] >= 0.2 && d->qpos[2] <= 1.0) ? 1.0 : 0.0;
    CHECK(r.info.get("x_velocity").value() == Approx(vx).epsilon(1e-12));
    CHECK(r.info.get("y_velocity").value() ==
          Approx((d->xpos[4] - y_before) / 0.05).epsilon(1e-12));
    CHECK(r.info.get("reward_ctrl").value() == Approx(-ctrl).epsilon(1e-12));
    CHECK(r.info.get("reward_contact").value() == Approx(-contact).epsilon(1e-12));
    CHECK(r.info.get("reward_survive").value() == healthy);
    CHECK(r.reward == Approx(vx + healthy - ctrl - contact).epsilon(1e-12));
    CHECK(r.info.get("distance_from_origin").value() == Approx(std::hypot(d->qpos[0], d->qpos[1])));
    // Observation: qpos[2:], qvel, then clipped cfrc_ext of bodies 1..13.
    CHECK(r.observation[0] == d->qpos[2]);
    CHECK(r.observation[13] == d->qvel[0]);
    for (int i = 0; i < 78; ++i) {
      CHECK(r.observation[27 + i] == std::clamp(d->cfrc_ext[6 + i], -1.0, 1.0));
    }
  }
  CHECK(steps_with_contact > 5);
}

TEST_CASE("Ant-v5 healthy z range is inclusive and ends the episode", "[envs]") {
  Ant env;
  env.reset(0);
  mjData* d = env.data();
  d->qpos[2] = 0.2;
  CHECK(env.is_healthy());
  d->qpos[2] = 0.2 - 1e-9;
  CHECK_FALSE(env.is_healthy());
  d->qpos[2] = 1.0;
  CHECK(env.is_healthy());
  d->qpos[2] = 1.0 + 1e-9;
  CHECK_FALSE(env.is_healthy());

  // The torso starts at about 0.75: a healthy range below it terminates the first step.
  AntOptions low;
  low.healthy_z_range = {0.1, 0.5};
  Ant strict(low);
  strict.reset(0);
  const auto r = strict.step(std::vector<double>(8, 0.0));
  CHECK(r.terminated);
  CHECK(r.info.get("reward_survive") == 0.0);
  env.reset(0);
  CHECK_FALSE(env.step(std::vector<double>(8, 0.0)).terminated);
}

TEST_CASE("Ant-v5 -P/-V index lists cover joint positions and velocities", "[envs]") {
  Ant env;
  const auto p = env.position_observation_indices();
  const auto v = env.velocity_observation_indices();
  REQUIRE(p.size() == 13);
  REQUIRE(v.size() == 14);
  CHECK(p.front() == 0);
  CHECK(p.back() == 12);
  CHECK(v.front() == 13);
  CHECK(v.back() == 26);
}
