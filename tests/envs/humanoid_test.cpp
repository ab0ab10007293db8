// Tests envs/tasks/humanoid.cpp against docs/envs_tasks.md and Gymnasium's humanoid_v5.py,
// including the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "envs/tasks/humanoid.h"
#include "task_checks.h"

using tlb::envs::Humanoid;
using tlb::envs::HumanoidOptions;
namespace testing = tlb::envs::testing;

TEST_CASE("Humanoid-v5 model and spaces match the spec", "[envs]") {
  Humanoid env;
  const mjModel* m = env.model();
  CHECK(m->nq == 24);
  CHECK(m->nv == 23);
  CHECK(m->nu == 17);
  CHECK(m->nbody == 14);
  CHECK(m->njnt == 18);
  CHECK(m->ngeom == 18);
  CHECK(m->ntendon == 2);
  CHECK(m->opt.solver == mjSOL_PGS);
  CHECK(m->opt.iterations == 50);
  CHECK(env.dt() == Approx(0.015));
  CHECK(testing::total_mass(m) == Approx(42.1160305).epsilon(1e-8));
  CHECK(m->body_mass[1] == Approx(8.90746237).epsilon(1e-8));
  CHECK(m->qpos0[2] == 1.4);
  CHECK(m->qpos0[3] == 1.0);
  // Actuator 0 drives abdomen_y (joint 2), actuator 1 abdomen_z (joint 1).
  CHECK(m->actuator_trnid[0] == 2);
  CHECK(m->actuator_trnid[2] == 1);
  CHECK(m->actuator_gear[6 * 5] == 300);
  CHECK(env.observation_space().size() == 348);
  REQUIRE(env.action_space().size() == 17);
  CHECK(env.action_space().low[3] == Approx(-0.4));
  CHECK(env.action_space().high[16] == Approx(0.4));

  HumanoidOptions o;
  o.include_cinert_in_observation = false;
  o.include_qfrc_actuator_in_observation = false;
  CHECK(Humanoid(o).observation_space().size() == 348 - 130 - 17);
}

TEST_CASE("Humanoid-v5 runs 1000 random steps with a finite state, deterministically", "[envs]") {
  Humanoid env;
  testing::check_random_steps_finite(env, 1000, 3);
  Humanoid a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("Humanoid-v5 reward terms recomputed from the state", "[envs]") {
  Humanoid env;
  env.reset(2);
  const mjModel* m = env.model();
  auto mass_centre_x = [&] {
    double x = 0.0, total = 0.0;
    for (int b = 0; b < m->nbody; ++b) {
      x += m->body_mass[b] * env.data()->xipos[3 * b];
      total += m->body_mass[b];
    }
    return x / total;
  };
  std::mt19937_64 rng(4);
  for (int t = 0; t < 20; ++t) env.step(testing::random_action(env.action_space(), rng));
  // An action beyond the control range: the control cost uses it unclamped.
  std::vector<double> action(17, 0.3);
  action[0] = 0.9;
  const double x_before = mass_centre_x();
  const auto r = env.step(action);
  const mjData* d = env.data();
  double ctrl = 0.0;
  for (double a : action) ctrl += a * a;
  ctrl *= 0.1;
  double contact = 0.0;
  for (int i = 0; i < 14 * 6; ++i) contact += d->cfrc_ext[i] * d->cfrc_ext[i];
  contact = std::min(5e-7 * contact, 10.0);
  const double vx = (mass_centre_x() - x_before) / 0.015;
  const double healthy = (d->qpos[2] > 1.0 && d->qpos[2] < 2.0) ? 5.0 : 0.0;
  CHECK(r.info.get("x_velocity").value() == Approx(vx).epsilon(1e-12));
  CHECK(r.info.get("reward_forward").value() == Approx(1.25 * vx).epsilon(1e-12));
  CHECK(r.info.get("reward_ctrl").value() == Approx(-ctrl).epsilon(1e-12));
  CHECK(r.info.get("reward_contact").value() == Approx(-contact).epsilon(1e-12));
  CHECK(r.info.get("reward_survive").value() == healthy);
  CHECK(r.reward == Approx(1.25 * vx + healthy - ctrl - contact).epsilon(1e-12));
  CHECK(r.info.get("tendon_length_0").value() == Approx(d->qpos[17] - d->qpos[16]).margin(0.01));
  // (tendon lengths come from the last RK4 stage, close to but not exactly the final qpos)
  // Observation blocks: qpos[2:], qvel, cinert[1:], cvel[1:], qfrc_actuator[6:], cfrc_ext[1:].
  CHECK(r.observation[0] == d->qpos[2]);
  CHECK(r.observation[22] == d->qvel[0]);
  CHECK(r.observation[45] == d->cinert[10]);
  CHECK(r.observation[175] == d->cvel[6]);
  CHECK(r.observation[253] == d->qfrc_actuator[6]);
  CHECK(r.observation[270] == d->cfrc_ext[6]);
  CHECK(r.observation[347] == d->cfrc_ext[83]);
}

TEST_CASE("Humanoid-v5 healthy z range is strict and ends the episode", "[envs]") {
  Humanoid env;
  env.reset(0);
  mjData* d = env.data();
  d->qpos[2] = 1.0;
  CHECK_FALSE(env.is_healthy());
  d->qpos[2] = 1.0 + 1e-9;
  CHECK(env.is_healthy());
  d->qpos[2] = 2.0;
  CHECK_FALSE(env.is_healthy());

  HumanoidOptions high;
  high.healthy_z_range = {1.5, 2.0};  // the torso starts at 1.4
  Humanoid strict(high);
  strict.reset(0);
  const auto r = strict.step(std::vector<double>(17, 0.0));
  CHECK(r.terminated);
  CHECK(r.info.get("reward_survive") == 0.0);
}

TEST_CASE("Humanoid-v5 -P/-V index lists", "[envs]") {
  Humanoid env;
  const auto p = env.position_observation_indices();
  const auto v = env.velocity_observation_indices();
  CHECK(p.size() == 22 + 130);  // joint positions, cinert
  CHECK(v.size() == 23 + 78);   // joint velocities, cvel
  CHECK(p[22] == 45);
  CHECK(v[23] == 175);
}

TEST_CASE("Humanoid-v5 with positions included observes x, y first (350 entries)", "[envs]") {
  HumanoidOptions o;
  o.exclude_current_positions_from_observation = false;
  Humanoid env(o);
  CHECK(env.observation_space().size() == 350);
  const auto obs = env.reset(1).observation;
  CHECK(obs[0] == env.data()->qpos[0]);
  CHECK(obs[2] == env.data()->qpos[2]);
  CHECK(obs[24] == env.data()->qvel[0]);
}
