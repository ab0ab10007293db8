// MemoryReacher-v0: a long-memory variant of Reacher (tlb's own task, docs/envs_tasks.md).
//
// Timeline of an episode (steps k = 1, 2, ...; the reset observation is k = 0):
//   cue      observations k < cue_steps show the target; later ones show zeros and flag 0;
//   scramble at the end of step cue_steps, before its observation (the first without the
//            target) is written, the arm gets a random pose and new small velocities, and the
//            solver's warm start is cleared, so nothing the cue-time actions did to the arm
//            survives: a memoryless policy can carry the target neither in the pose (parking
//            the fingertip on it) nor in the velocities, nor through an action chosen from an
//            unscrambled arm that acts after the scramble;
//   delay    `delay` steps in which only the control cost is paid;
//   reach    steps cue_steps + delay < k <= cue_steps + delay + reach_steps also pay minus the
//            fingertip-target distance; the episode terminates after the last of them.
// With the defaults (5, 64, 16) the target must be held in memory for 64+ steps, i.e. across
// 4-8 TLB chunks of 8-16 steps, before remembering it pays.
//
// Observation (13): cos q0, cos q1, sin q0, sin q1, qvel0, qvel1, fingertip x, y, target x, y
// (zeros once hidden), target-visible flag, episode phase k / episode_length, reach-window
// flag (1 when the next step's reward counts the distance).
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/tasks/reacher.h"

namespace tlb::envs {

struct MemoryReacherOptions {
  int frame_skip = 2;                  // as Reacher-v5 (dt = 0.02)
  int cue_steps = 5;                   // observations (from reset on) that show the target
  int delay = 64;                      // steps after the cue before the distance counts
  int reach_steps = 16;                // steps whose reward counts the distance
  double reward_dist_weight = 1.0;     // weight of the fingertip-target distance (reach window)
  double reward_control_weight = 0.1;  // weight of sum(action^2), every step
  bool scramble_arm = true;            // randomise the arm's state when the cue ends
};

MemoryReacherOptions read_memory_reacher_options(common::OptionReader& options);

// Reacher-v5's arm, target and start distribution (ReacherArm), with the timeline above.
class MemoryReacher : public ReacherArm {
 public:
  static constexpr int kObservationSize = 13;

  explicit MemoryReacher(const MemoryReacherOptions& options = {});

  const MemoryReacherOptions& options() const { return options_; }
  // cue_steps + delay + reach_steps: the episode terminates after this many steps.
  int episode_length() const;
  // Steps taken in the current episode.
  int steps() const { return steps_; }
  // World x, y of the target (visible to tests and scripted baselines, not to the agent).
  double target_x() const;
  double target_y() const;

  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override { return {4, 5}; }

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void before_step() override;
  void after_substeps() override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  MemoryReacherOptions options_;
  int steps_ = 0;
};

std::unique_ptr<MujocoEnv> make_memory_reacher(common::OptionReader& options);

}  // namespace tlb::envs
