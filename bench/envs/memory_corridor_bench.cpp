// Reference lines of MemoryCorridor-v0 (envs/tasks/memory_corridor.h): the remembering expert
// against the policies that cannot remember (always one side, the cue carrier, uniform random
// actions), through the one episode loop, at delays 64 and 512; then the env's speed. Prints
// one JSON object per line; docs/envs_tasks.md holds the figures and the command.
//
// normalised_score = (mean return - R0) / (R1 - R0): R1 is the expert's mean return, R0 the
// best memoryless one, taken as the mean of the two fixed-side policies on the same episodes
// (exactly 50 % success: a memoryless policy's side is independent of the cue, so 1/2 is its
// expectation; the better of the two sides on 100 seeds is only lucky). The expert scores 1.
//
// Usage: memory_corridor_bench [episodes=100] [extra env options, e.g. goal_offset=1]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "envs/episode_loop.h"
#include "envs/policy.h"
#include "envs/registry.h"
#include "envs/tasks/memory_corridor_experts.h"

namespace {

using tlb::envs::Env;
using tlb::envs::Policy;

constexpr uint64_t kFirstSeed = 1000;  // episode e uses seed 1000 + e, for every policy
constexpr int64_t kSpeedSteps = 1000000;

struct Row {
  std::string policy;
  bool uses_memory = false;
  double mean_return = 0.0, std_return = 0.0, success_rate = 0.0, truncated_rate = 0.0;
  double mean_length = 0.0, mean_final_distance = 0.0;
};

Row evaluate(Env& env, Policy& policy, bool uses_memory, int episodes) {
  Row row;
  row.policy = policy.info().algorithm_name;
  row.uses_memory = uses_memory;
  std::vector<double> returns;
  tlb::envs::EpisodeHooks hooks;
  tlb::envs::StepResult last;
  hooks.on_step = [&](const std::vector<double>& /*action*/, const tlb::envs::StepResult& step) {
    if (step.terminated || step.truncated) last = step;
  };
  for (int e = 0; e < episodes; ++e) {
    const auto outcome = tlb::envs::run_episode(env, policy, kFirstSeed + e, hooks);
    returns.push_back(outcome.episode_return);
    row.mean_length += static_cast<double>(outcome.length) / episodes;
    row.success_rate += last.info.get("success").value_or(NAN) / episodes;
    row.truncated_rate += (last.truncated ? 1.0 : 0.0) / episodes;
    row.mean_final_distance += last.info.get("distance").value_or(NAN) / episodes;
  }
  for (double r : returns) row.mean_return += r / episodes;
  for (double r : returns)
    row.std_return += (r - row.mean_return) * (r - row.mean_return) / episodes;
  row.std_return = std::sqrt(row.std_return);
  return row;
}

// Env steps per second of one env on one thread, uniform random actions (drawn in the loop),
// resetting at each episode's end.
double steps_per_second(const std::string& spec) {
  std::unique_ptr<Env> env = tlb::envs::make_env(spec);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::vector<double> action(2);
  env->reset(0);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t t = 0; t < kSpeedSteps; ++t) {
    action[0] = unit(rng);
    action[1] = unit(rng);
    const auto r = env->step(action);
    if (r.terminated || r.truncated) env->reset();
  }
  const std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
  return kSpeedSteps / seconds.count();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int episodes = argc > 1 ? std::stoi(argv[1]) : 100;
    const std::string extra = argc > 2 ? std::string(",") + argv[2] : "";
    for (int delay : {64, 512}) {
      const std::string spec = "MemoryCorridor-v0:delay=" + std::to_string(delay) + extra;
      std::unique_ptr<Env> env = tlb::envs::make_env(spec);
      tlb::envs::CorridorRememberingExpert expert;
      tlb::envs::CorridorFixedSidePolicy plus(1), minus(-1);
      tlb::envs::CorridorCueCarrier carrier;
      tlb::envs::UniformRandomPolicy random(env->action_space());
      std::vector<Row> rows = {
          evaluate(*env, expert, true, episodes), evaluate(*env, plus, false, episodes),
          evaluate(*env, minus, false, episodes), evaluate(*env, carrier, false, episodes),
          evaluate(*env, random, false, episodes)};
      const double r1 = rows[0].mean_return;
      const double r0 = (rows[1].mean_return + rows[2].mean_return) / 2;
      std::printf(
          "{\"env\": \"%s\", \"reference\": \"normalised_score = (R - R0) / (R1 - R0)\", "
          "\"R1_remembering_expert\": %.4f, \"R0_best_memoryless\": %.4f, "
          "\"R0_success_rate\": %.3f}\n",
          spec.c_str(), r1, r0, (rows[1].success_rate + rows[2].success_rate) / 2);
      for (const Row& row : rows) {
        std::printf(
            "{\"env\": \"%s\", \"policy\": \"%s\", \"uses_memory\": %s, \"episodes\": %d, "
            "\"seeds\": \"%llu-%llu\", \"mean_return\": %.4f, \"std_return\": %.4f, "
            "\"success_rate\": %.3f, \"truncated_rate\": %.3f, \"mean_length\": %.1f, "
            "\"mean_final_distance\": %.4f, \"normalised_score\": %.3f}\n",
            spec.c_str(), row.policy.c_str(), row.uses_memory ? "true" : "false", episodes,
            static_cast<unsigned long long>(kFirstSeed),
            static_cast<unsigned long long>(kFirstSeed + episodes - 1), row.mean_return,
            row.std_return, row.success_rate, row.truncated_rate, row.mean_length,
            row.mean_final_distance, (row.mean_return - r0) / (r1 - r0));
      }
    }
    const std::string spec = "MemoryCorridor-v0" + (extra.empty() ? "" : ":" + extra.substr(1));
    std::printf(
        "{\"env\": \"%s\", \"measure\": \"steps_per_second\", \"threads\": 1, \"steps\": %lld, "
        "\"actions\": \"uniform random\", \"steps_per_second\": %.0f}\n",
        spec.c_str(), static_cast<long long>(kSpeedSteps), steps_per_second(spec));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "memory_corridor_bench: %s\n", e.what());
    return 1;
  }
}
