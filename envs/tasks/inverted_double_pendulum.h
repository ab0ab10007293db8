// InvertedDoublePendulum-v5 (docs/envs_tasks.md; Gymnasium's inverted_double_pendulum_v5.py):
// balance two stacked poles on a cart. Reward: alive bonus minus the tip's distance from (0, 2) and
// the poles' angular speeds; the episode terminates when the tip's world z falls to 1 or below.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (inverted_double_pendulum_v5.py).
struct InvertedDoublePendulumOptions {
  int frame_skip = 5;              // MuJoCo substeps per env step (dt = 0.01 x 5)
  double healthy_reward = 10.0;    // alive bonus per step while not terminated
  double reset_noise_scale = 0.1;  // qpos + U(-s, s); qvel = s * N(0, 1)
};

InvertedDoublePendulumOptions read_inverted_double_pendulum_options(common::OptionReader& options);

class InvertedDoublePendulum : public MujocoEnv {
 public:
  // The episode ends when the tip's z is at most this (inclusive).
  static constexpr double kMinTipZ = 1.0;

  explicit InvertedDoublePendulum(const InvertedDoublePendulumOptions& options = {});

  // World x and z of the tip site.
  double tip_x() const;
  double tip_z() const;

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override { return {0, 1, 2, 3, 4}; }
  std::vector<int> velocity_observation_indices() const override { return {5, 6, 7}; }

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  InvertedDoublePendulumOptions options_;
  int tip_site_ = -1;
};

std::unique_ptr<MujocoEnv> make_inverted_double_pendulum(common::OptionReader& options);

}  // namespace tlb::envs
