// Tests envs/scripted_experts.cpp: which tasks have a scripted expert, what it refuses (other
// tasks, observation variants and wrappers), and that it solves the memory tasks with options.
#include <catch2/catch.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "envs/episode_loop.h"
#include "envs/registry.h"
#include "envs/scripted_experts.h"
#include "envs/tasks/memory_reacher_experts.h"

using Catch::Matchers::Contains;

TEST_CASE("scripted experts exist for the memory tasks and say they are scripted", "[envs]") {
  CHECK(tlb::envs::scripted_expert_tasks() ==
        std::vector<std::string>{"MemoryReacher-v0", "MemoryCorridor-v0"});
  for (const std::string& task : tlb::envs::scripted_expert_tasks()) {
    CHECK(tlb::envs::make_scripted_expert(task)->info().algorithm_name ==
          "scripted-remembering_expert");
  }
}

TEST_CASE("make_scripted_expert refuses tasks without one and changed observations", "[envs]") {
  CHECK_THROWS_AS(tlb::envs::make_scripted_expert("Hopper-v5"), std::invalid_argument);
  CHECK_THROWS_WITH(tlb::envs::make_scripted_expert("Hopper-v5:ctrl_cost_weight=0.01"),
                    Contains("no scripted expert for task 'Hopper-v5'") &&
                        Contains("tasks with one: MemoryReacher-v0, MemoryCorridor-v0"));
  CHECK_THROWS_WITH(tlb::envs::make_scripted_expert("MemoryReacher-v0-P"),
                    Contains("MemoryReacher-v0-P") && Contains("full observation"));
  CHECK_THROWS_WITH(tlb::envs::make_scripted_expert("MemoryCorridor-v0:delay=16,obs_noise=0.1"),
                    Contains("option obs_noise") && Contains("clean observation"));
}

TEST_CASE("the scripted expert succeeds on MemoryCorridor-v0:delay=128", "[envs]") {
  const std::string spec = "MemoryCorridor-v0:delay=128";
  auto env = tlb::envs::make_env(spec);
  auto expert = tlb::envs::make_scripted_expert(env->id());
  double successes = 0.0;
  tlb::envs::EpisodeHooks hooks;
  hooks.on_step = [&](const std::vector<double>& /*action*/, const tlb::envs::StepResult& step) {
    if (step.terminated) successes += step.info.get("success").value();
  };
  constexpr int kEpisodes = 10;
  for (int e = 0; e < kEpisodes; ++e) {
    const tlb::envs::EpisodeOutcome outcome =
        tlb::envs::run_episode(*env, *expert, 1000 + e, hooks);
    CHECK(outcome.length > 128);  // the whole corridor, then the junction
  }
  CHECK(successes == kEpisodes);
}

TEST_CASE("the scripted expert of MemoryReacher-v0 is the remembering expert, with options",
          "[envs]") {
  const std::string spec = "MemoryReacher-v0:delay=32,max_episode_steps=500";
  auto env = tlb::envs::make_env(spec);
  auto scripted = tlb::envs::make_scripted_expert(spec);
  tlb::envs::ReacherRememberingExpert direct;
  const auto from_registry = tlb::envs::run_episodes(*env, *scripted, 5, 7);
  const auto from_class = tlb::envs::run_episodes(*env, direct, 5, 7);
  for (size_t e = 0; e < from_registry.size(); ++e) {
    CHECK(from_registry[e].length == 5 + 32 + 16);
    CHECK(from_registry[e].episode_return == from_class[e].episode_return);
    CHECK(from_registry[e].episode_return > -1.5);
  }
}
