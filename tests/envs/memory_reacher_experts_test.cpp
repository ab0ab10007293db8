// Tests envs/tasks/memory_reacher_experts.cpp: the inverse kinematics, and that the remembering
// expert beats the best memoryless policies on MemoryReacher-v0 by the margin of the figures in
// docs/envs_tasks.md (bench/envs/memory_task_bench.cpp runs the same policies on 100 episodes).
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>
#include <utility>
#include <vector>

#include "envs/episode_loop.h"
#include "envs/registry.h"
#include "envs/tasks/memory_reacher_experts.h"

namespace {

struct ReacherExpertScore {
  double mean_return = 0.0;
  double mean_final_distance = 0.0;
};

// Seeds 1000..1000 + episodes - 1, as the bench.
ReacherExpertScore score_on_memory_reacher(tlb::envs::Policy& policy, int episodes) {
  auto env = tlb::envs::make_env("MemoryReacher-v0");
  ReacherExpertScore s;
  tlb::envs::EpisodeHooks hooks;
  hooks.on_step = [&](const std::vector<double>& /*action*/, const tlb::envs::StepResult& step) {
    if (step.terminated || step.truncated) {
      s.mean_final_distance += step.info.get("distance").value() / episodes;
    }
  };
  for (int e = 0; e < episodes; ++e) {
    s.mean_return +=
        tlb::envs::run_episode(*env, policy, 1000 + e, hooks).episode_return / episodes;
  }
  return s;
}

}  // namespace

TEST_CASE("reacher_inverse_kinematics reaches points in the disc, elbow on the asked side",
          "[envs]") {
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{
           {0.15, 0.0}, {-0.05, 0.12}, {0.02, -0.19}, {-0.1, -0.1}}) {
    for (double q1_now : {0.5, -0.5}) {
      const tlb::envs::ReacherJointAngles q = tlb::envs::reacher_inverse_kinematics(x, y, q1_now);
      // reacher.xml: links of 0.1 and 0.11.
      const double tip_x = 0.1 * std::cos(q.q0) + 0.11 * std::cos(q.q0 + q.q1);
      const double tip_y = 0.1 * std::sin(q.q0) + 0.11 * std::sin(q.q0 + q.q1);
      CHECK(tip_x == Approx(x).margin(1e-12));
      CHECK(tip_y == Approx(y).margin(1e-12));
      CHECK(q.q1 * q1_now > 0.0);
    }
  }
  // The centre is out of reach (links 0.1 and 0.11): the elbow folds to its limit.
  CHECK(std::abs(tlb::envs::reacher_inverse_kinematics(0.0, 0.0, 1.0).q1) == 3.0);
}

// Measured on seeds 1000..1019 (bench/envs/memory_task_bench.cpp 20): remembering -0.713 (final
// distance 0.0000), centre PD -2.875 (0.144), reactive hold -3.261 (0.181). The memoryless bound
// is -16 x 2r/3 = -2.13 (docs/envs_tasks.md). The checks leave margins of 0.3 or more.
TEST_CASE("MemoryReacher-v0's remembering expert beats the best memoryless policies", "[envs]") {
  constexpr int kEpisodes = 20;
  tlb::envs::ReacherRememberingExpert expert;
  tlb::envs::ReacherCentrePd centre;
  tlb::envs::ReacherReactiveHold reactive;
  const ReacherExpertScore remembered = score_on_memory_reacher(expert, kEpisodes);
  const ReacherExpertScore centred = score_on_memory_reacher(centre, kEpisodes);
  const ReacherExpertScore held = score_on_memory_reacher(reactive, kEpisodes);
  CHECK(remembered.mean_return > -1.0);
  CHECK(remembered.mean_final_distance < 0.01);
  CHECK(centred.mean_return < -2.13);
  CHECK(centred.mean_final_distance > 0.1);
  CHECK(held.mean_return < -2.13);
  CHECK(remembered.mean_return - centred.mean_return > 1.5);
  // Deterministic: the same seeds give the same return, bit for bit.
  CHECK(score_on_memory_reacher(expert, kEpisodes).mean_return == remembered.mean_return);
}
