// Tests envs/tasks/hopper.cpp against docs/envs.md and Gymnasium's hopper_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <algorithm>

#include "envs/registry.h"
#include "envs/tasks/hopper.h"

using tlb::envs::Hopper;

TEST_CASE("Hopper-v5 model matches the spec's counts and derived figures", "[envs]") {
  Hopper env;
  const mjModel* m = env.model();
  CHECK(m->nq == 6);
  CHECK(m->nu == 3);
  CHECK(m->nbody == 5);
  CHECK(m->ngeom == 5);
  CHECK(m->opt.integrator == mjINT_RK4);
  CHECK(env.dt() == Approx(0.008));
  double total = 0.0;
  for (int i = 0; i < m->nbody; ++i) total += m->body_mass[i];
  CHECK(total == Approx(15.8200134).epsilon(1e-8));
  CHECK(m->body_mass[mj_name2id(m, mjOBJ_BODY, "foot")] == Approx(5.31557477).epsilon(1e-8));
  const double qpos0[] = {0, 1.25, 0, 0, 0, 0};
  for (int i = 0; i < 6; ++i) CHECK(m->qpos0[i] == qpos0[i]);
  CHECK(m->jnt_range[2 * 3] == Approx(-2.61799388));
  CHECK(env.observation_space().size() == 11);
  CHECK(env.action_space().size() == 3);
}

TEST_CASE("Hopper-v5 reward terms and clipped velocities recomputed from the state", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5");
  env->reset(4);
  const std::vector<double> action = {0.3, -0.7, 0.9};
  const double x_before = env->mujoco()->data()->qpos[0];
  const auto result = env->step(action);
  const mjData* d = env->mujoco()->data();
  const double x_velocity = (d->qpos[0] - x_before) / 0.008;
  const double ctrl = 1e-3 * (0.09 + 0.49 + 0.81);
  CHECK(result.info.get("x_velocity").value() == Approx(x_velocity).epsilon(1e-12));
  CHECK(result.info.get("reward_ctrl").value() == Approx(-ctrl).epsilon(1e-12));
  CHECK(result.info.get("reward_survive") == 1.0);
  CHECK(result.info.get("z_distance_from_origin").value() == Approx(d->qpos[1] - 1.25));
  CHECK(result.reward == Approx(x_velocity + 1.0 - ctrl).epsilon(1e-12));
  for (int i = 0; i < 6; ++i) {
    CHECK(result.observation[5 + i] == std::clamp(d->qvel[i], -10.0, 10.0));
  }
}

TEST_CASE("Hopper-v5 health bounds are strict and terminate the episode", "[envs]") {
  Hopper env;
  env.reset(0);
  CHECK(env.is_healthy());
  mjData* d = env.data();
  d->qpos[1] = 0.7;  // on the bound: strict, so unhealthy
  CHECK_FALSE(env.is_healthy());
  d->qpos[1] = 1.25;
  d->qpos[2] = 0.2;
  CHECK_FALSE(env.is_healthy());
  d->qpos[2] = 0.0;
  d->qvel[4] = 100.0;  // raw velocity, not the clipped observation
  CHECK_FALSE(env.is_healthy());
  d->qvel[4] = 0.0;
  CHECK(env.is_healthy());

  // Falling: start below the height bound; the step terminates and pays no survive reward.
  d->qpos[1] = 0.5;
  const auto result = env.step({0.0, 0.0, 0.0});
  CHECK(result.terminated);
  CHECK(result.info.get("reward_survive") == 0.0);

  tlb::envs::HopperOptions keep_going;
  keep_going.terminate_when_unhealthy = false;
  Hopper lenient(keep_going);
  lenient.reset(0);
  lenient.data()->qpos[1] = 0.5;
  CHECK_FALSE(lenient.step({0.0, 0.0, 0.0}).terminated);
}

TEST_CASE("Hopper-v5 health ranges are options", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5:healthy_z_range=-10..inf,healthy_angle_range=-4..4");
  env->reset(0);
  env->mujoco()->data()->qpos[1] = 0.5;
  CHECK_FALSE(env->step({0.0, 0.0, 0.0}).terminated);
}
