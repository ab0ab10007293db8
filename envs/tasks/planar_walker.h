// The base of Hopper-v5 and Walker2d-v5 (docs/envs.md): a planar body on a rootx, rootz, rooty
// slider/hinge chain plus hinge joints, so nq = nv = joints. Both tasks share the options, the
// observation (qpos without rootx, then qvel clipped to [-10, 10]), the reset noise, the reward
// (forward velocity + healthy bonus - control cost, Gymnasium's info keys) and the torso height
// and pitch health checks; a task supplies its model, its joint count, its defaults and any
// further health check.
#pragma once

#include <string>
#include <vector>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments both tasks take, with the defaults they share; the torso
// ranges have no common default, so each task's options struct sets them.
struct PlanarWalkerOptions {
  PlanarWalkerOptions(common::Range z, common::Range angle)
      : healthy_z_range(z), healthy_angle_range(angle) {}

  int frame_skip = 4;                  // MuJoCo substeps per env step (dt = 0.002 x 4)
  double forward_reward_weight = 1.0;  // weight of the forward velocity term
  double ctrl_cost_weight = 1e-3;      // weight of the sum of squared actions
  double healthy_reward = 1.0;         // paid per step while healthy
  bool terminate_when_unhealthy = true;
  common::Range healthy_z_range;                           // strict bounds on torso height qpos[1]
  common::Range healthy_angle_range;                       // strict bounds on torso pitch qpos[2]
  double reset_noise_scale = 5e-3;                         // qpos, qvel + U(-s, s)
  bool exclude_current_positions_from_observation = true;  // drop qpos[0] (rootx)
};

// Reads the shared options into `o`, in Gymnasium's argument order; a non-null
// `healthy_state_range` (Hopper's) is read in its place, after terminate_when_unhealthy.
void read_planar_walker_options(common::OptionReader& options, PlanarWalkerOptions& o,
                                common::Range* healthy_state_range = nullptr);

class PlanarWalker : public MujocoEnv {
 public:
  // Healthy as of the current state: torso height and pitch strictly inside their ranges, and
  // the task's own check.
  bool is_healthy() const;

  // Reads only qpos and qvel: no need for cacc / cfrc_int / cfrc_ext.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  // `joints` is the model's nq (= nv; checked): the observation has 2 x joints entries, one
  // fewer without rootx.
  PlanarWalker(std::string task_id, const std::string& model_file, int joints,
               const PlanarWalkerOptions& options);

  // A health check beyond torso height and pitch (Hopper's state range); none by default.
  virtual bool extra_health_check() const { return true; }

  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;
  // x_position and z_distance_from_origin (height above qpos0's rootz).
  void reset_info(Info& info) const override;

 private:
  int observed_positions() const;

  PlanarWalkerOptions options_;
  int joints_;
};

}  // namespace tlb::envs
