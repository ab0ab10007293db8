#include "envs/tasks/memory_corridor.h"

#include "common/text.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace tlb::envs {
namespace {

constexpr char kMemoryCorridorId[] = "MemoryCorridor-v0";
// qpos/qvel/ctrl entries of the model's two slide joints and motors.
constexpr int kJointX = 0;
constexpr int kJointY = 1;
// The start x is U[-s, s) with s = min(kStartSpread, L / 2): near the corridor's mouth.
constexpr double kStartSpread = 0.05;

[[noreturn]] void corridor_option_error(const std::string& key, const std::string& expected,
                                        const std::string& found) {
  throw std::invalid_argument(std::string(kMemoryCorridorId) + ": option " + key + " expects " +
                              expected + ", found " + found);
}

// ceil for values computed in floating point, where 148.0000000001 means 148.
int ceil_steps(double steps) { return static_cast<int>(std::ceil(steps - 1e-9)); }

// Terminal speed at full motor, gear * ctrl limit / damping, checked to be the same on both
// axes (the task's step length assumes one speed).
double model_max_speed(const mjModel* m) {
  const std::string where = std::string(kMemoryCorridorId) + ": memory_corridor.xml ";
  if (m->nq != 2 || m->nv != 2 || m->nu != 2) {
    throw std::runtime_error(where + "must have 2 slide joints and 2 motors, found nq " +
                             std::to_string(m->nq) + " and nu " + std::to_string(m->nu));
  }
  double speed[2];
  for (int i = 0; i < 2; ++i) {
    speed[i] = m->actuator_gear[6 * i] * m->actuator_ctrlrange[2 * i + 1] / m->dof_damping[i];
  }
  if (!(speed[0] > 0.0) || speed[0] != speed[1]) {
    throw std::runtime_error(where + "must give both axes one positive terminal speed, found " +
                             std::to_string(speed[0]) + " and " + std::to_string(speed[1]));
  }
  return speed[0];
}

}  // namespace

MemoryCorridorOptions read_memory_corridor_options(common::OptionReader& options) {
  MemoryCorridorOptions o;
  o.frame_skip = static_cast<int>(
      options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps (0.01 s) per env step"));
  o.cue_steps = static_cast<int>(
      options.get_int("cue_steps", o.cue_steps, "observations that show the cue (held steps)"));
  o.delay = static_cast<int>(options.get_int(
      "delay", o.delay, "steps the corridor takes at full speed (sets its length)"));
  o.goal_offset = options.get_double("goal_offset", o.goal_offset,
                                     "m from the corridor's end to each goal, sideways");
  o.time_limit_factor =
      options.get_double("time_limit_factor", o.time_limit_factor,
                         "truncate after cue_steps + factor * (delay + goal steps) steps");
  o.progress_weight = options.get_double("progress_weight", o.progress_weight,
                                         "reward for the whole path to a goal, paid as progress");
  o.success_reward =
      options.get_double("success_reward", o.success_reward, "reward at the cued goal");
  o.failure_penalty =
      options.get_double("failure_penalty", o.failure_penalty, "penalty at the other goal");
  o.ctrl_cost_weight = options.get_double("ctrl_cost_weight", o.ctrl_cost_weight,
                                          "weight of sum(applied ctrl^2), every step");
  return o;
}

MemoryCorridor::MemoryCorridor(const MemoryCorridorOptions& options)
    : MujocoEnv(kMemoryCorridorId, load_asset_model("memory_corridor.xml"), options.frame_skip,
                kObservationSize),
      options_(options),
      max_speed_(model_max_speed(model())) {
  if (options_.cue_steps < 1)
    corridor_option_error("cue_steps", "an integer >= 1", std::to_string(options_.cue_steps));
  if (options_.delay < 1)
    corridor_option_error("delay", "an integer >= 1", std::to_string(options_.delay));
  if (!(options_.goal_offset > 0.0) || !std::isfinite(options_.goal_offset)) {
    corridor_option_error("goal_offset", "a finite number > 0",
                          common::format_number(options_.goal_offset));
  }
  if (!(options_.time_limit_factor >= 1.0) || !std::isfinite(options_.time_limit_factor)) {
    corridor_option_error("time_limit_factor", "a finite number >= 1",
                          common::format_number(options_.time_limit_factor));
  }
  corridor_length_ = options_.delay * max_speed_ * dt();
}

int MemoryCorridor::goal_steps() const {
  return ceil_steps(options_.goal_offset / (max_speed_ * dt()));
}

int MemoryCorridor::episode_limit() const {
  return options_.cue_steps +
         ceil_steps(options_.time_limit_factor * (options_.delay + goal_steps()));
}

bool MemoryCorridor::in_junction() const { return data()->qpos[kJointX] >= corridor_length_; }

double MemoryCorridor::progress() const {
  const double along = std::min(data()->qpos[kJointX], corridor_length_);
  const double across = in_junction() ? std::abs(data()->qpos[kJointY]) : 0.0;
  return (along + std::min(across, options_.goal_offset)) /
         (corridor_length_ + options_.goal_offset);
}

double MemoryCorridor::distance_to_cued_goal() const {
  const double y = in_junction() ? data()->qpos[kJointY] : 0.0;
  return std::max(0.0, corridor_length_ - data()->qpos[kJointX]) +
         std::max(0.0, options_.goal_offset - cue_ * y);
}

// The cue and the start pose are separate draws; the body starts at rest on the centre line.
void MemoryCorridor::reset_model() {
  steps_ = 0;
  cue_ = uniform(0.0, 1.0) < 0.5 ? 1 : -1;
  const double spread = std::min(kStartSpread, corridor_length_ / 2);
  data()->qpos[kJointX] = uniform(-spread, spread);
}

void MemoryCorridor::write_observation(double* out) const {
  const mjData* d = data();
  const bool junction = in_junction();
  out[kCue] = steps_ < options_.cue_steps ? cue_ : 0.0;
  out[kX] = std::min(d->qpos[kJointX], corridor_length_) / corridor_length_;
  out[kY] = d->qpos[kJointY] / options_.goal_offset;
  // At the gate the state still holds the arrival speed until the next step's start; the
  // observation shows the body stopped, as it will be.
  out[kVx] = junction ? 0.0 : d->qvel[kJointX] / max_speed_;
  out[kVy] = d->qvel[kJointY] / max_speed_;
  out[kJunction] = junction ? 1.0 : 0.0;
}

// Runs after ctrl = action and before the substeps: the hold, the corridor's walls and the gate.
void MemoryCorridor::before_step() {
  ++steps_;
  mjData* d = data();
  if (steps_ <= options_.cue_steps) {
    // Held: the action was chosen while the cue was shown. The body is at rest, so with no
    // force it stays exactly where it started.
    d->ctrl[kJointX] = 0.0;
    d->ctrl[kJointY] = 0.0;
  }
  if (in_junction()) {
    d->qpos[kJointX] = corridor_length_;
    d->qvel[kJointX] = 0.0;
    d->ctrl[kJointX] = 0.0;
  } else {
    d->qpos[kJointY] = 0.0;
    d->qvel[kJointY] = 0.0;
    d->ctrl[kJointY] = 0.0;
  }
  progress_before_ = progress();
}

void MemoryCorridor::evaluate_step(const std::vector<double>& /*action*/, StepResult& result) {
  const mjData* d = data();
  const double y = d->qpos[kJointY];
  const bool at_goal = in_junction() && std::abs(y) >= options_.goal_offset;
  const bool success = at_goal && (y > 0.0) == (cue_ > 0);
  const double reward_progress = options_.progress_weight * (progress() - progress_before_);
  const double reward_goal =
      at_goal ? (success ? options_.success_reward : -options_.failure_penalty) : 0.0;
  // d->ctrl holds what was applied: zero for held and ignored motors.
  const double reward_ctrl = -options_.ctrl_cost_weight * (d->ctrl[kJointX] * d->ctrl[kJointX] +
                                                           d->ctrl[kJointY] * d->ctrl[kJointY]);
  result.reward = reward_progress + reward_goal + reward_ctrl;
  result.terminated = at_goal;
  result.truncated = !at_goal && steps_ >= episode_limit();
  result.info.set("success", success ? 1.0 : 0.0);
  result.info.set("distance", distance_to_cued_goal());
  result.info.set("progress", progress());
  result.info.set("reward_progress", reward_progress);
  result.info.set("reward_goal", reward_goal);
  result.info.set("reward_ctrl", reward_ctrl);
  result.info.set("cue_visible", result.observation[kCue] != 0.0 ? 1.0 : 0.0);
}

std::unique_ptr<MujocoEnv> make_memory_corridor(common::OptionReader& options) {
  return std::make_unique<MemoryCorridor>(read_memory_corridor_options(options));
}

}  // namespace tlb::envs
