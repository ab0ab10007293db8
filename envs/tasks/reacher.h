// Reacher-v5 (spec/envs.md §12): a two-link planar arm moves its fingertip to a random target;
// reward is minus the fingertip-target distance minus the control effort; never terminates.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults (reacher_v5.py; the code's control weight is
// 1, not the docstring's 0.1, spec §15).
struct ReacherOptions {
  int frame_skip = 2;                  // MuJoCo substeps per env step (dt = 0.01 x 2)
  double reward_dist_weight = 1.0;     // weight of the fingertip-target distance
  double reward_control_weight = 1.0;  // weight of the sum of squared actions
};

ReacherOptions read_reacher_options(common::OptionReader& options);

class Reacher : public MujocoEnv {
 public:
  // The target is drawn uniformly in the open disc of this radius around the origin.
  static constexpr double kGoalRadius = 0.2;

  explicit Reacher(const ReacherOptions& options = {});

  // Euclidean (3-D) distance between the fingertip and target body frames (xpos).
  double fingertip_distance() const;

  // cos/sin of the arm angles, the target position and fingertip - target are positions.
  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override {
    return {0, 1, 2, 3, 4, 5, 8, 9};
  }
  std::vector<int> velocity_observation_indices() const override { return {6, 7}; }

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  ReacherOptions options_;
  int fingertip_body_ = -1;
  int target_body_ = -1;
};

std::unique_ptr<MujocoEnv> make_reacher(common::OptionReader& options);

// The id of body `name` in `model`; throws std::runtime_error naming the task when absent.
int require_body(const mjModel* model, const char* name, const std::string& task);

}  // namespace tlb::envs
