// Tests envs/tasks/custom_task.cpp: a user's MJCF as a task, its reward grammar and errors.
#include <catch2/catch.hpp>

#include <cmath>

#include "envs/registry.h"
#include "envs/tasks/custom_task.h"
#include "task_checks.h"

using Catch::Matchers::Contains;
using tlb::envs::CustomTask;
using tlb::envs::CustomTaskOptions;
using tlb::envs::make_env;
namespace testing = tlb::envs::testing;

TEST_CASE("custom task loads the example model with qpos/qvel observation and its actuators",
          "[envs]") {
  auto env = make_env("custom:model=examples/point_mass.xml");
  CHECK(env->observation_space().size() == 4);
  REQUIRE(env->action_space().size() == 2);
  CHECK(env->action_space().low[0] == -1.0);
  testing::check_random_steps_finite(*env, 1000, 2);
  auto a = make_env("custom:model=examples/point_mass.xml");
  auto b = make_env("custom:model=examples/point_mass.xml");
  testing::check_determinism(*a, *b);
  // exclude_qpos drops leading positions; -P keeps the rest of qpos.
  CHECK(make_env("custom:exclude_qpos=1")->observation_space().size() == 3);
  CHECK(make_env("custom-P:exclude_qpos=1")->observation_space().size() == 1);
}

TEST_CASE("custom task reward is the weighted sum of its named terms", "[envs]") {
  CustomTaskOptions o;
  o.reward = "forward_velocity*2+ctrl_cost*-0.5+distance:tip:goal*-1+alive+1e+1*height";
  CustomTask env(o);
  REQUIRE(env.terms().size() == 5);
  CHECK(env.terms()[4].weight == 10.0);
  env.reset(1);
  const double x_before = env.data()->xpos[3];
  const std::vector<double> action = {1.0, -0.5};
  const auto r = env.step(action);
  const mjData* d = env.data();
  const double vx = (d->xpos[3] - x_before) / env.dt();
  const double dist =
      std::hypot(std::hypot(d->site_xpos[3] - d->site_xpos[0], d->site_xpos[4] - d->site_xpos[1]),
                 d->site_xpos[5] - d->site_xpos[2]);
  CHECK(vx > 0.0);
  CHECK(r.info.get("reward_forward_velocity").value() == Approx(2 * vx).epsilon(1e-12));
  CHECK(r.info.get("reward_ctrl_cost").value() == Approx(-0.5 * 1.25));
  CHECK(r.info.get("reward_distance_tip_goal").value() == Approx(-dist).epsilon(1e-12));
  CHECK(r.info.get("reward_alive") == 1.0);
  CHECK(r.reward == Approx(2 * vx - 0.625 - dist + 1.0 + 10 * d->xpos[5]).epsilon(1e-12));
}

TEST_CASE("custom task terminates outside healthy_z_range", "[envs]") {
  // The ball's z is fixed at 0.1: a range above it makes every step unhealthy.
  auto env = make_env("custom:healthy_z_range=0.5..inf,reward=alive");
  env->reset(0);
  const auto r = env->step({0.0, 0.0});
  CHECK(r.terminated);
  CHECK(r.reward == 0.0);
  auto lenient = make_env("custom:healthy_z_range=0.5..inf,terminate_when_unhealthy=false");
  lenient->reset(0);
  CHECK_FALSE(lenient->step({0.0, 0.0}).terminated);
}

TEST_CASE("custom task errors name the term, option or file", "[envs]") {
  CHECK_THROWS_WITH(make_env("custom:reward=speed*1"),
                    Contains("reward term") && Contains("forward_velocity") && Contains("speed"));
  CHECK_THROWS_WITH(make_env("custom:reward=forward_velocity*x"), Contains("WEIGHT"));
  CHECK_THROWS_WITH(make_env("custom:reward=distance:tip:nowhere"), Contains("nowhere"));
  CHECK_THROWS_WITH(make_env("custom:model=no/such/model.xml"), Contains("no/such/model.xml"));
  CHECK_THROWS_WITH(make_env("custom:main_body=arm"), Contains("main_body") && Contains("arm"));
  CHECK_THROWS_WITH(make_env("custom:exclude_qpos=5"), Contains("exclude_qpos"));
}
