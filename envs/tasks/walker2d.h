// Walker2d-v5 (spec/envs.md §6): a two-legged planar walker rewarded for forward speed and for
// staying healthy; the episode terminates when the torso's height or pitch leaves its range.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (walker2d_v5.py).
struct Walker2dOptions {
  int frame_skip = 4;                  // MuJoCo substeps per env step (dt = 0.002 x 4)
  double forward_reward_weight = 1.0;  // weight of the forward velocity term
  double ctrl_cost_weight = 1e-3;      // weight of the sum of squared actions
  double healthy_reward = 1.0;         // paid per step while healthy
  bool terminate_when_unhealthy = true;
  common::Range healthy_z_range{0.8, 2.0};                 // strict bounds on torso height qpos[1]
  common::Range healthy_angle_range{-1.0, 1.0};            // strict bounds on torso pitch qpos[2]
  double reset_noise_scale = 5e-3;                         // qpos, qvel + U(-s, s)
  bool exclude_current_positions_from_observation = true;  // drop qpos[0] (rootx)
};

Walker2dOptions read_walker2d_options(common::OptionReader& options);

class Walker2d : public MujocoEnv {
 public:
  explicit Walker2d(const Walker2dOptions& options = {});

  // Healthy as of the current state (strict inequalities, spec §6d).
  bool is_healthy() const;

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
  Walker2dOptions options_;
};

std::unique_ptr<MujocoEnv> make_walker2d(common::OptionReader& options);

}  // namespace tlb::envs
