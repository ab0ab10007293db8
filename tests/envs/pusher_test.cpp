// Tests envs/tasks/pusher.cpp against docs/envs_tasks.md and Gymnasium's pusher_v5.py, including
// the model's counts and derived figures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "envs/tasks/pusher.h"
#include "task_checks.h"

using tlb::envs::Pusher;
namespace testing = tlb::envs::testing;

TEST_CASE("Pusher-v5 model and spaces match the spec", "[envs]") {
  Pusher env;
  const mjModel* m = env.model();
  CHECK(m->nq == 11);
  CHECK(m->nu == 7);
  CHECK(m->nbody == 13);
  CHECK(m->ngeom == 20);
  CHECK(m->opt.integrator == mjINT_EULER);
  CHECK(m->opt.iterations == 20);
  CHECK(env.dt() == Approx(0.05));
  CHECK(testing::total_mass(m) == Approx(13.6730045).epsilon(1e-8));
  CHECK(env.observation_space().size() == 23);
  REQUIRE(env.action_space().size() == 7);
  CHECK(env.action_space().low[0] == -2.0);
  CHECK(env.action_space().high[6] == 2.0);
}

TEST_CASE("Pusher-v5 runs 1000 random steps with a finite state, deterministically", "[envs]") {
  Pusher env;
  testing::check_random_steps_finite(env, 1000, 3);
  Pusher a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("Pusher-v5 start positions and reward terms recomputed from the state", "[envs]") {
  Pusher env;
  for (uint64_t seed = 0; seed < 30; ++seed) {
    const auto reset = env.reset(seed);
    // tips_arm at (0.821, -0.6, 0); object in x [0.25, 0.65), y [-0.35, -0.05); goal fixed.
    CHECK(reset.observation[14] == Approx(0.821));
    const double ox = reset.observation[17], oy = reset.observation[18];
    CHECK(ox >= 0.25);
    CHECK(ox < 0.65);
    CHECK(oy >= -0.35);
    CHECK(oy < -0.05);
    CHECK(std::hypot(ox - 0.45, oy + 0.05) > 0.17);
    CHECK(reset.observation[20] == Approx(0.45));
    CHECK(reset.observation[22] == Approx(-0.323));
  }
  const std::vector<double> action = {1, -1, 0.5, 0, 0, 0, 2};
  const auto r = env.step(action);
  const auto& o = r.observation;
  const double near = std::hypot(std::hypot(o[17] - o[14], o[18] - o[15]), o[19] - o[16]);
  const double dist = std::hypot(std::hypot(o[17] - o[20], o[18] - o[21]), o[19] - o[22]);
  CHECK(r.info.get("reward_near").value() == Approx(-0.5 * near).epsilon(1e-12));
  CHECK(r.info.get("reward_dist").value() == Approx(-dist).epsilon(1e-12));
  CHECK(r.info.get("reward_ctrl").value() == Approx(-0.1 * 6.25).epsilon(1e-12));
  CHECK(r.reward == Approx(-0.5 * near - dist - 0.625).epsilon(1e-12));
}

// -P must not carry velocities. After a step the body positions (xpos) come from the last
// substep's kinematics: tips_arm's differs from the one the arm angles give by -J qvel h, so it
// is left out of -P. Every -P entry must be what the positions alone give: the same as the
// observation recomputed from the state (set_state runs mj_forward).
TEST_CASE("Pusher-v5-P holds positions only, not the arm velocity through tips_arm", "[envs]") {
  Pusher env;
  const std::vector<int> p = env.position_observation_indices();
  CHECK(p == std::vector<int>{0, 1, 2, 3, 4, 5, 6, 17, 18, 19, 20, 21, 22});
  env.reset(5);
  std::mt19937_64 rng(5);
  double tips_lag = 0.0;
  for (int t = 0; t < 10; ++t) {
    const auto stepped = env.step(testing::random_action(env.action_space(), rng)).observation;
    REQUIRE(env.data()->qvel[7] == 0.0);  // the object has not been touched yet
    REQUIRE(env.data()->qvel[8] == 0.0);
    env.set_state(env.get_state());
    const auto recomputed = env.current_observation();
    for (int i : p) CHECK(stepped[i] == Approx(recomputed[i]).margin(1e-12));
    tips_lag =
        std::max(tips_lag, std::hypot(stepped[14] - recomputed[14], stepped[15] - recomputed[15],
                                      stepped[16] - recomputed[16]));
  }
  CHECK(tips_lag > 1e-3);  // what -P would carry with tips_arm in it
}
