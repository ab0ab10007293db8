// Humanoid-v5 (docs/envs_tasks.md; Gymnasium's humanoid_v5.py): a 3-D biped on a free joint,
// rewarded for the forward speed of its whole-body mass centre and for staying up (1 < torso z <
// 2), charged for control and for external contact forces. The observation holds joint state,
// cinert, cvel, actuator forces and cfrc_ext (348 entries with the defaults).
#pragma once

#include <array>
#include <limits>
#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (humanoid_v5.py).
struct HumanoidOptions {
  int frame_skip = 5;                   // MuJoCo substeps per env step (dt = 0.003 x 5)
  double forward_reward_weight = 1.25;  // weight of the mass centre's x velocity
  double ctrl_cost_weight = 0.1;        // weight of the sum of squared controls
  double contact_cost_weight = 5e-7;    // weight of the sum of squared cfrc_ext
  // The weighted contact cost is clamped to this range.
  common::Range contact_cost_range{-std::numeric_limits<double>::infinity(), 10.0};
  double healthy_reward = 5.0;  // paid per step while healthy
  bool terminate_when_unhealthy = true;
  common::Range healthy_z_range{1.0, 2.0};  // strict bounds on the torso height qpos[2]
  double reset_noise_scale = 1e-2;          // qpos + U(-s, s), qvel = U(-s, s)
  bool exclude_current_positions_from_observation = true;  // drop qpos[0..1]
  bool include_cinert_in_observation = true;               // 13 x 10 body inertias
  bool include_cvel_in_observation = true;                 // 13 x 6 body velocities
  bool include_qfrc_actuator_in_observation = true;        // 17 actuator joint forces
  bool include_cfrc_ext_in_observation = true;             // 13 x 6 external forces
};

HumanoidOptions read_humanoid_options(common::OptionReader& options);

class Humanoid : public MujocoEnv {
 public:
  explicit Humanoid(const HumanoidOptions& options = {});

  // 1 < qpos[2] < 2 (strict, as humanoid_v5.py).
  bool is_healthy() const;
  // x, y of the whole-model mass centre: sum(body_mass x xipos) / total mass.
  std::array<double, 2> mass_centre() const;
  // contact_cost_weight x sum(cfrc_ext^2), clamped to contact_cost_range.
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
  HumanoidOptions options_;
  std::array<double, 2> mass_centre_before_{0.0, 0.0};
};

std::unique_ptr<MujocoEnv> make_humanoid(common::OptionReader& options);

}  // namespace tlb::envs
