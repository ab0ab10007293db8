#include "envs/tasks/reacher.h"

#include <cmath>
#include <stdexcept>

#include "envs/tasks/task_util.h"

namespace tlb::envs {

int require_body(const mjModel* model, const char* name, const std::string& task) {
  const int id = mj_name2id(model, mjOBJ_BODY, name);
  if (id < 0) {
    throw std::runtime_error(task + ": expected a body named " + name +
                             " in the model, found none");
  }
  return id;
}

ReacherArm::ReacherArm(std::string task_id, int frame_skip, int observation_size)
    : MujocoEnv(task_id, load_asset_model("reacher.xml"), frame_skip, observation_size),
      fingertip_body_(require_body(model(), "fingertip", task_id)),
      target_body_(require_body(model(), "target", task_id)) {}

double ReacherArm::fingertip_distance() const {
  const double* f = data()->xpos + 3 * fingertip_body_;
  const double* t = data()->xpos + 3 * target_body_;
  return std::sqrt((f[0] - t[0]) * (f[0] - t[0]) + (f[1] - t[1]) * (f[1] - t[1]) +
                   (f[2] - t[2]) * (f[2] - t[2]));
}

void ReacherArm::reset_model() {
  mjData* d = data();
  for (int i = 0; i < model()->nq; ++i) d->qpos[i] = init_qpos()[i] + uniform(-0.1, 0.1);
  double gx = 0.0, gy = 0.0;
  do {
    gx = uniform(-kGoalRadius, kGoalRadius);
    gy = uniform(-kGoalRadius, kGoalRadius);
  } while (!(std::sqrt(gx * gx + gy * gy) < kGoalRadius));
  d->qpos[2] = gx;
  d->qpos[3] = gy;
  for (int i = 0; i < model()->nv; ++i) d->qvel[i] = uniform(-kVelocityNoise, kVelocityNoise);
  d->qvel[2] = 0.0;
  d->qvel[3] = 0.0;
}

ReacherOptions read_reacher_options(common::OptionReader& options) {
  ReacherOptions o;
  o.frame_skip =
      static_cast<int>(options.get_int("frame_skip", o.frame_skip, "MuJoCo substeps per env step"));
  o.reward_dist_weight = options.get_double("reward_dist_weight", o.reward_dist_weight,
                                            "weight of the fingertip-target distance");
  o.reward_control_weight = options.get_double("reward_control_weight", o.reward_control_weight,
                                               "weight of sum(action^2)");
  return o;
}

Reacher::Reacher(const ReacherOptions& options)
    : ReacherArm("Reacher-v5", options.frame_skip, 10), options_(options) {}

void Reacher::write_observation(double* out) const {
  const mjData* d = data();
  const double* fingertip = d->xpos + 3 * fingertip_body();
  const double* target = d->xpos + 3 * target_body();
  out[0] = std::cos(d->qpos[0]);
  out[1] = std::cos(d->qpos[1]);
  out[2] = std::sin(d->qpos[0]);
  out[3] = std::sin(d->qpos[1]);
  out[4] = d->qpos[2];
  out[5] = d->qpos[3];
  out[6] = d->qvel[0];
  out[7] = d->qvel[1];
  out[8] = fingertip[0] - target[0];
  out[9] = fingertip[1] - target[1];
}

// Read after the step (v5 fixed v4's pre-step reading; Gymnasium's reacher_v5.py).
void Reacher::evaluate_step(const std::vector<double>& action, StepResult& result) {
  const double reward_dist = -options_.reward_dist_weight * fingertip_distance();
  const double reward_ctrl = -options_.reward_control_weight * sum_of_squares(action);
  result.reward = reward_dist + reward_ctrl;
  result.info.set("reward_dist", reward_dist);
  result.info.set("reward_ctrl", reward_ctrl);
}

std::unique_ptr<MujocoEnv> make_reacher(common::OptionReader& options) {
  return std::make_unique<Reacher>(read_reacher_options(options));
}

}  // namespace tlb::envs
