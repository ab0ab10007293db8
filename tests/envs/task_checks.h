// Checks every task test runs (tests/envs/*_test.cpp for envs/tasks/): random rollouts stay
// finite, and a seed fixes the trajectory.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "envs/env.h"
#include "envs/mujoco_env.h"

namespace tlb::envs::testing {

// One action drawn uniformly from the action box.
inline std::vector<double> random_action(const Box& box, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::vector<double> action(box.size());
  for (size_t i = 0; i < box.size(); ++i) {
    action[i] = box.low[i] + unit(rng) * (box.high[i] - box.low[i]);
  }
  return action;
}

inline bool all_finite(const std::vector<double>& values) {
  for (double v : values) {
    if (!std::isfinite(v)) return false;
  }
  return true;
}

// Runs `steps` random steps (resetting when an episode ends) and requires a finite
// observation, reward and MuJoCo state after every one, and no instability flag.
inline void check_random_steps_finite(Env& env, int steps, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto reset = env.reset(seed);
  REQUIRE(reset.observation.size() == env.observation_space().size());
  REQUIRE(all_finite(reset.observation));
  int unstable = 0;
  for (int t = 0; t < steps; ++t) {
    const StepResult r = env.step(random_action(env.action_space(), rng));
    REQUIRE(r.observation.size() == env.observation_space().size());
    REQUIRE(all_finite(r.observation));
    REQUIRE(std::isfinite(r.reward));
    if (r.info.contains("unstable")) ++unstable;
    const mjModel* m = env.mujoco()->model();
    const mjData* d = env.mujoco()->data();
    REQUIRE(all_finite(std::vector<double>(d->qpos, d->qpos + m->nq)));
    REQUIRE(all_finite(std::vector<double>(d->qvel, d->qvel + m->nv)));
    if (r.terminated || r.truncated) env.reset();
  }
  CHECK(unstable == 0);
}

// Observations and rewards of `steps` random steps after reset(seed), concatenated; the
// actions come from a generator seeded with 7, so only the env seed varies.
inline std::vector<double> trajectory(Env& env, uint64_t seed, int steps) {
  std::mt19937_64 rng(7);
  std::vector<double> out = env.reset(seed).observation;
  for (int t = 0; t < steps; ++t) {
    const StepResult r = env.step(random_action(env.action_space(), rng));
    out.insert(out.end(), r.observation.begin(), r.observation.end());
    out.push_back(r.reward);
    if (r.terminated || r.truncated) break;
  }
  return out;
}

// Same seed, same trajectory (bit for bit); another seed, another trajectory.
inline void check_determinism(Env& a, Env& b) {
  CHECK(trajectory(a, 11, 30) == trajectory(b, 11, 30));
  CHECK(trajectory(a, 11, 30) != trajectory(a, 12, 30));
}

inline double total_mass(const mjModel* m) {
  double total = 0.0;
  for (int b = 0; b < m->nbody; ++b) total += m->body_mass[b];
  return total;
}

}  // namespace tlb::envs::testing
