// HalfCheetah-v5 (docs/envs.md; Gymnasium's half_cheetah_v5.py): a planar cat-like runner rewarded
// for forward speed. Never terminates; the registry's 1000-step limit truncates.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (half_cheetah_v5.py).
struct HalfCheetahOptions {
  int frame_skip = 5;                  // MuJoCo substeps per env step (dt = 0.01 x 5)
  double forward_reward_weight = 1.0;  // weight of the forward velocity term
  double ctrl_cost_weight = 0.1;       // weight of the sum of squared actions
  double reset_noise_scale = 0.1;      // qpos + U(-s, s), qvel = s x N(0, 1)
  bool exclude_current_positions_from_observation = true;  // drop qpos[0] (rootx)
};

HalfCheetahOptions read_half_cheetah_options(common::OptionReader& options);

class HalfCheetah : public MujocoEnv {
 public:
  explicit HalfCheetah(const HalfCheetahOptions& options = {});

  // Reads only qpos and qvel: no need for cacc / cfrc_int / cfrc_ext.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;
  void reset_info(Info& info) const override;

 private:
  HalfCheetahOptions options_;
};

std::unique_ptr<MujocoEnv> make_half_cheetah(common::OptionReader& options);

}  // namespace tlb::envs
