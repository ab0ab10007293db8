// Mean return of scripted policies on MemoryReacher-v0 (envs/tasks/memory_reacher.h), to show
// that the task needs memory: the PD controller that remembers the cued target against the best
// policies that cannot remember it (envs/tasks/memory_reacher_experts.h), through the one
// episode loop (envs/episode_loop.h). Prints one JSON object per line; docs/envs_tasks.md holds
// the figures and the command.
//
// Usage: memory_task_bench [episodes=100] [extra env options, e.g. delay=128]
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "envs/episode_loop.h"
#include "envs/policy.h"
#include "envs/registry.h"
#include "envs/tasks/memory_reacher_experts.h"

namespace {

using tlb::envs::Env;
using tlb::envs::Policy;

constexpr uint64_t kFirstSeed = 1000;  // episode e uses seed 1000 + e, for every policy

// Uniform actions from one stream seeded 17 that runs on across episodes and both specs, and
// ignores the episode seed: the stream behind the figures in docs/envs_tasks.md.
// envs::UniformRandomPolicy re-seeds from each episode's seed (and draws its bits otherwise),
// so it would give other, equally valid, numbers.
class ContinuingUniformPolicy : public Policy {
 public:
  std::vector<double> act(const std::vector<double>& /*observation*/) override {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    return {u(rng_), u(rng_)};
  }
  tlb::envs::PolicyInfo info() const override { return {"uniform_random", "", ""}; }

 private:
  std::mt19937_64 rng_{17};
};

struct Stats {
  double mean = 0.0, std = 0.0, final_distance = 0.0;
};

Stats evaluate(const std::string& spec, Policy& policy, int episodes) {
  std::unique_ptr<Env> env = tlb::envs::make_env(spec);
  std::vector<double> returns;
  double final_distance = 0.0;
  tlb::envs::EpisodeHooks hooks;
  hooks.on_step = [&](const std::vector<double>& /*action*/, const tlb::envs::StepResult& step) {
    if (step.terminated || step.truncated)
      final_distance += step.info.get("distance").value_or(NAN);
  };
  for (int e = 0; e < episodes; ++e) {
    returns.push_back(tlb::envs::run_episode(*env, policy, kFirstSeed + e, hooks).episode_return);
  }
  Stats s;
  for (double r : returns) s.mean += r / episodes;
  for (double r : returns) s.std += (r - s.mean) * (r - s.mean) / episodes;
  s.std = std::sqrt(s.std);
  s.final_distance = final_distance / episodes;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int episodes = argc > 1 ? std::stoi(argv[1]) : 100;
    const std::string extra = argc > 2 ? std::string(",") + argv[2] : "";
    tlb::envs::ReacherRememberingExpert remembering;
    tlb::envs::ReacherCentrePd centre;
    tlb::envs::ReacherReactiveHold reactive;
    ContinuingUniformPolicy uniform;
    const std::pair<const char*, Policy*> policies[] = {{"remembering_pd", &remembering},
                                                        {"centre_pd", &centre},
                                                        {"reactive_hold", &reactive},
                                                        {"uniform_random", &uniform}};
    for (const char* scramble : {"true", "false"}) {
      const std::string spec = std::string("MemoryReacher-v0:scramble_arm=") + scramble + extra;
      for (const auto& [name, policy] : policies) {
        const Stats s = evaluate(spec, *policy, episodes);
        std::printf(
            "{\"env\": \"%s\", \"policy\": \"%s\", \"uses_memory\": %s, \"episodes\": %d, "
            "\"mean_return\": %.3f, \"std_return\": %.3f, \"mean_final_distance\": %.4f}\n",
            spec.c_str(), name, std::string(name) == "remembering_pd" ? "true" : "false", episodes,
            s.mean, s.std, s.final_distance);
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "memory_task_bench: %s\n", e.what());
    return 1;
  }
}
