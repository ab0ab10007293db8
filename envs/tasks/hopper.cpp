#include "envs/tasks/hopper.h"

#include <algorithm>

#include "envs/tasks/planar_walker.h"
#include "envs/tasks/task_util.h"

namespace tlb::envs {
HopperOptions read_hopper_options(common::OptionReader& options) {
  HopperOptions o;
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
  o.healthy_state_range = options.get_range("healthy_state_range", o.healthy_state_range,
                                            "strict bounds on qpos[2:] and qvel");
  o.healthy_z_range =
      options.get_range("healthy_z_range", o.healthy_z_range, "strict bounds on torso height");
  o.healthy_angle_range = options.get_range("healthy_angle_range", o.healthy_angle_range,
                                            "strict bounds on torso pitch");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave rootx (qpos[0]) out of the observation");
  return o;
}

// 5 or 6 positions (qpos[1:] or qpos), then 6 clipped velocities.
Hopper::Hopper(const HopperOptions& options)
    : MujocoEnv("Hopper-v5", load_asset_model("hopper.xml"), options.frame_skip,
                options.exclude_current_positions_from_observation ? 11 : 12),
      options_(options) {}

std::vector<int> Hopper::position_observation_indices() const {
  return index_range(0, options_.exclude_current_positions_from_observation ? 5 : 6);
}

std::vector<int> Hopper::velocity_observation_indices() const {
  const int positions = options_.exclude_current_positions_from_observation ? 5 : 6;
  return index_range(positions, positions + 6);
}

bool Hopper::is_healthy() const {
  const mjData* d = data();
  const common::Range& state = options_.healthy_state_range;
  for (int i = 2; i < model()->nq; ++i) {
    if (!strictly_inside(d->qpos[i], state.low, state.high)) return false;
  }
  for (int i = 0; i < model()->nv; ++i) {
    if (!strictly_inside(d->qvel[i], state.low, state.high)) return false;
  }
  return strictly_inside(d->qpos[1], options_.healthy_z_range.low, options_.healthy_z_range.high) &&
         strictly_inside(d->qpos[2], options_.healthy_angle_range.low,
                         options_.healthy_angle_range.high);
}

void Hopper::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void Hopper::write_observation(double* out) const {
  write_planar_walker_observation(model(), data(),
                                  options_.exclude_current_positions_from_observation, out);
}

void Hopper::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double x_velocity = (data()->qpos[0] - qpos_before()[0]) / dt();
  reset_info(result.info);
  evaluate_planar_walker_step({options_.forward_reward_weight, options_.healthy_reward,
                               options_.ctrl_cost_weight, options_.terminate_when_unhealthy},
                              x_velocity, is_healthy(), action, result);
}

// z_distance_from_origin: height above the start height (qpos0's rootz, 1.25).
void Hopper::reset_info(Info& info) const {
  info.set("x_position", data()->qpos[0]);
  info.set("z_distance_from_origin", data()->qpos[1] - init_qpos()[1]);
}

std::unique_ptr<MujocoEnv> make_hopper(common::OptionReader& options) {
  return std::make_unique<Hopper>(read_hopper_options(options));
}

}  // namespace tlb::envs
