#include "envs/tasks/pusher.h"

#include <algorithm>
#include <cmath>

#include "envs/tasks/reacher.h"
#include "envs/tasks/task_util.h"

namespace tlb::envs {
namespace {

constexpr int kArmJoints = 7;
constexpr double kMinObjectOffset = 0.17;  // the object starts strictly farther than this

}  // namespace

PusherOptions read_pusher_options(common::OptionReader& options) {
  PusherOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.reward_near_weight = options.get_double("reward_near_weight", o.reward_near_weight,
                                            "weight of the fingertip-object distance");
  o.reward_dist_weight = options.get_double("reward_dist_weight", o.reward_dist_weight,
                                            "weight of the object-goal distance");
  o.reward_control_weight = options.get_double("reward_control_weight", o.reward_control_weight,
                                               "weight of sum(action^2)");
  return o;
}

Pusher::Pusher(const PusherOptions& options)
    : MujocoEnv("Pusher-v5", load_asset_model("pusher.xml"), options.frame_skip, 23),
      options_(options),
      tips_body_(require_body(model(), "tips_arm", "Pusher-v5")),
      object_body_(require_body(model(), "object", "Pusher-v5")),
      goal_body_(require_body(model(), "goal", "Pusher-v5")) {}

// Observation: arm qpos (7), arm qvel (7), then the xpos of tips_arm, object and goal (3 each).
std::vector<int> Pusher::position_observation_indices() const {
  std::vector<int> indices = index_range(0, kArmJoints);
  for (int i : index_range(2 * kArmJoints + 3, 23)) indices.push_back(i);
  return indices;
}

std::vector<int> Pusher::velocity_observation_indices() const {
  return index_range(kArmJoints, 2 * kArmJoints);
}

double Pusher::body_distance(int a, int b) const {
  const double* p = data()->xpos + 3 * a;
  const double* q = data()->xpos + 3 * b;
  return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) +
                   (p[2] - q[2]) * (p[2] - q[2]));
}

double Pusher::object_to_tips_distance() const { return body_distance(object_body_, tips_body_); }
double Pusher::object_to_goal_distance() const { return body_distance(object_body_, goal_body_); }

// RNG order as Gymnasium's pusher_v5.py: the object offset by rejection (first draw to the y
// slide, second to the x slide), then 11 qvel draws; the goal stays at its slide origin.
void Pusher::reset_model() {
  mjData* d = data();
  for (int i = 0; i < model()->nq; ++i) d->qpos[i] = init_qpos()[i];
  double a = 0.0, b = 0.0;
  do {
    a = uniform(-0.3, 0.0);
    b = uniform(-0.2, 0.2);
  } while (!(std::sqrt(a * a + b * b) > kMinObjectOffset));
  d->qpos[7] = a;
  d->qpos[8] = b;
  d->qpos[9] = 0.0;
  d->qpos[10] = 0.0;
  for (int i = 0; i < model()->nv; ++i) d->qvel[i] = uniform(-0.005, 0.005);
  for (int i = 7; i < 11; ++i) d->qvel[i] = 0.0;
}

void Pusher::write_observation(double* out) const {
  const mjData* d = data();
  out = std::copy(d->qpos, d->qpos + kArmJoints, out);
  out = std::copy(d->qvel, d->qvel + kArmJoints, out);
  out = std::copy(d->xpos + 3 * tips_body_, d->xpos + 3 * tips_body_ + 3, out);
  out = std::copy(d->xpos + 3 * object_body_, d->xpos + 3 * object_body_ + 3, out);
  std::copy(d->xpos + 3 * goal_body_, d->xpos + 3 * goal_body_ + 3, out);
}

void Pusher::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double reward_near = -options_.reward_near_weight * object_to_tips_distance();
  const double reward_dist = -options_.reward_dist_weight * object_to_goal_distance();
  const double reward_ctrl = -options_.reward_control_weight * sum_of_squares(action);
  result.reward = reward_dist + reward_ctrl + reward_near;
  result.info.set("reward_dist", reward_dist);
  result.info.set("reward_ctrl", reward_ctrl);
  result.info.set("reward_near", reward_near);
}

std::unique_ptr<MujocoEnv> make_pusher(common::OptionReader& options) {
  return std::make_unique<Pusher>(read_pusher_options(options));
}

}  // namespace tlb::envs
