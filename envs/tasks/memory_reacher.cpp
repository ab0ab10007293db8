#include "envs/tasks/memory_reacher.h"

#include <cmath>
#include <stdexcept>
#include <string>

#include "envs/tasks/reacher.h"
#include "envs/tasks/task_util.h"

namespace tlb::envs {
namespace {

constexpr char kMemoryReacherId[] = "MemoryReacher-v0";
constexpr double kJoint1Limit = 3.0;  // reacher.xml's joint1 range is ±3 rad

void require_at_least(const std::string& key, int value, int minimum) {
  if (value < minimum) {
    throw std::invalid_argument(std::string(kMemoryReacherId) + ": option " + key +
                                " expects an integer >= " + std::to_string(minimum) + ", found " +
                                std::to_string(value));
  }
}

}  // namespace

MemoryReacherOptions read_memory_reacher_options(common::OptionReader& options) {
  MemoryReacherOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.cue_steps = static_cast<int>(
      options.get_int("cue_steps", o.cue_steps, "observations that show the target"));
  o.delay = static_cast<int>(
      options.get_int("delay", o.delay, "steps after the cue before the distance counts"));
  o.reach_steps = static_cast<int>(
      options.get_int("reach_steps", o.reach_steps, "steps whose reward counts the distance"));
  o.reward_dist_weight = options.get_double("reward_dist_weight", o.reward_dist_weight,
                                            "weight of the distance in the reach window");
  o.reward_control_weight = options.get_double("reward_control_weight", o.reward_control_weight,
                                               "weight of sum(action^2), every step");
  o.scramble_arm = options.get_bool("scramble_arm", o.scramble_arm,
                                    "randomise the arm's pose and velocities when the cue ends");
  return o;
}

MemoryReacher::MemoryReacher(const MemoryReacherOptions& options)
    : ReacherArm(kMemoryReacherId, options.frame_skip, kObservationSize), options_(options) {
  require_at_least("cue_steps", options_.cue_steps, 1);
  require_at_least("delay", options_.delay, 0);
  require_at_least("reach_steps", options_.reach_steps, 1);
}

int MemoryReacher::episode_length() const {
  return options_.cue_steps + options_.delay + options_.reach_steps;
}

double MemoryReacher::target_x() const { return data()->xpos[3 * target_body()]; }
double MemoryReacher::target_y() const { return data()->xpos[3 * target_body() + 1]; }

// Joint angles (cos/sin), the fingertip and the target are positions; flags and phase are
// in neither list.
std::vector<int> MemoryReacher::position_observation_indices() const {
  return {0, 1, 2, 3, 6, 7, 8, 9};
}

// Reacher-v5's start distribution: arm near zero, target uniform in the disc, arm near rest.
void MemoryReacher::reset_model() {
  steps_ = 0;
  ReacherArm::reset_model();
}

void MemoryReacher::write_observation(double* out) const {
  const mjData* d = data();
  const bool visible = steps_ < options_.cue_steps;
  out[0] = std::cos(d->qpos[0]);
  out[1] = std::cos(d->qpos[1]);
  out[2] = std::sin(d->qpos[0]);
  out[3] = std::sin(d->qpos[1]);
  out[4] = d->qvel[0];
  out[5] = d->qvel[1];
  out[6] = d->xpos[3 * fingertip_body()];
  out[7] = d->xpos[3 * fingertip_body() + 1];
  out[8] = visible ? d->qpos[2] : 0.0;
  out[9] = visible ? d->qpos[3] : 0.0;
  out[10] = visible ? 1.0 : 0.0;
  out[11] = static_cast<double>(steps_) / episode_length();
  out[12] = steps_ >= options_.cue_steps + options_.delay ? 1.0 : 0.0;
}

void MemoryReacher::before_step() { ++steps_; }

// After the physics of step cue_steps, before observation k = cue_steps (the first without the
// target) is written: no action chosen from an observation that shows the arm before the
// scramble ever acts on the arm after it. Everything of the arm that actions could have shaped
// is drawn again (pose, velocities) or cleared as mj_resetData leaves it (the solver's warm
// start, activations); what stays (time, the target, the generator's state) is the same
// whatever the actions were.
void MemoryReacher::after_substeps() {
  if (steps_ != options_.cue_steps || !options_.scramble_arm) return;
  const mjModel* m = model();
  mjData* d = data();
  d->qpos[0] = uniform(-M_PI, M_PI);
  d->qpos[1] = uniform(-kJoint1Limit, kJoint1Limit);
  d->qvel[0] = uniform(-kVelocityNoise, kVelocityNoise);
  d->qvel[1] = uniform(-kVelocityNoise, kVelocityNoise);
  mju_zero(d->act, m->na);
  mj_forward(m, d);  // the fingertip position of the new pose; it also rewrites the warm start
  mju_zero(d->qacc_warmstart, m->nv);
}

void MemoryReacher::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const bool reaching = steps_ > options_.cue_steps + options_.delay;
  const double distance = fingertip_distance();
  const double reward_dist = reaching ? -options_.reward_dist_weight * distance : 0.0;
  const double reward_ctrl = -options_.reward_control_weight * sum_of_squares(action);
  result.reward = reward_dist + reward_ctrl;
  result.terminated = steps_ >= episode_length();
  result.info.set("reward_dist", reward_dist);
  result.info.set("reward_ctrl", reward_ctrl);
  result.info.set("distance", distance);
  result.info.set("target_visible", result.observation[10]);
}

std::unique_ptr<MujocoEnv> make_memory_reacher(common::OptionReader& options) {
  return std::make_unique<MemoryReacher>(read_memory_reacher_options(options));
}

}  // namespace tlb::envs
