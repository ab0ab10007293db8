#include "envs/tasks/memory_reacher_experts.h"

#include <algorithm>
#include <cmath>

namespace tlb::envs {
namespace {

// reacher.xml: link lengths and the elbow's range (names unlike memory_reacher.cpp's, which a
// unity build may compile in the same translation unit).
constexpr double kLink0 = 0.1;   // body0 -> body1
constexpr double kLink1 = 0.11;  // body1 -> fingertip
constexpr double kElbowLimit = 3.0;
// PD gains on joint angles, in control units (the motors have gear 200, the joints armature 1
// and damping 1): about critically damped, settling in roughly 10 steps.
constexpr double kP = 1.0;
constexpr double kD = 0.15;

// MemoryReacher-v0's observation entries (envs/tasks/memory_reacher.h).
constexpr int kCosQ0 = 0, kCosQ1 = 1, kSinQ0 = 2, kSinQ1 = 3, kVelQ0 = 4, kVelQ1 = 5;
constexpr int kTargetX = 8, kTargetY = 9, kTargetVisible = 10;

double wrap_angle(double a) { return std::remainder(a, 2.0 * M_PI); }

double shoulder_angle(const std::vector<double>& observation) {
  return std::atan2(observation[kSinQ0], observation[kCosQ0]);
}

double elbow_angle(const std::vector<double>& observation) {
  return std::atan2(observation[kSinQ1], observation[kCosQ1]);
}

bool target_visible(const std::vector<double>& observation) {
  return observation[kTargetVisible] == 1.0;
}

}  // namespace

ReacherJointAngles reacher_inverse_kinematics(double x, double y, double q1_now) {
  const double r2 = x * x + y * y;
  const double c =
      std::clamp((r2 - kLink0 * kLink0 - kLink1 * kLink1) / (2 * kLink0 * kLink1), -1.0, 1.0);
  double q1 = std::min(std::acos(c), kElbowLimit);
  if (q1_now < 0) q1 = -q1;
  const double q0 =
      std::atan2(y, x) - std::atan2(kLink1 * std::sin(q1), kLink0 + kLink1 * std::cos(q1));
  return {q0, q1};
}

std::vector<double> reacher_pd_action(const std::vector<double>& observation,
                                      const ReacherJointAngles& goal) {
  const double u0 =
      kP * wrap_angle(goal.q0 - shoulder_angle(observation)) - kD * observation[kVelQ0];
  const double u1 = kP * (goal.q1 - elbow_angle(observation)) - kD * observation[kVelQ1];
  return {std::clamp(u0, -1.0, 1.0), std::clamp(u1, -1.0, 1.0)};
}

void ReacherRememberingExpert::reset(uint64_t /*episode_seed*/) { target_x_ = target_y_ = 0.0; }

std::vector<double> ReacherRememberingExpert::act(const std::vector<double>& observation) {
  if (target_visible(observation)) {
    target_x_ = observation[kTargetX];
    target_y_ = observation[kTargetY];
  }
  return reacher_pd_action(
      observation, reacher_inverse_kinematics(target_x_, target_y_, elbow_angle(observation)));
}

std::vector<double> ReacherCentrePd::act(const std::vector<double>& observation) {
  const ReacherJointAngles fold = reacher_inverse_kinematics(0.0, 0.0, elbow_angle(observation));
  return reacher_pd_action(observation, {shoulder_angle(observation), fold.q1});
}

std::vector<double> ReacherReactiveHold::act(const std::vector<double>& observation) {
  if (target_visible(observation)) {
    return reacher_pd_action(
        observation, reacher_inverse_kinematics(observation[kTargetX], observation[kTargetY],
                                                elbow_angle(observation)));
  }
  return {std::clamp(-kD * observation[kVelQ0], -1.0, 1.0),
          std::clamp(-kD * observation[kVelQ1], -1.0, 1.0)};
}

}  // namespace tlb::envs
