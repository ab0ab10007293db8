// InvertedPendulum-v5 (docs/envs_tasks.md; Gymnasium's inverted_pendulum_v5.py): keep a pole
// upright on a cart; reward 1 per step while |pole angle| <= 0.2, and the episode terminates as
// soon as it is exceeded.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (inverted_pendulum_v5.py).
struct InvertedPendulumOptions {
  int frame_skip = 2;               // MuJoCo substeps per env step (dt = 0.02 x 2)
  double reset_noise_scale = 0.01;  // qpos, qvel + U(-s, s) per entry
};

InvertedPendulumOptions read_inverted_pendulum_options(common::OptionReader& options);

class InvertedPendulum : public MujocoEnv {
 public:
  // The pole angle beyond which (strictly) the episode ends.
  static constexpr double kMaxAngle = 0.2;

  explicit InvertedPendulum(const InvertedPendulumOptions& options = {});

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override { return {0, 1}; }
  std::vector<int> velocity_observation_indices() const override { return {2, 3}; }

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  InvertedPendulumOptions options_;
};

std::unique_ptr<MujocoEnv> make_inverted_pendulum(common::OptionReader& options);

}  // namespace tlb::envs
