#include "envs/tasks/planar_walker.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "envs/tasks/task_util.h"

namespace tlb::envs {

void read_planar_walker_options(common::OptionReader& options, PlanarWalkerOptions& o,
                                common::Range* healthy_state_range) {
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.forward_reward_weight = options.get_double("forward_reward_weight", o.forward_reward_weight,
                                               "weight of the forward velocity reward");
  o.ctrl_cost_weight =
      options.get_double("ctrl_cost_weight", o.ctrl_cost_weight, "weight of sum(action^2)");
  o.healthy_reward =
      options.get_double("healthy_reward", o.healthy_reward, "reward per step while healthy");
  o.terminate_when_unhealthy = options.get_bool(
      "terminate_when_unhealthy", o.terminate_when_unhealthy, "end the episode when unhealthy");
  if (healthy_state_range != nullptr) {
    *healthy_state_range = options.get_range("healthy_state_range", *healthy_state_range,
                                             "strict bounds on qpos[2:] and qvel");
  }
  o.healthy_z_range =
      options.get_range("healthy_z_range", o.healthy_z_range, "strict bounds on torso height");
  o.healthy_angle_range = options.get_range("healthy_angle_range", o.healthy_angle_range,
                                            "strict bounds on torso pitch");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave rootx (qpos[0]) out of the observation");
}

PlanarWalker::PlanarWalker(std::string task_id, const std::string& model_file, int joints,
                           const PlanarWalkerOptions& options)
    : MujocoEnv(task_id, load_asset_model(model_file), options.frame_skip,
                2 * joints - (options.exclude_current_positions_from_observation ? 1 : 0)),
      options_(options),
      joints_(joints) {
  if (model()->nq != joints || model()->nv != joints) {
    throw std::runtime_error(task_id + ": expected nq = nv = " + std::to_string(joints) + " in " +
                             model_file + ", found nq = " + std::to_string(model()->nq) +
                             ", nv = " + std::to_string(model()->nv));
  }
}

int PlanarWalker::observed_positions() const {
  return joints_ - (options_.exclude_current_positions_from_observation ? 1 : 0);
}

std::vector<int> PlanarWalker::position_observation_indices() const {
  return index_range(0, observed_positions());
}

std::vector<int> PlanarWalker::velocity_observation_indices() const {
  return index_range(observed_positions(), observed_positions() + joints_);
}

bool PlanarWalker::is_healthy() const {
  const mjData* d = data();
  return extra_health_check() &&
         strictly_inside(d->qpos[1], options_.healthy_z_range.low, options_.healthy_z_range.high) &&
         strictly_inside(d->qpos[2], options_.healthy_angle_range.low,
                         options_.healthy_angle_range.high);
}

void PlanarWalker::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void PlanarWalker::write_observation(double* out) const {
  constexpr double kVelocityClip = 10.0;
  const mjData* d = data();
  const int first = options_.exclude_current_positions_from_observation ? 1 : 0;
  out = std::copy(d->qpos + first, d->qpos + joints_, out);
  for (int i = 0; i < joints_; ++i) *out++ = std::clamp(d->qvel[i], -kVelocityClip, kVelocityClip);
}

void PlanarWalker::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double x_velocity = (data()->qpos[0] - qpos_before()[0]) / dt();
  const bool healthy = is_healthy();
  const double forward = options_.forward_reward_weight * x_velocity;
  const double survive = healthy ? options_.healthy_reward : 0.0;
  const double ctrl_cost = options_.ctrl_cost_weight * sum_of_squares(action);
  result.reward = forward + survive - ctrl_cost;
  result.terminated = !healthy && options_.terminate_when_unhealthy;
  reset_info(result.info);
  result.info.set("x_velocity", x_velocity);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
  result.info.set("reward_survive", survive);
}

void PlanarWalker::reset_info(Info& info) const {
  info.set("x_position", data()->qpos[0]);
  info.set("z_distance_from_origin", data()->qpos[1] - init_qpos()[1]);
}

}  // namespace tlb::envs
