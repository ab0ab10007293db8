// MemoryCorridor-v0: a T-maze for a point mass, with the memory span as a dial (tlb's own task,
// docs/envs_tasks.md). Model: envs/assets/memory_corridor.xml (slide joints x, y, a motor on
// each, terminal speed v = 1 m/s, no contacts).
//
// Timeline of an episode (steps k = 1, 2, ...; the reset observation is k = 0):
//   cue       observations k < cue_steps show the cue c = +1 or -1 (entry 0; 0 afterwards).
//             Steps k <= cue_steps, whose actions were chosen while the cue was shown, are
//             held: the motors get 0 and the body stays at rest at its start pose;
//   corridor  the x motor drives the body down the corridor x in [start, L); the y motor is
//             ignored and y = vy = 0. L = delay * v * dt, so at full speed the corridor takes
//             `delay` steps (plus ~2 to accelerate);
//   junction  the step that ends at x >= L is the gate: the body is stopped at x = L (the
//             observation already shows it stopped; the state follows at the next step's
//             start) and from then on moves only along y, the x motor ignored;
//   goals     |y| >= goal_offset ends the episode (terminated): a success when sign(y) = c.
//             Otherwise the episode is truncated after episode_limit() steps.
//
// Why a memoryless policy (one that sees only the current observation) stays at chance:
//   1. c and the start pose are separate random draws;
//   2. the held steps ignore their actions, so everything in mjData when the cue ends (qpos,
//      qvel, ctrl, the solver's warm start, time) is a function of the start pose alone; there
//      are no activations, contacts or other state;
//   3. no observation after the cue depends on c (entry 0 is 0, and there is no clock), and
//      the rewards before a goal do not either (progress along the path, symmetric in y).
//   By induction every later state, observation, action and reward is independent of c, so
//   the side the policy ends on is too, and P(success) = 1/2 whatever the policy.
// Defence in depth, sufficient together even without 2: the corridor keeps y = vy = 0 (no
// lateral offset to carry) and the gate sets x = L, vx = 0 (no speed to carry), so every
// junction starts from the same state; only the arrival time differs, and nothing shows the
// time. (Checked by disabling them in code: without the hold the cue carrier stays at chance;
// without the hold and either the walls or the gate it picks the cued side every time.)
// Limits of the claim: a policy with memory can shorten what it must remember by coding c in
// its corridor speed (or another detail of its motion) and reading it just before the gate (it
// still carries c across the junction, goal_offset / (v dt) = 10 steps by default). A policy fed
// its own previous action is not memoryless: it can carry c in the ignored motor's action.
//
// Observation (6): cue (+-1 or 0), min(x, L) / L, y / goal_offset, vx / v (0 in the junction),
// vy / v, junction flag (x >= L). Action (2) in [-1, 1]: the x and y motors.
// Reward: progress_weight * the increase of the path progress (min(x, L) + min(|y|, offset)) /
// (L + offset), + success_reward at the cued goal or - failure_penalty at the other one,
// - ctrl_cost_weight * the sum of squares of the controls applied (held and ignored motors cost
// nothing, so no reward depends on an action taken while the cue was shown). Info: success,
// distance (path length left to the cued goal), progress, reward_progress, reward_goal,
// reward_ctrl, cue_visible.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

struct MemoryCorridorOptions {
  int frame_skip = 5;              // 0.01 s substeps per env step (dt = 0.05 s)
  int cue_steps = 5;               // observations (from reset on) that show the cue, as
                                   // MemoryReacher-v0; the steps acting on them are held
  int delay = 64;                  // corridor steps at full speed: L = delay * v * dt (m)
  double goal_offset = 0.5;        // m from the junction to each goal (10 steps at full speed)
  double time_limit_factor = 2.0;  // truncate after cue_steps + factor * (delay + goal steps)
  double progress_weight = 1.0;    // reward for the whole path to a goal, paid as progress
  double success_reward = 1.0;     // paid on reaching the cued goal
  double failure_penalty = 1.0;    // subtracted on reaching the other goal
  double ctrl_cost_weight = 0.0;   // weight of sum(applied ctrl^2), every step
};

MemoryCorridorOptions read_memory_corridor_options(common::OptionReader& options);

class MemoryCorridor : public MujocoEnv {
 public:
  static constexpr int kObservationSize = 6;
  // Observation entries.
  static constexpr int kCue = 0;
  static constexpr int kX = 1;
  static constexpr int kY = 2;
  static constexpr int kVx = 3;
  static constexpr int kVy = 4;
  static constexpr int kJunction = 5;

  explicit MemoryCorridor(const MemoryCorridorOptions& options = {});

  const MemoryCorridorOptions& options() const { return options_; }
  // L, the corridor's length (m).
  double corridor_length() const { return corridor_length_; }
  // Terminal speed of the body at full motor (m/s), from the model: gear / damping.
  double max_speed() const { return max_speed_; }
  // Steps from the junction to a goal at full speed: goal_offset / (max_speed * dt), rounded up.
  int goal_steps() const;
  // cue_steps + ceil(time_limit_factor * (delay + goal_steps)): the step that truncates.
  int episode_limit() const;
  // Steps taken in the current episode.
  int steps() const { return steps_; }
  // The cue of the current episode, +1 or -1 (for tests and scripted baselines).
  int cue() const { return cue_; }
  bool in_junction() const;
  // Path progress in [.., 1]: (min(x, L) + min(|y|, goal_offset)) / (L + goal_offset).
  double progress() const;
  // Path length left to the cued goal (m).
  double distance_to_cued_goal() const;

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  // The cue counts as a position (as MemoryReacher-v0's masked target), so -P keeps it.
  std::vector<int> position_observation_indices() const override { return {kCue, kX, kY}; }
  std::vector<int> velocity_observation_indices() const override { return {kVx, kVy}; }

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void before_step() override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;

 private:
  MemoryCorridorOptions options_;
  double max_speed_ = 0.0;
  double corridor_length_ = 0.0;
  int cue_ = 1;
  int steps_ = 0;
  double progress_before_ = 0.0;
};

std::unique_ptr<MujocoEnv> make_memory_corridor(common::OptionReader& options);

}  // namespace tlb::envs
