// Pusher-v5 (docs/envs_tasks.md; Gymnasium's pusher_v5.py): a 7-joint arm pushes a cylinder to a
// fixed goal on a table. Reward: minus the object-goal distance, minus half the fingertip-object
// distance, minus the control effort; never terminates.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (pusher_v5.py).
struct PusherOptions {
  int frame_skip = 5;                  // MuJoCo substeps per env step (dt = 0.01 x 5)
  double reward_near_weight = 0.5;     // weight of the tips_arm-object distance
  double reward_dist_weight = 1.0;     // weight of the object-goal distance
  double reward_control_weight = 0.1;  // weight of the sum of squared actions
};

PusherOptions read_pusher_options(common::OptionReader& options);

class Pusher : public MujocoEnv {
 public:
  explicit Pusher(const PusherOptions& options = {});

  // Euclidean distances between body frame positions (xpos).
  double object_to_tips_distance() const;
  double object_to_goal_distance() const;

  // Positions: the arm angles and the object and goal positions. Not tips_arm: read after the
  // step, its xpos is from the last substep's kinematics (Euler), so it differs from the
  // position of the arm angles beside it by -J qvel h and would carry three components of the
  // arm's velocity into -P; it is a function of the angles, so -P loses nothing without it.
  // Velocities: the arm velocities.
  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  double body_distance(int a, int b) const;

  PusherOptions options_;
  int tips_body_ = -1;
  int object_body_ = -1;
  int goal_body_ = -1;
};

std::unique_ptr<MujocoEnv> make_pusher(common::OptionReader& options);

}  // namespace tlb::envs
