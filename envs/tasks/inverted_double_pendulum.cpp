#include "envs/tasks/inverted_double_pendulum.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace tlb::envs {
namespace {

constexpr double kObservationClip = 10.0;  // qvel and qfrc_constraint[0] are clipped to ±10

}  // namespace

InvertedDoublePendulumOptions read_inverted_double_pendulum_options(common::OptionReader& options) {
  InvertedDoublePendulumOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.healthy_reward = options.get_double("healthy_reward", o.healthy_reward, "alive bonus per step");
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "qpos noise U(-s, s), qvel noise s * N(0, 1)");
  return o;
}

InvertedDoublePendulum::InvertedDoublePendulum(const InvertedDoublePendulumOptions& options)
    : MujocoEnv("InvertedDoublePendulum-v5", load_asset_model("inverted_double_pendulum.xml"),
                options.frame_skip, 9),
      options_(options),
      tip_site_(mj_name2id(model(), mjOBJ_SITE, "tip")) {
  if (tip_site_ < 0) {
    throw std::runtime_error("InvertedDoublePendulum-v5: expected a site named tip in " +
                             model_source() + ", found none");
  }
}

double InvertedDoublePendulum::tip_x() const { return data()->site_xpos[3 * tip_site_]; }
double InvertedDoublePendulum::tip_z() const { return data()->site_xpos[3 * tip_site_ + 2]; }

void InvertedDoublePendulum::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kNormal);
}

void InvertedDoublePendulum::write_observation(double* out) const {
  const mjData* d = data();
  out[0] = d->qpos[0];
  out[1] = std::sin(d->qpos[1]);
  out[2] = std::sin(d->qpos[2]);
  out[3] = std::cos(d->qpos[1]);
  out[4] = std::cos(d->qpos[2]);
  for (int i = 0; i < 3; ++i)
    out[5 + i] = std::clamp(d->qvel[i], -kObservationClip, kObservationClip);
  out[8] = std::clamp(d->qfrc_constraint[0], -kObservationClip, kObservationClip);
}

void InvertedDoublePendulum::evaluate_step(const std::vector<double>& /*action*/,
                                           StepResult& result) {
  const double x = tip_x();
  const double z = tip_z();
  const double v1 = data()->qvel[1];
  const double v2 = data()->qvel[2];
  const double distance_penalty = 0.01 * x * x + (z - 2.0) * (z - 2.0);
  const double velocity_penalty = 1e-3 * v1 * v1 + 5e-3 * v2 * v2;
  result.terminated = z <= kMinTipZ;
  const double alive = result.terminated ? 0.0 : options_.healthy_reward;
  result.reward = alive - distance_penalty - velocity_penalty;
  result.info.set("reward_survive", alive);
  result.info.set("distance_penalty", -distance_penalty);
  result.info.set("velocity_penalty", -velocity_penalty);
}

std::unique_ptr<MujocoEnv> make_inverted_double_pendulum(common::OptionReader& options) {
  return std::make_unique<InvertedDoublePendulum>(read_inverted_double_pendulum_options(options));
}

}  // namespace tlb::envs
