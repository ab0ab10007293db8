#include "envs/tasks/ant.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "envs/tasks/task_util.h"

namespace tlb::envs {
namespace {

constexpr int kObservedBodies = 13;  // cfrc_ext rows 1..13 (the world row is left out)

int observation_size(const AntOptions& o) {
  const int positions = o.exclude_current_positions_from_observation ? 13 : 15;
  return positions + 14 + (o.include_cfrc_ext_in_observation ? kObservedBodies * 6 : 0);
}

}  // namespace

AntOptions read_ant_options(common::OptionReader& options) {
  AntOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.forward_reward_weight = options.get_double("forward_reward_weight", o.forward_reward_weight,
                                               "weight of the torso's x velocity");
  o.ctrl_cost_weight =
      options.get_double("ctrl_cost_weight", o.ctrl_cost_weight, "weight of sum(action^2)");
  o.contact_cost_weight = options.get_double("contact_cost_weight", o.contact_cost_weight,
                                             "weight of sum(clipped cfrc_ext^2)");
  o.healthy_reward =
      options.get_double("healthy_reward", o.healthy_reward, "reward per step while healthy");
  o.main_body = static_cast<int>(
      options.get_int("main_body", o.main_body, "body index whose xpos measures velocity"));
  o.terminate_when_unhealthy = options.get_bool(
      "terminate_when_unhealthy", o.terminate_when_unhealthy, "end the episode when unhealthy");
  o.healthy_z_range = options.get_range("healthy_z_range", o.healthy_z_range,
                                        "inclusive bounds on torso height qpos[2]");
  o.contact_force_range = options.get_range("contact_force_range", o.contact_force_range,
                                            "cfrc_ext entries are clipped to this");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "qpos noise U(-s, s), qvel noise s * N(0, 1)");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave x, y (qpos[0..1]) out of the observation");
  o.include_cfrc_ext_in_observation =
      options.get_bool("include_cfrc_ext_in_observation", o.include_cfrc_ext_in_observation,
                       "append the clipped contact forces cfrc_ext[1:]");
  return o;
}

Ant::Ant(const AntOptions& options)
    : MujocoEnv("Ant-v5", load_asset_model("ant.xml"), options.frame_skip,
                observation_size(options)),
      options_(options) {
  if (options_.main_body < 1 || options_.main_body >= model()->nbody) {
    throw std::invalid_argument("Ant-v5: option main_body expects a body index in [1, " +
                                std::to_string(model()->nbody) + "), found " +
                                std::to_string(options_.main_body));
  }
}

int Ant::position_count() const {
  return options_.exclude_current_positions_from_observation ? 13 : 15;
}

std::vector<int> Ant::position_observation_indices() const {
  return index_range(0, position_count());
}

std::vector<int> Ant::velocity_observation_indices() const {
  return index_range(position_count(), position_count() + 14);
}

bool Ant::is_healthy() const {
  const mjData* d = data();
  for (int i = 0; i < model()->nq; ++i) {
    if (!std::isfinite(d->qpos[i])) return false;
  }
  for (int i = 0; i < model()->nv; ++i) {
    if (!std::isfinite(d->qvel[i])) return false;
  }
  const double z = d->qpos[2];
  return options_.healthy_z_range.low <= z && z <= options_.healthy_z_range.high;
}

double Ant::contact_cost() const {
  const common::Range& r = options_.contact_force_range;
  double sum = 0.0;
  for (int i = 0; i < model()->nbody * 6; ++i) {
    const double f = std::clamp(data()->cfrc_ext[i], r.low, r.high);
    sum += f * f;
  }
  return options_.contact_cost_weight * sum;
}

void Ant::reset_model() {
  // All 15 entries, the quaternion included (Gymnasium does not renormalise it).
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kNormal);
}

void Ant::write_observation(double* out) const {
  const mjData* d = data();
  const int skip = options_.exclude_current_positions_from_observation ? 2 : 0;
  out = std::copy(d->qpos + skip, d->qpos + model()->nq, out);
  out = std::copy(d->qvel, d->qvel + model()->nv, out);
  if (options_.include_cfrc_ext_in_observation) {
    const common::Range& r = options_.contact_force_range;
    for (int i = 6; i < (kObservedBodies + 1) * 6; ++i) {
      *out++ = std::clamp(d->cfrc_ext[i], r.low, r.high);
    }
  }
}

void Ant::before_step() {
  main_body_x_before_ = data()->xpos[3 * options_.main_body];
  main_body_y_before_ = data()->xpos[3 * options_.main_body + 1];
}

void Ant::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double x_velocity = (data()->xpos[3 * options_.main_body] - main_body_x_before_) / dt();
  const double y_velocity = (data()->xpos[3 * options_.main_body + 1] - main_body_y_before_) / dt();
  const bool healthy = is_healthy();
  const double forward = options_.forward_reward_weight * x_velocity;
  const double survive = healthy ? options_.healthy_reward : 0.0;
  const double ctrl_cost = options_.ctrl_cost_weight * sum_of_squares(action);
  const double contact = contact_cost();
  result.reward = forward + survive - ctrl_cost - contact;
  result.terminated = !healthy && options_.terminate_when_unhealthy;
  reset_info(result.info);
  result.info.set("x_velocity", x_velocity);
  result.info.set("y_velocity", y_velocity);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
  result.info.set("reward_contact", -contact);
  result.info.set("reward_survive", survive);
}

void Ant::reset_info(Info& info) const {
  const double x = data()->qpos[0];
  const double y = data()->qpos[1];
  info.set("x_position", x);
  info.set("y_position", y);
  info.set("distance_from_origin", std::sqrt(x * x + y * y));
}

std::unique_ptr<MujocoEnv> make_ant(common::OptionReader& options) {
  return std::make_unique<Ant>(read_ant_options(options));
}

}  // namespace tlb::envs
