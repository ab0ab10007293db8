// Tests envs/tasks/half_cheetah.cpp against docs/envs.md and Gymnasium's half_cheetah_v5.py,
// including the model's counts and derived figures.
#include <catch2/catch.hpp>

#include "envs/registry.h"
#include "envs/tasks/half_cheetah.h"

using tlb::envs::HalfCheetah;

namespace {

double body_mass(const mjModel* m, const char* name) {
  return m->body_mass[mj_name2id(m, mjOBJ_BODY, name)];
}

double total_mass(const mjModel* m) {
  double total = 0.0;
  for (int i = 0; i < m->nbody; ++i) total += m->body_mass[i];
  return total;
}

}  // namespace

TEST_CASE("HalfCheetah-v5 model matches the spec's counts and derived figures", "[envs]") {
  HalfCheetah env;
  const mjModel* m = env.model();
  CHECK(m->nq == 9);
  CHECK(m->nv == 9);
  CHECK(m->nu == 6);
  CHECK(m->nbody == 8);
  CHECK(m->njnt == 9);
  CHECK(m->ngeom == 9);
  CHECK(m->opt.timestep == 0.01);
  CHECK(m->opt.integrator == mjINT_EULER);
  CHECK(env.frame_skip() == 5);
  CHECK(env.dt() == Approx(0.05));
  CHECK(total_mass(m) == Approx(14.0).epsilon(1e-9));
  CHECK(body_mass(m, "torso") == Approx(6.25020921).epsilon(1e-8));
  CHECK(body_mass(m, "ffoot") == Approx(0.884518828).epsilon(1e-8));
  for (int i = 0; i < m->nq; ++i) CHECK(m->qpos0[i] == 0.0);
  const double gears[] = {120, 90, 60, 120, 60, 30};
  for (int i = 0; i < m->nu; ++i) CHECK(m->actuator_gear[6 * i] == gears[i]);
}

TEST_CASE("HalfCheetah-v5 spaces: 17 observations (18 with x), 6 actions in [-1, 1]", "[envs]") {
  HalfCheetah env;
  CHECK(env.observation_space().size() == 17);
  REQUIRE(env.action_space().size() == 6);
  for (size_t i = 0; i < 6; ++i) {
    CHECK(env.action_space().low[i] == -1.0);
    CHECK(env.action_space().high[i] == 1.0);
  }
  CHECK(env.position_observation_indices().size() == 8);
  CHECK(env.velocity_observation_indices().front() == 8);
  CHECK(env.velocity_observation_indices().back() == 16);
  tlb::envs::HalfCheetahOptions with_x;
  with_x.exclude_current_positions_from_observation = false;
  HalfCheetah full(with_x);
  CHECK(full.observation_space().size() == 18);
  const auto obs = full.reset(0).observation;
  CHECK(obs[0] == full.data()->qpos[0]);
}

TEST_CASE("HalfCheetah-v5 reward terms recomputed from the state equal the info", "[envs]") {
  auto env = tlb::envs::make_env("HalfCheetah-v5:ctrl_cost_weight=0.2,forward_reward_weight=2");
  const auto reset = env->reset(3);
  CHECK(reset.info.get("x_position") == env->mujoco()->data()->qpos[0]);
  const std::vector<double> action = {0.5, -0.5, 1.5, 0.1, -0.2, 0.3};  // 1.5: unclipped cost
  for (int t = 0; t < 5; ++t) {
    const double x_before = env->mujoco()->data()->qpos[0];
    const auto result = env->step(action);
    const mjData* d = env->mujoco()->data();
    const double x_velocity = (d->qpos[0] - x_before) / 0.05;
    double squares = 0.0;
    for (double a : action) squares += a * a;
    CHECK(result.info.get("x_position") == d->qpos[0]);
    CHECK(result.info.get("x_velocity").value() == Approx(x_velocity).epsilon(1e-12));
    CHECK(result.info.get("reward_forward").value() == Approx(2.0 * x_velocity).epsilon(1e-12));
    CHECK(result.info.get("reward_ctrl").value() == Approx(-0.2 * squares).epsilon(1e-12));
    CHECK(result.reward == Approx(2.0 * x_velocity - 0.2 * squares).epsilon(1e-12));
    CHECK_FALSE(result.terminated);
    // The observation is qpos[1:] then qvel, read after the step without mj_forward.
    CHECK(result.observation[0] == d->qpos[1]);
    CHECK(result.observation[8] == d->qvel[0]);
    // ctrl holds the raw action: MuJoCo clamps only inside the actuator force.
    CHECK(d->ctrl[2] == 1.5);
  }
}

TEST_CASE("HalfCheetah-v5 reset noise stays within the uniform bound", "[envs]") {
  HalfCheetah env;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    env.reset(seed);
    for (int i = 0; i < 9; ++i) {
      CHECK(std::abs(env.data()->qpos[i]) <= 0.1);
    }
  }
}
