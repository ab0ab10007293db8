// Ant-v5 (docs/envs_tasks.md; Gymnasium's ant_v5.py): a four-legged robot on a free joint, rewarded
// for forward speed of its torso and for staying healthy (torso height in [0.2, 1]), charged for
// control and for external contact forces (cfrc_ext, clipped to contact_force_range).
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (ant_v5.py).
struct AntOptions {
  int frame_skip = 5;                  // MuJoCo substeps per env step (dt = 0.01 x 5)
  double forward_reward_weight = 1.0;  // weight of the torso's x velocity
  double ctrl_cost_weight = 0.5;       // weight of the sum of squared actions
  double contact_cost_weight = 5e-4;   // weight of the sum of squared clipped cfrc_ext
  double healthy_reward = 1.0;         // paid per step while healthy
  int main_body = 1;                   // body whose xpos measures velocity (1 = torso)
  bool terminate_when_unhealthy = true;
  common::Range healthy_z_range{0.2, 1.0};       // inclusive bounds on the torso height qpos[2]
  common::Range contact_force_range{-1.0, 1.0};  // cfrc_ext entries are clipped to this
  double reset_noise_scale = 0.1;                // qpos + U(-s, s); qvel = s * N(0, 1)
  bool exclude_current_positions_from_observation = true;  // drop qpos[0..1]
  bool include_cfrc_ext_in_observation = true;             // append 13 x 6 clipped cfrc_ext
};

AntOptions read_ant_options(common::OptionReader& options);

class Ant : public MujocoEnv {
 public:
  explicit Ant(const AntOptions& options = {});

  // Finite state and torso height inside healthy_z_range (inclusive, as ant_v5.py).
  bool is_healthy() const;
  // contact_cost_weight x sum over all bodies (world included) of clipped cfrc_ext squared.
  double contact_cost() const;

  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void before_step() override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;
  void reset_info(Info& info) const override;

 private:
  int position_count() const;

  AntOptions options_;
  double main_body_x_before_ = 0.0;
  double main_body_y_before_ = 0.0;
};

std::unique_ptr<MujocoEnv> make_ant(common::OptionReader& options);

}  // namespace tlb::envs
