// Reacher-v5 (docs/envs_tasks.md; Gymnasium's reacher_v5.py): a two-link planar arm moves its
// fingertip to a random target; reward is minus the fingertip-target distance minus the control
// effort; never terminates.
#pragma once

#include <memory>
#include <string>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// What Reacher-v5 and MemoryReacher-v0 share: reacher.xml (arm joints qpos[0..1], the target's
// slide joints qpos[2..3] = its world x, y), the fingertip and target bodies, and Reacher-v5's
// start distribution.
class ReacherArm : public MujocoEnv {
 public:
  // The target is drawn uniformly in the open disc of this radius around the origin.
  static constexpr double kGoalRadius = 0.2;
  // Arm velocities start uniform in [-kVelocityNoise, kVelocityNoise).
  static constexpr double kVelocityNoise = 0.005;

  // Euclidean (3-D) distance between the fingertip and target body frames (xpos).
  double fingertip_distance() const;

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }

 protected:
  ReacherArm(std::string task_id, int frame_skip, int observation_size);

  // Reacher-v5's start, in Gymnasium's draw order: qpos0 + U(-0.1, 0.1) on all 4 qpos, the
  // target by rejection in the disc (overwriting qpos[2..3]), U(-0.005, 0.005) on all 4 qvel,
  // then the target at rest.
  void reset_model() override;

  int fingertip_body() const { return fingertip_body_; }
  int target_body() const { return target_body_; }

 private:
  int fingertip_body_ = -1;
  int target_body_ = -1;
};

// Gymnasium's constructor arguments and defaults (reacher_v5.py; the code's control weight is
// 1, not the docstring's 0.1, docs/envs_tasks.md).
struct ReacherOptions {
  int frame_skip = 2;                  // MuJoCo substeps per env step (dt = 0.01 x 2)
  double reward_dist_weight = 1.0;     // weight of the fingertip-target distance
  double reward_control_weight = 1.0;  // weight of the sum of squared actions
};

ReacherOptions read_reacher_options(common::OptionReader& options);

class Reacher : public ReacherArm {
 public:
  explicit Reacher(const ReacherOptions& options = {});

  // cos/sin of the arm angles, the target position and fingertip - target are positions.
  std::vector<int> position_observation_indices() const override {
    return {0, 1, 2, 3, 4, 5, 8, 9};
  }
  std::vector<int> velocity_observation_indices() const override { return {6, 7}; }

 protected:
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  ReacherOptions options_;
};

std::unique_ptr<MujocoEnv> make_reacher(common::OptionReader& options);

// The id of body `name` in `model`; throws std::runtime_error naming the task when absent.
int require_body(const mjModel* model, const char* name, const std::string& task);

}  // namespace tlb::envs
