// Tests envs/tasks/memory_reacher.cpp: the cue, the hidden target, the arm scramble, the
// delayed reward window and the episode's end.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <vector>

#include "envs/registry.h"
#include "envs/tasks/memory_reacher.h"
#include "task_checks.h"

using Catch::Matchers::Contains;
using tlb::envs::MemoryReacher;
using tlb::envs::MemoryReacherOptions;
namespace testing = tlb::envs::testing;

TEST_CASE("MemoryReacher-v0 shows the target only during the cue", "[envs]") {
  MemoryReacher env;
  REQUIRE(env.episode_length() == 5 + 64 + 16);
  const auto reset = env.reset(3);
  REQUIRE(reset.observation.size() == 13);
  CHECK(reset.observation[8] == env.target_x());
  CHECK(reset.observation[9] == env.target_y());
  CHECK(std::hypot(env.target_x(), env.target_y()) < 0.2);
  CHECK(reset.observation[10] == 1.0);
  for (int k = 1; k <= env.episode_length(); ++k) {
    const auto r = env.step({0.1, -0.1});
    const bool visible = k < 5;
    CHECK(r.observation[10] == (visible ? 1.0 : 0.0));
    if (!visible) {
      CHECK(r.observation[8] == 0.0);
      CHECK(r.observation[9] == 0.0);
    }
    CHECK(r.observation[11] == Approx(k / 85.0));
    CHECK(r.observation[12] == (k >= 69 ? 1.0 : 0.0));
    // Distance pays only in the reach window, steps 70..85.
    const double ctrl = -0.1 * 0.02;
    if (k <= 69) {
      CHECK(r.info.get("reward_dist") == 0.0);
      CHECK(r.reward == Approx(ctrl));
    } else {
      CHECK(r.reward == Approx(ctrl - env.fingertip_distance()).epsilon(1e-12));
    }
    CHECK(r.terminated == (k == 85));
  }
}

TEST_CASE("MemoryReacher-v0 moves the arm to a random pose when the cue ends", "[envs]") {
  MemoryReacherOptions o;
  o.cue_steps = 2;
  MemoryReacher env(o);
  double moved = 0.0;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    env.reset(seed);
    const auto before = env.step({0.0, 0.0}).observation;  // k = 1: the last cued observation
    const auto after = env.step({0.0, 0.0}).observation;   // k = 2: already scrambled
    CHECK(after[10] == 0.0);
    CHECK(std::abs(after[4]) < 0.005);  // new velocities, drawn as at reset
    CHECK(std::abs(after[5]) < 0.005);
    moved += std::hypot(after[6] - before[6], after[7] - before[7]);
  }
  CHECK(moved / 20 > 0.05);  // far more than zero-action drift over one step

  o.scramble_arm = false;
  MemoryReacher still(o);
  still.reset(0);
  const auto before = still.step({0.0, 0.0}).observation;
  const auto after = still.step({0.0, 0.0}).observation;
  CHECK(std::hypot(after[6] - before[6], after[7] - before[7]) < 0.01);
}

// Whatever the actions during the cue, everything from the first hidden observation on is the
// same, bit for bit, for the same seed and the same later actions: no state the cue-time
// actions shaped (pose, velocities, the solver's warm start) survives the scramble.
TEST_CASE("MemoryReacher-v0 forgets the cue-time actions at the scramble", "[envs]") {
  MemoryReacher a, b;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    a.reset(seed);
    b.reset(seed);
    for (int k = 1; k < 5; ++k) {  // the 4 actions chosen from cued observations 0..3
      a.step({1.0, -1.0});
      b.step({-1.0, static_cast<double>(k % 2)});
    }
    // Step 5, chosen from the last cued observation, ends with the scramble.
    auto ra = a.step({0.7, 1.0});
    auto rb = b.step({-0.3, -1.0});
    CHECK(ra.observation == rb.observation);
    CHECK(a.get_state().qacc_warmstart == b.get_state().qacc_warmstart);
    for (int k = 6; k <= a.episode_length(); ++k) {
      const std::vector<double> action = {std::sin(0.3 * k), std::cos(0.2 * k)};
      ra = a.step(action);
      rb = b.step(action);
      REQUIRE(ra.observation == rb.observation);
      REQUIRE(ra.reward == rb.reward);
    }
    const auto sa = a.get_state();
    const auto sb = b.get_state();
    CHECK(sa.qpos == sb.qpos);
    CHECK(sa.qvel == sb.qvel);
    CHECK(sa.qacc_warmstart == sb.qacc_warmstart);
    CHECK(sa.time == sb.time);
  }
}

namespace {

// A memoryless policy (a function of the current observation only) that tries to carry the
// target past the scramble in the arm's own state, as a user found possible before the
// scramble moved to the end of the cue: while the target is shown it sets joint 0's velocity
// to the joint-0 angle that points the arm at the target; on the first hidden observation it
// re-issues that velocity from rest (the old scramble, at the start of the step this action
// drives, had just stopped the arm, so the velocity came back intact); on the next it reads
// the angle back from the velocity and turns it into q0 + T(k) * q0' = angle, T(k) the time left
// until it brakes, an invariant it then keeps (holding the velocity against the damping) so that
// the arm coasts to the angle and stops there before the reach window. Joint 1 holds the elbow
// angle that puts the fingertip at r = 0.2 / sqrt(2), the median radius of a target uniform in the
// disc.
class CarryThroughArm {
 public:
  // With `injected_angle`, the angle read back on the second hidden observation is replaced by
  // this one: the rest of the carry, fed the target exactly where the leak used to deliver it.
  explicit CarryThroughArm(std::optional<double> injected_angle = std::nullopt)
      : injected_angle_(injected_angle) {}

  // The joint-0 angle that puts the fingertip on the ray through (x, y) at the median radius.
  static double joint0_angle_towards(double x, double y) {
    return std::remainder(std::atan2(y, x) - kElbowOffset, 2 * M_PI);
  }

  std::vector<double> act(const std::vector<double>& obs) const {
    const double q0 = std::atan2(obs[2], obs[0]);
    const double q1 = std::atan2(obs[3], obs[1]);
    const double v0 = obs[4];
    const int k = static_cast<int>(std::lround(obs[11] * kLength));
    const double u1 = kElbowGain * (kElbow - q1) - kElbowDamping * obs[5];
    double u0 = 0.0;
    if (obs[10] == 1.0) {
      u0 = velocity_in_one_step(v0, joint0_angle_towards(obs[8], obs[9]));
    } else if (k == kCue) {
      u0 = velocity_in_one_step(0.0, v0);
    } else if (k < kBrake) {
      const double t = (kBrake - k) * kDt + kInertia / (kDamping + kGear * kBrakeGain);
      double angle = q0 + v0 * t;
      if (k == kCue + 1) angle = injected_angle_.value_or(v0);
      u0 = arrive_at(q0, v0, angle, t);
    } else {
      u0 = -kBrakeGain * v0;
    }
    return {std::clamp(u0, -1.0, 1.0), std::clamp(u1, -1.0, 1.0)};
  }

 private:
  // reacher.xml: link lengths, motor gear, joint damping and armature (which dominates the
  // links' inertia); MemoryReacher-v0's default timeline.
  static constexpr double kLink0 = 0.1, kLink1 = 0.11;
  static constexpr double kGear = 200.0, kDamping = 1.0, kInertia = 1.0, kDt = 0.02;
  static constexpr int kCue = 5, kLength = 85, kBrake = 62;
  static constexpr double kBrakeGain = 0.15, kElbowGain = 1.0, kElbowDamping = 0.15;
  static inline const double kRadius = 0.2 / std::sqrt(2.0);
  static inline const double kElbow =
      std::acos((kRadius * kRadius - kLink0 * kLink0 - kLink1 * kLink1) / (2 * kLink0 * kLink1));
  static inline const double kElbowOffset =
      std::atan2(kLink1 * std::sin(kElbow), kLink0 + kLink1 * std::cos(kElbow));
  // Joint 0 alone under a constant action u: I v' = G u - b v, so over one step the velocity
  // decays by kDecay towards G u / b.
  static inline const double kDecay = std::exp(-kDt * kDamping / kInertia);

  // The action that takes joint 0's velocity from v to `target` in one step.
  static double velocity_in_one_step(double v, double target) {
    return (target - kDecay * v) * kDamping / (kGear * (1.0 - kDecay));
  }

  // The action after which the joint, holding its new velocity for the remaining t - dt, is at
  // `angle` (mod 2 pi) after time t.
  static double arrive_at(double q, double v, double angle, double t) {
    const double tau = kInertia / kDamping;
    const double rest =
        std::remainder(angle - q - v * tau * (1.0 - kDecay) - (t - kDt) * v * kDecay, 2 * M_PI);
    const double per_unit = kDt - tau * (1.0 - kDecay) + (t - kDt) * (1.0 - kDecay);
    return rest / per_unit * kDamping / kGear;
  }

  std::optional<double> injected_angle_;
};

struct Score {
  double mean_return = 0.0;
  double mean_window_distance = 0.0;  // over the reach window's steps and the episodes
};

// Seeds 1000..1099, as bench/envs/memory_task_bench.cpp.
Score score(bool inject_target) {
  MemoryReacher env;
  Score s;
  constexpr int kEpisodes = 100;
  for (int e = 0; e < kEpisodes; ++e) {
    auto obs = env.reset(1000 + e).observation;
    const CarryThroughArm policy =
        inject_target
            ? CarryThroughArm(CarryThroughArm::joint0_angle_towards(env.target_x(), env.target_y()))
            : CarryThroughArm();
    for (bool done = false; !done;) {
      const auto r = env.step(policy.act(obs));
      obs = r.observation;
      s.mean_return += r.reward / kEpisodes;
      if (r.info.get("reward_dist").value() != 0.0) {
        s.mean_window_distance += r.info.get("distance").value() / (kEpisodes * 16);
      }
      done = r.terminated || r.truncated;
    }
  }
  return s;
}

}  // namespace

// The memoryless bound. Once the target is hidden and nothing of it survives in the state, the
// fingertip's position in the window is independent of the target, and no point has a smaller
// expected distance to a target uniform in the disc of radius 0.2 than its centre: 2 x 0.2 / 3 =
// 0.133 per window step, so at most -16 x 0.133 = -2.13 of return (control costs only lower it;
// the best memoryless policy in docs/envs_tasks.md, the centre PD, scores -2.71). Over these
// 100 episodes the mean window distance of any target-independent fingertip position has a
// standard error of at most ~0.006 (a per-episode spread of <= 0.06), so a memoryless policy
// stays above 0.115 and below -1.8 of return (3 standard errors past the bound). Measured: the
// carrying policy scores -3.43 (window distance 0.181) against the scramble at the end of the
// cue, and -1.24 (0.042) against the earlier scramble at the start of the next step, which its
// re-issued velocity survived; fed the target where that leak delivered it, -1.19 (0.041).
TEST_CASE("MemoryReacher-v0: a memoryless policy cannot carry the target in the arm", "[envs]") {
  const Score leak = score(/*inject_target=*/false);
  CHECK(leak.mean_window_distance > 0.115);
  CHECK(leak.mean_return < -1.8);

  // The carry itself works: handed the target on the second hidden observation, the same
  // policy beats the bound by far, so a channel that delivered it would fail the checks above.
  const Score injected = score(/*inject_target=*/true);
  CHECK(injected.mean_window_distance < 0.06);
  CHECK(injected.mean_return > -1.5);
}

TEST_CASE("MemoryReacher-v0 runs 1000 random steps with a finite state, deterministically",
          "[envs]") {
  MemoryReacher env;
  testing::check_random_steps_finite(env, 1000, 3);
  MemoryReacher a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("MemoryReacher-v0 options come from the registry and are checked", "[envs]") {
  auto env = tlb::envs::make_env("MemoryReacher-v0:delay=10,cue_steps=3,reach_steps=2");
  env->reset(0);
  int steps = 0;
  for (bool done = false; !done; ++steps) {
    const auto r = env->step({0.0, 0.0});
    done = r.terminated || r.truncated;
    if (done) CHECK(r.terminated);
  }
  CHECK(steps == 15);
  CHECK_THROWS_WITH(tlb::envs::make_env("MemoryReacher-v0:reach_steps=0"),
                    Contains("reach_steps") && Contains(">= 1"));
}
