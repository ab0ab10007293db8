// Scripted policies for MemoryReacher-v0 (envs/tasks/memory_reacher.h), the reference lines of
// its figures (docs/envs_tasks.md): a PD controller that remembers the cued target, and the best
// memoryless ones. All read only the observation (13 entries, MemoryReacher-v0's layout), never
// the env's hidden target, and are deterministic: reset(seed) only clears the memory. Used by
// bench/envs/memory_task_bench.cpp, tests/envs/memory_reacher_experts_test.cpp and the
// scripted-expert registry (envs/scripted_experts.h).
#pragma once

#include <cstdint>
#include <vector>

#include "envs/policy.h"

namespace tlb::envs {

// Joint angles of the Reacher arm (reacher.xml), radians.
struct ReacherJointAngles {
  double q0 = 0.0;  // shoulder, unlimited
  double q1 = 0.0;  // elbow, in [-3, 3]
};

// Joint angles that put the fingertip at world (x, y), or as near as the arm allows; of the two
// elbow solutions, the one on the side of `q1_now` (the elbow's current angle).
ReacherJointAngles reacher_inverse_kinematics(double x, double y, double q1_now);

// The PD action (clipped to [-1, 1]) driving the arm, as seen in a MemoryReacher-v0
// `observation`, to joint angles `goal`: about critically damped, settling in roughly 10 steps.
std::vector<double> reacher_pd_action(const std::vector<double>& observation,
                                      const ReacherJointAngles& goal);

// Remembers the target while it is shown, then drives the fingertip to it by inverse kinematics
// and PD: the remembering line (-0.71 with the defaults, final distance 0.0001).
class ReacherRememberingExpert : public Policy {
 public:
  void reset(uint64_t episode_seed) override;
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"remembering_expert", "", ""}; }

 private:
  double target_x_ = 0.0;
  double target_y_ = 0.0;
};

// Memoryless: the point that minimises the expected distance to a target uniform in the disc is
// its centre, so it folds the arm to bring the fingertip as near the centre as it can get (the
// shoulder stays where it is). The best memoryless line (-2.71 with the defaults).
class ReacherCentrePd : public Policy {
 public:
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"centre_pd", "", ""}; }
};

// Memoryless but using the arm as memory: reaches for the target while it is shown, then brakes
// and holds the pose. Defeated by the arm scramble at the end of the cue (-3.35 with it, -2.96
// with scramble_arm=false).
class ReacherReactiveHold : public Policy {
 public:
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"reactive_hold", "", ""}; }
};

}  // namespace tlb::envs
