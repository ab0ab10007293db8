#include "envs/tasks/humanoid.h"

#include <algorithm>
#include <cmath>

#include "envs/tasks/task_util.h"

namespace tlb::envs {
namespace {

constexpr int kBodies = 13;   // rows 1..13 of cinert, cvel, cfrc_ext (world left out)
constexpr int kHinges = 17;   // qfrc_actuator[6..22]
constexpr int kFreeDofs = 6;  // the root's qvel entries

// Sizes of the observation blocks, in order, for the given options.
struct Layout {
  int positions, velocities, cinert, cvel, qfrc_actuator, cfrc_ext;
  int total() const { return positions + velocities + cinert + cvel + qfrc_actuator + cfrc_ext; }
};

Layout layout(const HumanoidOptions& o) {
  return {o.exclude_current_positions_from_observation ? 22 : 24,
          23,
          o.include_cinert_in_observation ? kBodies * 10 : 0,
          o.include_cvel_in_observation ? kBodies * 6 : 0,
          o.include_qfrc_actuator_in_observation ? kHinges : 0,
          o.include_cfrc_ext_in_observation ? kBodies * 6 : 0};
}

}  // namespace

HumanoidOptions read_humanoid_options(common::OptionReader& options) {
  HumanoidOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.forward_reward_weight = options.get_double("forward_reward_weight", o.forward_reward_weight,
                                               "weight of the mass centre's x velocity");
  o.ctrl_cost_weight =
      options.get_double("ctrl_cost_weight", o.ctrl_cost_weight, "weight of sum(ctrl^2)");
  o.contact_cost_weight =
      options.get_double("contact_cost_weight", o.contact_cost_weight, "weight of sum(cfrc_ext^2)");
  o.contact_cost_range = options.get_range("contact_cost_range", o.contact_cost_range,
                                           "the weighted contact cost is clamped to this");
  o.healthy_reward =
      options.get_double("healthy_reward", o.healthy_reward, "reward per step while healthy");
  o.terminate_when_unhealthy = options.get_bool(
      "terminate_when_unhealthy", o.terminate_when_unhealthy, "end the episode when unhealthy");
  o.healthy_z_range = options.get_range("healthy_z_range", o.healthy_z_range,
                                        "strict bounds on torso height qpos[2]");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  o.exclude_current_positions_from_observation = options.get_bool(
      "exclude_current_positions_from_observation", o.exclude_current_positions_from_observation,
      "leave x, y (qpos[0..1]) out of the observation");
  o.include_cinert_in_observation = options.get_bool(
      "include_cinert_in_observation", o.include_cinert_in_observation, "append cinert[1:]");
  o.include_cvel_in_observation = options.get_bool(
      "include_cvel_in_observation", o.include_cvel_in_observation, "append cvel[1:]");
  o.include_qfrc_actuator_in_observation =
      options.get_bool("include_qfrc_actuator_in_observation",
                       o.include_qfrc_actuator_in_observation, "append qfrc_actuator[6:]");
  o.include_cfrc_ext_in_observation = options.get_bool(
      "include_cfrc_ext_in_observation", o.include_cfrc_ext_in_observation, "append cfrc_ext[1:]");
  return o;
}

Humanoid::Humanoid(const HumanoidOptions& options)
    : MujocoEnv("Humanoid-v5", load_asset_model("humanoid.xml"), options.frame_skip,
                layout(options).total()),
      options_(options) {}

// Positions: joint coordinates, then cinert (which depends on the configuration only).
std::vector<int> Humanoid::position_observation_indices() const {
  const Layout l = layout(options_);
  std::vector<int> indices = index_range(0, l.positions);
  const int cinert_begin = l.positions + l.velocities;
  for (int i : index_range(cinert_begin, cinert_begin + l.cinert)) indices.push_back(i);
  return indices;
}

// Velocities: joint velocities, then cvel (body velocities).
std::vector<int> Humanoid::velocity_observation_indices() const {
  const Layout l = layout(options_);
  std::vector<int> indices = index_range(l.positions, l.positions + l.velocities);
  const int cvel_begin = l.positions + l.velocities + l.cinert;
  for (int i : index_range(cvel_begin, cvel_begin + l.cvel)) indices.push_back(i);
  return indices;
}

bool Humanoid::is_healthy() const {
  return strictly_inside(data()->qpos[2], options_.healthy_z_range.low,
                         options_.healthy_z_range.high);
}

std::array<double, 2> Humanoid::mass_centre() const {
  const mjModel* m = model();
  double total = 0.0, x = 0.0, y = 0.0;
  for (int b = 0; b < m->nbody; ++b) {
    total += m->body_mass[b];
    x += m->body_mass[b] * data()->xipos[3 * b];
    y += m->body_mass[b] * data()->xipos[3 * b + 1];
  }
  return {x / total, y / total};
}

double Humanoid::contact_cost() const {
  double sum = 0.0;
  for (int i = 0; i < model()->nbody * 6; ++i) sum += data()->cfrc_ext[i] * data()->cfrc_ext[i];
  return std::clamp(options_.contact_cost_weight * sum, options_.contact_cost_range.low,
                    options_.contact_cost_range.high);
}

void Humanoid::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void Humanoid::write_observation(double* out) const {
  const mjData* d = data();
  const mjModel* m = model();
  const int skip = options_.exclude_current_positions_from_observation ? 2 : 0;
  out = std::copy(d->qpos + skip, d->qpos + m->nq, out);
  out = std::copy(d->qvel, d->qvel + m->nv, out);
  if (options_.include_cinert_in_observation)
    out = std::copy(d->cinert + 10, d->cinert + 10 * m->nbody, out);
  if (options_.include_cvel_in_observation)
    out = std::copy(d->cvel + 6, d->cvel + 6 * m->nbody, out);
  if (options_.include_qfrc_actuator_in_observation) {
    out = std::copy(d->qfrc_actuator + kFreeDofs, d->qfrc_actuator + m->nv, out);
  }
  if (options_.include_cfrc_ext_in_observation) {
    std::copy(d->cfrc_ext + 6, d->cfrc_ext + 6 * m->nbody, out);
  }
}

void Humanoid::before_step() { mass_centre_before_ = mass_centre(); }

void Humanoid::evaluate_step(const std::vector<double>& /*action*/, StepResult& result) {
  const std::array<double, 2> after = mass_centre();
  const double x_velocity = (after[0] - mass_centre_before_[0]) / dt();
  const double y_velocity = (after[1] - mass_centre_before_[1]) / dt();
  const bool healthy = is_healthy();
  const double forward = options_.forward_reward_weight * x_velocity;
  const double survive = healthy ? options_.healthy_reward : 0.0;
  // Gymnasium reads data.ctrl, which holds the raw (unclamped) action.
  double ctrl_sum = 0.0;
  for (int i = 0; i < model()->nu; ++i) ctrl_sum += data()->ctrl[i] * data()->ctrl[i];
  const double ctrl_cost = options_.ctrl_cost_weight * ctrl_sum;
  const double contact = contact_cost();
  result.reward = forward + survive - ctrl_cost - contact;
  result.terminated = !healthy && options_.terminate_when_unhealthy;
  reset_info(result.info);
  result.info.set("x_velocity", x_velocity);
  result.info.set("y_velocity", y_velocity);
  result.info.set("reward_survive", survive);
  result.info.set("reward_forward", forward);
  result.info.set("reward_ctrl", -ctrl_cost);
  result.info.set("reward_contact", -contact);
}

// Gymnasium's tendon_length / tendon_velocity arrays become one scalar per tendon.
void Humanoid::reset_info(Info& info) const {
  const double x = data()->qpos[0];
  const double y = data()->qpos[1];
  info.set("x_position", x);
  info.set("y_position", y);
  info.set("tendon_length_0", data()->ten_length[0]);
  info.set("tendon_length_1", data()->ten_length[1]);
  info.set("tendon_velocity_0", data()->ten_velocity[0]);
  info.set("tendon_velocity_1", data()->ten_velocity[1]);
  info.set("distance_from_origin", std::sqrt(x * x + y * y));
}

std::unique_ptr<MujocoEnv> make_humanoid(common::OptionReader& options) {
  return std::make_unique<Humanoid>(read_humanoid_options(options));
}

}  // namespace tlb::envs
