#include "envs/tasks/inverted_pendulum.h"

#include <cmath>

namespace tlb::envs {

InvertedPendulumOptions read_inverted_pendulum_options(common::OptionReader& options) {
  InvertedPendulumOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.reset_noise_scale = options.get_double("reset_noise_scale", o.reset_noise_scale,
                                           "half-width of the uniform reset noise");
  return o;
}

InvertedPendulum::InvertedPendulum(const InvertedPendulumOptions& options)
    : MujocoEnv("InvertedPendulum-v5", load_asset_model("inverted_pendulum.xml"),
                options.frame_skip, 4),
      options_(options) {}

void InvertedPendulum::reset_model() {
  reset_with_noise(options_.reset_noise_scale, VelocityNoise::kUniform);
}

void InvertedPendulum::write_observation(double* out) const {
  out[0] = data()->qpos[0];
  out[1] = data()->qpos[1];
  out[2] = data()->qvel[0];
  out[3] = data()->qvel[1];
}

void InvertedPendulum::evaluate_step(const std::vector<double>& /*action*/, StepResult& result) {
  bool finite = true;
  for (double x : result.observation) finite = finite && std::isfinite(x);
  result.terminated = !finite || std::abs(data()->qpos[1]) > kMaxAngle;
  result.reward = result.terminated ? 0.0 : 1.0;
  result.info.set("reward_survive", result.reward);
}

std::unique_ptr<MujocoEnv> make_inverted_pendulum(common::OptionReader& options) {
  return std::make_unique<InvertedPendulum>(read_inverted_pendulum_options(options));
}

}  // namespace tlb::envs
