// Swimmer-v5 (docs/envs_tasks.md; Gymnasium's swimmer_v5.py): a three-link swimmer in a viscous
// medium, rewarded for the forward speed of its torso frame; never terminates.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (swimmer_v5.py).
struct SwimmerOptions {
  int frame_skip = 4;                  // MuJoCo substeps per env step (dt = 0.01 x 4)
  double forward_reward_weight = 1.0;  // weight of the x velocity of qpos[0]
  double ctrl_cost_weight = 1e-4;      // weight of the sum of squared actions
  double reset_noise_scale = 0.1;      // qpos, qvel = U(-s, s) per entry
  bool exclude_current_positions_from_observation = true;  // drop qpos[0..1]
};

SwimmerOptions read_swimmer_options(common::OptionReader& options);

class Swimmer : public MujocoEnv {
 public:
  explicit Swimmer(const SwimmerOptions& options = {});

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;
  void reset_info(Info& info) const override;

 private:
  int position_count() const { return options_.exclude_current_positions_from_observation ? 3 : 5; }

  SwimmerOptions options_;
};

std::unique_ptr<MujocoEnv> make_swimmer(common::OptionReader& options);

}  // namespace tlb::envs
