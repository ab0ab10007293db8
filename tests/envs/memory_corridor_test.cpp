// Tests envs/tasks/memory_corridor.cpp and envs/tasks/memory_corridor_experts.cpp: the cue,
// the hold, the corridor's walls and the gate (the channels that could carry the cue), the
// delay dial, the goals and flags, and the reference policies (expert at 100 %, memoryless at
// chance, and above chance when the cue leaks).
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "envs/episode_loop.h"
#include "envs/registry.h"
#include "envs/tasks/memory_corridor.h"
#include "envs/tasks/memory_corridor_experts.h"
#include "envs/wrappers/wrapper.h"
#include "task_checks.h"

using Catch::Matchers::Contains;
using namespace tlb::envs;
namespace testing = tlb::envs::testing;

namespace {

struct Played {
  double episode_return = 0.0;
  int64_t length = 0;
  bool success = false;
  bool terminated = false;
  bool truncated = false;
};

Played play(Env& env, Policy& policy, uint64_t seed) {
  Played p;
  EpisodeHooks hooks;
  hooks.on_step = [&](const std::vector<double>& /*action*/, const StepResult& step) {
    p.success = step.info.get("success").value_or(0.0) == 1.0;
    p.terminated = step.terminated;
    p.truncated = step.truncated;
  };
  const EpisodeOutcome outcome = run_episode(env, policy, seed, hooks);
  p.episode_return = outcome.episode_return;
  p.length = outcome.length;
  return p;
}

double success_rate(Env& env, Policy& policy, int episodes, uint64_t seed) {
  int successes = 0;
  for (int e = 0; e < episodes; ++e) successes += play(env, policy, seed + e).success ? 1 : 0;
  return static_cast<double>(successes) / episodes;
}

// A broken task on purpose: the cue stays in the observation for the whole episode.
class LeakCue : public Wrapper {
 public:
  explicit LeakCue(std::unique_ptr<MemoryCorridor> env)
      : Wrapper(std::move(env)), corridor_(static_cast<MemoryCorridor*>(env_.get())) {}
  StepResult step(const std::vector<double>& action) override {
    StepResult r = env_->step(action);
    r.observation[MemoryCorridor::kCue] = corridor_->cue();
    return r;
  }

 private:
  MemoryCorridor* corridor_;
};

MemoryCorridorOptions with_delay(int delay) {
  MemoryCorridorOptions o;
  o.delay = delay;
  return o;
}

}  // namespace

TEST_CASE("MemoryCorridor-v0's sizes, corridor length and episode limit", "[envs]") {
  auto env = make_env("MemoryCorridor-v0");
  CHECK(env->observation_space().size() == 6);
  REQUIRE(env->action_space().size() == 2);
  CHECK(env->action_space().low == std::vector<double>{-1.0, -1.0});
  CHECK(env->action_space().high == std::vector<double>{1.0, 1.0});
  MemoryCorridor corridor;
  CHECK(corridor.dt() == Approx(0.05));
  CHECK(corridor.max_speed() == Approx(1.0));
  CHECK(corridor.corridor_length() == Approx(64 * 0.05));
  CHECK(corridor.goal_steps() == 10);
  CHECK(corridor.episode_limit() == 5 + 2 * (64 + 10));
  CHECK(MemoryCorridor(with_delay(512)).episode_limit() == 5 + 2 * (512 + 10));
  CHECK(MemoryCorridor(with_delay(512)).corridor_length() == Approx(512 * 0.05));
}

TEST_CASE("MemoryCorridor-v0 shows the cue only during the cue, both cues equally", "[envs]") {
  MemoryCorridor env;
  int plus = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const auto reset = env.reset(seed);
    REQUIRE(std::abs(env.cue()) == 1);
    plus += env.cue() > 0 ? 1 : 0;
    CHECK(reset.observation[MemoryCorridor::kCue] == env.cue());
    for (int k = 1; k <= 8; ++k) {
      const auto r = env.step({1.0, -1.0});
      CHECK(r.observation[MemoryCorridor::kCue] == (k < 5 ? env.cue() : 0.0));
      CHECK(r.info.get("cue_visible") == (k < 5 ? 1.0 : 0.0));
    }
  }
  CHECK(plus > 70);
  CHECK(plus < 130);
}

TEST_CASE("MemoryCorridor-v0 holds the body while the cue is shown, whatever the actions",
          "[envs]") {
  MemoryCorridor a, b;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    const auto start = a.reset(seed);
    b.reset(seed);
    StepResult ra, rb;
    for (int k = 1; k <= 5; ++k) {
      ra = a.step({1.0, 1.0});
      rb = b.step({-1.0, -0.3});
    }
    const StateSnapshot sa = a.get_state(), sb = b.get_state();
    CHECK(sa.qpos == sb.qpos);
    CHECK(sa.qvel == sb.qvel);
    CHECK(sa.ctrl == sb.ctrl);
    CHECK(sa.qacc_warmstart == sb.qacc_warmstart);
    CHECK(sa.time == sb.time);
    CHECK(ra.observation == rb.observation);
    CHECK(ra.reward == rb.reward);
    // At rest where it started: nothing in the body moved during the cue.
    CHECK(ra.observation[MemoryCorridor::kX] == start.observation[MemoryCorridor::kX]);
    CHECK(sa.qvel == std::vector<double>{0.0, 0.0});
  }
}

TEST_CASE("MemoryCorridor-v0 keeps y at 0 in the corridor and stops the body at the gate",
          "[envs]") {
  MemoryCorridorOptions o;
  o.delay = 20;
  MemoryCorridor fast(o), slow(o);
  fast.reset(4);
  slow.reset(4);
  StepResult rf, rs;
  // Full speed and sideways pushes vs 60 % speed: they arrive at different times and speeds.
  int fast_steps = 0, slow_steps = 0;
  while (!fast.in_junction()) {
    rf = fast.step({1.0, 1.0});
    ++fast_steps;
    if (!fast.in_junction()) {
      CHECK(rf.observation[MemoryCorridor::kY] == 0.0);
      CHECK(rf.observation[MemoryCorridor::kVy] == 0.0);
      CHECK(rf.observation[MemoryCorridor::kJunction] == 0.0);
    }
  }
  while (!slow.in_junction()) {
    rs = slow.step({0.6, -1.0});
    ++slow_steps;
  }
  CHECK(slow_steps > fast_steps + 5);
  CHECK(fast.data()->qvel[0] > slow.data()->qvel[0] + 0.2);  // arrival speeds differ
  // The first junction observation is the same: stopped at the corridor's end.
  CHECK(rf.observation == rs.observation);
  CHECK(rf.observation[MemoryCorridor::kX] == 1.0);
  CHECK(rf.observation[MemoryCorridor::kVx] == 0.0);
  CHECK(rf.observation[MemoryCorridor::kJunction] == 1.0);
  // And so is the state after the next step, whatever x action either takes.
  rf = fast.step({1.0, 0.5});
  rs = slow.step({-1.0, 0.5});
  CHECK(rf.observation == rs.observation);
  CHECK(fast.data()->qpos[0] == fast.corridor_length());
  CHECK(fast.data()->qpos[0] == slow.data()->qpos[0]);
  CHECK(fast.data()->qvel[0] == 0.0);
  CHECK(fast.data()->qpos[1] == slow.data()->qpos[1]);
  CHECK(fast.data()->qvel[1] == slow.data()->qvel[1]);
}

TEST_CASE("MemoryCorridor-v0's delay option sets the episode's timing", "[envs]") {
  CorridorRememberingExpert expert;
  auto length_at = [&](const std::string& spec) {
    auto env = make_env(spec);
    return play(*env, expert, 3).length;
  };
  const int64_t at16 = length_at("MemoryCorridor-v0:delay=16");
  const int64_t at64 = length_at("MemoryCorridor-v0");
  const int64_t at512 = length_at("MemoryCorridor-v0:delay=512");
  CHECK(std::abs(at64 - at16 - 48) <= 1);
  CHECK(std::abs(at512 - at64 - 448) <= 1);
  // cue 5 + corridor 64 + about 2 to accelerate + junction 10 + about 2.
  CHECK(at64 >= 5 + 64 + 10);
  CHECK(at64 <= 5 + 64 + 10 + 6);
}

TEST_CASE("MemoryCorridor-v0: the expert succeeds and memoryless policies stay at chance",
          "[envs]") {
  auto env = make_env("MemoryCorridor-v0");
  CorridorRememberingExpert expert;
  CorridorFixedSidePolicy plus(1), minus(-1);
  CorridorCueCarrier carrier;
  CHECK(success_rate(*env, expert, 100, 1000) >= 0.95);
  auto long_env = make_env("MemoryCorridor-v0:delay=512");
  CHECK(success_rate(*long_env, expert, 10, 1000) >= 0.95);
  // 400 episodes: the standard error of a chance rate is 0.025; allow 4 of them.
  const int n = 400;
  const double carried = success_rate(*env, carrier, n, 2000);
  const double fixed_plus = success_rate(*env, plus, n, 2000);
  const double fixed_minus = success_rate(*env, minus, n, 2000);
  CHECK(std::abs(carried - 0.5) < 0.1);
  CHECK(std::abs(fixed_plus - 0.5) < 0.1);
  CHECK(fixed_plus + fixed_minus == Approx(1.0));
  // The check can fail: with the cue left in the observation the carrier reads it.
  LeakCue leaky(std::make_unique<MemoryCorridor>());
  CHECK(success_rate(leaky, carrier, 100, 2000) >= 0.95);
}

TEST_CASE("MemoryCorridor-v0 terminates at a goal and truncates at the limit", "[envs]") {
  auto env = make_env("MemoryCorridor-v0");
  MemoryCorridor* corridor = static_cast<MemoryCorridor*>(env->mujoco());
  CorridorRememberingExpert expert;
  for (uint64_t seed = 0; seed < 4; ++seed) {
    StepResult last;
    EpisodeHooks hooks;
    hooks.on_step = [&](const std::vector<double>&, const StepResult& s) { last = s; };
    env->reset(seed);
    const double start = corridor->progress();
    const EpisodeOutcome outcome = run_episode(*env, expert, seed, hooks);
    CHECK(last.terminated);
    CHECK_FALSE(last.truncated);
    CHECK(last.info.get("success") == 1.0);
    CHECK(last.info.get("reward_goal") == 1.0);
    CHECK(last.info.get("distance") == 0.0);
    // The path's progress reward sums to 1 - start; the goal pays 1.
    CHECK(outcome.episode_return == Approx(1.0 + 1.0 - start).margin(1e-9));

    // The other side: terminated, no success, the penalty.
    env->reset(seed);
    const int cue = corridor->cue();
    CorridorFixedSidePolicy other(-cue);
    run_episode(*env, other, seed, hooks);
    CHECK(last.terminated);
    CHECK(last.info.get("success") == 0.0);
    CHECK(last.info.get("reward_goal") == -1.0);
  }
  // Standing still: truncated by the task at exactly episode_limit() steps.
  env->reset(0);
  int64_t steps = 0;
  StepResult r;
  do {
    r = env->step({0.0, 0.0});
    ++steps;
  } while (!r.terminated && !r.truncated);
  CHECK(r.truncated);
  CHECK_FALSE(r.terminated);
  CHECK(steps == corridor->episode_limit());
  CHECK(r.info.get("success") == 0.0);
}

TEST_CASE("MemoryCorridor-v0 runs random steps with a finite state, deterministically", "[envs]") {
  MemoryCorridor env;
  testing::check_random_steps_finite(env, 1000, 3);
  MemoryCorridor a, b;
  testing::check_determinism(a, b);
}

TEST_CASE("MemoryCorridor-v0 options come from the registry and are checked", "[envs]") {
  auto env = make_env("MemoryCorridor-v0:delay=10,cue_steps=2,goal_offset=0.25");
  const MemoryCorridor* corridor = static_cast<const MemoryCorridor*>(env->mujoco());
  CHECK(corridor->options().cue_steps == 2);
  CHECK(corridor->goal_steps() == 5);
  CHECK(corridor->episode_limit() == 2 + 2 * (10 + 5));
  CHECK_THROWS_WITH(make_env("MemoryCorridor-v0:delay=0"), Contains("delay") && Contains(">= 1"));
  CHECK_THROWS_WITH(make_env("MemoryCorridor-v0:goal_offset=-1"), Contains("goal_offset"));
  CHECK_THROWS_WITH(make_env("MemoryCorridor-v0:time_limit_factor=0.5"),
                    Contains("time_limit_factor"));
  CHECK_THROWS_WITH(make_env("MemoryCorridor-v0:corridor=3"), Contains("unknown option"));
}
