#include "envs/tasks/half_cheetah.h"

#include <numeric>

#include "envs/tasks/task_util.h"

namespace tlb::envs {

HalfCheetahOptions read_half_cheetah_options(common::OptionReader& options) {
  HalfCheetahOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.forward_reward_weight = options.get_double("forward_reward_weight", o.forward_reward_weight,
                                               "weight of the forward velocity reward");
  o.ctrl_cost_weight =
      options.get_double("ctrl_cost_weight", o.ctrl_cost_weight, "weight of sum(action^2)");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "scale of the reset noise on qpos and qvel");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave rootx (qpos[0]) out of the observation");
  return o;
}

// 8 or 9 positions (qpos[1:] or qpos), then 9 velocities.
HalfCheetah::HalfCheetah(const HalfCheetahOptions& options)
    : MujocoEnv("HalfCheetah-v5", load_asset_model("half_cheetah.xml"), options.frame_skip,
                options.exclude_current_positions_from_observation ? 17 : 18),
      options_(options) {}

std::vector<int> HalfCheetah::position_observation_indices() const {
  return index_range(0, options_.exclude_current_positions_from_observation ? 8 : 9);
}

std::vector<int> HalfCheetah::velocity_observation_indices() const {
  const int positions = options_.exclude_current_positions_from_observation ? 8 : 9;
  return index_range(positions, positions + 9);
}

void HalfCheetah::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kNormal);
}

void HalfCheetah::write_observation(double* out) const {
  const int skip = options_.exclude_current_positions_from_observation ? 1 : 0;
  out = std::copy(data()->qpos + skip, data()->qpos + model()->nq, out);
  std::copy(data()->qvel, data()->qvel + model()->nv, out);
}

void HalfCheetah::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double x_velocity = (data()->qpos[0] - qpos_before()[0]) / dt();
  const double forward = options_.forward_reward_weight * x_velocity;
  const double ctrl_cost = options_.ctrl_cost_weight * sum_of_squares(action);
  result.reward = forward - ctrl_cost;
  result.info.set("x_position", data()->qpos[0]);
  result.info.set("x_velocity", x_velocity);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
}

void HalfCheetah::reset_info(Info& info) const { info.set("x_position", data()->qpos[0]); }

std::unique_ptr<MujocoEnv> make_half_cheetah(common::OptionReader& options) {
  return std::make_unique<HalfCheetah>(read_half_cheetah_options(options));
}

}  // namespace tlb::envs
