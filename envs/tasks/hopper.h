// Hopper-v5 (spec/envs.md §5): a one-legged planar hopper rewarded for forward speed and for
// staying healthy; the episode terminates when it falls (height, pitch or state out of range).
#pragma once

#include <limits>
#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (hopper_v5.py).
struct HopperOptions {
  int frame_skip = 4;                  // MuJoCo substeps per env step (dt = 0.002 x 4)
  double forward_reward_weight = 1.0;  // weight of the forward velocity term
  double ctrl_cost_weight = 1e-3;      // weight of the sum of squared actions
  double healthy_reward = 1.0;         // paid per step while healthy
  bool terminate_when_unhealthy = true;
  // Strict bounds on qpos[2:] and the raw qvel.
  common::Range healthy_state_range{-100.0, 100.0};
  common::Range healthy_z_range{0.7,
                                std::numeric_limits<double>::infinity()};  // torso height qpos[1]
  common::Range healthy_angle_range{-0.2, 0.2};                            // torso pitch qpos[2]
  double reset_noise_scale = 5e-3;                                         // qpos, qvel + U(-s, s)
  bool exclude_current_positions_from_observation = true;                  // drop qpos[0] (rootx)
};

HopperOptions read_hopper_options(common::OptionReader& options);

class Hopper : public MujocoEnv {
 public:
  explicit Hopper(const HopperOptions& options = {});

  // Healthy as of the current state (strict inequalities, spec §5d).
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
  HopperOptions options_;
};

std::unique_ptr<MujocoEnv> make_hopper(common::OptionReader& options);

}  // namespace tlb::envs
