// Tests envs/tasks/walker2d.cpp against docs/envs.md and Gymnasium's walker2d_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include "envs/registry.h"
#include "envs/tasks/walker2d.h"

using tlb::envs::Walker2d;

TEST_CASE("Walker2d-v5 model matches the spec's counts and derived figures", "[envs]") {
  Walker2d env;
  const mjModel* m = env.model();
  CHECK(m->nq == 9);
  CHECK(m->nu == 6);
  CHECK(m->nbody == 8);
  CHECK(m->ngeom == 8);
  CHECK(m->opt.integrator == mjINT_RK4);
  double total = 0.0;
  for (int i = 0; i < m->nbody; ++i) total += m->body_mass[i];
  CHECK(total == Approx(23.6771366).epsilon(1e-8));
  CHECK(m->body_mass[mj_name2id(m, mjOBJ_BODY, "foot")] == Approx(3.16672539).epsilon(1e-8));
  CHECK(m->body_mass[mj_name2id(m, mjOBJ_BODY, "foot_left")] == Approx(3.16672539).epsilon(1e-8));
  CHECK(m->geom_friction[3 * mj_name2id(m, mjOBJ_GEOM, "foot_geom")] == 1.9);
  CHECK(m->qpos0[1] == 1.25);
  CHECK(env.observation_space().size() == 17);
  CHECK(env.action_space().size() == 6);
  CHECK(env.velocity_observation_indices().size() == 9);
}

TEST_CASE("Walker2d-v5 reward terms recomputed from the state equal the info", "[envs]") {
  auto env = tlb::envs::make_env("Walker2d-v5:healthy_reward=2");
  env->reset(9);
  const std::vector<double> action = {0.1, 0.2, 0.3, -0.1, -0.2, -0.3};
  const double x_before = env->mujoco()->data()->qpos[0];
  const auto result = env->step(action);
  const mjData* d = env->mujoco()->data();
  const double x_velocity = (d->qpos[0] - x_before) / 0.008;
  const double ctrl = 1e-3 * 2 * (0.01 + 0.04 + 0.09);
  CHECK(result.info.get("reward_forward").value() == Approx(x_velocity).epsilon(1e-12));
  CHECK(result.info.get("reward_ctrl").value() == Approx(-ctrl).epsilon(1e-12));
  CHECK(result.info.get("reward_survive") == 2.0);
  CHECK(result.reward == Approx(x_velocity + 2.0 - ctrl).epsilon(1e-12));
}

TEST_CASE("Walker2d-v5 health bounds are strict on height and pitch", "[envs]") {
  Walker2d env;
  env.reset(0);
  mjData* d = env.data();
  CHECK(env.is_healthy());
  d->qpos[1] = 2.0;
  CHECK_FALSE(env.is_healthy());
  d->qpos[1] = 0.8;
  CHECK_FALSE(env.is_healthy());
  d->qpos[1] = 1.25;
  d->qpos[2] = -1.0;
  CHECK_FALSE(env.is_healthy());
  d->qpos[2] = 0.0;
  d->qvel[3] = 1e6;  // no state-range check in Walker2d
  CHECK(env.is_healthy());
  d->qvel[3] = 0.0;
  d->qpos[2] = 1.5;
  CHECK(env.step(std::vector<double>(6, 0.0)).terminated);
}
