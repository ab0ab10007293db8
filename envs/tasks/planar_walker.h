// What Hopper-v5 and Walker2d-v5 share (spec/envs.md §5d, §6d): the same observation layout
// and the same reward, with different models and health checks.
#pragma once

#include <mujoco/mujoco.h>

#include <algorithm>
#include <vector>

#include "envs/env.h"
#include "envs/tasks/task_util.h"

namespace tlb::envs {

// qpos (without rootx when `exclude_x`), then qvel clipped to [-10, 10].
inline void write_planar_walker_observation(const mjModel* m, const mjData* d, bool exclude_x,
                                            double* out) {
  constexpr double kVelocityClip = 10.0;
  out = std::copy(d->qpos + (exclude_x ? 1 : 0), d->qpos + m->nq, out);
  for (int i = 0; i < m->nv; ++i) *out++ = std::clamp(d->qvel[i], -kVelocityClip, kVelocityClip);
}

// The reward weights and termination rule both tasks read from their options.
struct PlanarWalkerReward {
  double forward_reward_weight;
  double healthy_reward;
  double ctrl_cost_weight;
  bool terminate_when_unhealthy;
};

// Reward = forward velocity + healthy bonus - control cost; the terms go into info under
// Gymnasium's keys (x_position and z_distance_from_origin are set by the task's reset_info).
inline void evaluate_planar_walker_step(const PlanarWalkerReward& weights, double x_velocity,
                                        bool healthy, const std::vector<double>& action,
                                        StepResult& result) {
  const double forward = weights.forward_reward_weight * x_velocity;
  const double survive = healthy ? weights.healthy_reward : 0.0;
  const double ctrl_cost = weights.ctrl_cost_weight * sum_of_squares(action);
  result.reward = forward + survive - ctrl_cost;
  result.terminated = !healthy && weights.terminate_when_unhealthy;
  result.info.set("x_velocity", x_velocity);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
  result.info.set("reward_survive", survive);
}

}  // namespace tlb::envs
