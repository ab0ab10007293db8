#include "envs/tasks/swimmer.h"

#include <algorithm>
#include <cmath>

#include "envs/tasks/task_util.h"

namespace tlb::envs {

SwimmerOptions read_swimmer_options(common::OptionReader& options) {
  SwimmerOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.forward_reward_weight = options.get_double("forward_reward_weight", o.forward_reward_weight,
                                               "weight of the forward velocity reward");
  o.ctrl_cost_weight =
      options.get_double("ctrl_cost_weight", o.ctrl_cost_weight, "weight of sum(action^2)");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave x, y (qpos[0..1]) out of the observation");
  return o;
}

Swimmer::Swimmer(const SwimmerOptions& options)
    : MujocoEnv("Swimmer-v5", load_asset_model("swimmer.xml"), options.frame_skip,
                (options.exclude_current_positions_from_observation ? 3 : 5) + 5),
      options_(options) {}

std::vector<int> Swimmer::position_observation_indices() const {
  return index_range(0, position_count());
}

std::vector<int> Swimmer::velocity_observation_indices() const {
  return index_range(position_count(), position_count() + 5);
}

void Swimmer::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void Swimmer::write_observation(double* out) const {
  const int skip = options_.exclude_current_positions_from_observation ? 2 : 0;
  out = std::copy(data()->qpos + skip, data()->qpos + model()->nq, out);
  std::copy(data()->qvel, data()->qvel + model()->nv, out);
}

void Swimmer::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double x_velocity = (data()->qpos[0] - qpos_before()[0]) / dt();
  const double y_velocity = (data()->qpos[1] - qpos_before()[1]) / dt();
  const double forward = options_.forward_reward_weight * x_velocity;
  const double ctrl_cost = options_.ctrl_cost_weight * sum_of_squares(action);
  result.reward = forward - ctrl_cost;
  reset_info(result.info);
  result.info.set("x_velocity", x_velocity);
  result.info.set("y_velocity", y_velocity);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
}

void Swimmer::reset_info(Info& info) const {
  const double x = data()->qpos[0];
  const double y = data()->qpos[1];
  info.set("x_position", x);
  info.set("y_position", y);
  info.set("distance_from_origin", std::sqrt(x * x + y * y));
}

std::unique_ptr<MujocoEnv> make_swimmer(common::OptionReader& options) {
  return std::make_unique<Swimmer>(read_swimmer_options(options));
}

}  // namespace tlb::envs
