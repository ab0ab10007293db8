#include "envs/mujoco_env.h"

#include <cmath>
#include <iostream>
#include <limits>
#include <mutex>
#include <stdexcept>

namespace tlb::envs {
namespace {

// MuJoCo's default warning handler prints to stdout and appends to MUJOCO_LOG.TXT in the
// working directory. Envs report instability themselves (one line per env), so the handler
// installed here only keeps the text for that line. It is installed only if nobody else
// installed one.
thread_local std::string last_mujoco_warning;

void keep_warning(const char* message) { last_mujoco_warning = message; }

void install_warning_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (mju_user_warning == nullptr) mju_user_warning = keep_warning;
  });
}

bool all_finite(const double* values, int n) {
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(values[i])) return false;
  }
  return true;
}

int bad_state_warnings(const mjData* d) {
  return d->warning[mjWARN_BADQPOS].number + d->warning[mjWARN_BADQVEL].number +
         d->warning[mjWARN_BADQACC].number + d->warning[mjWARN_BADCTRL].number;
}

void check_size(const std::vector<double>& values, int n, const char* field,
                const std::string& id) {
  if (static_cast<int>(values.size()) != n) {
    throw std::invalid_argument(id + ": state snapshot " + field + " has " +
                                std::to_string(values.size()) + " entries, expected " +
                                std::to_string(n));
  }
}

}  // namespace

MujocoEnv::MujocoEnv(std::string task_id, LoadedModel model, int frame_skip, int observation_size)
    : id_(std::move(task_id)),
      model_(std::move(model.model)),
      model_hash_(std::move(model.hash)),
      model_source_(std::move(model.source)),
      frame_skip_(frame_skip) {
  install_warning_handler();
  if (frame_skip_ < 1) {
    throw std::invalid_argument(id_ + ": frame_skip must be at least 1, found " +
                                std::to_string(frame_skip_));
  }
  data_.reset(mj_makeData(model_.get()));
  if (!data_) throw std::runtime_error(id_ + ": mj_makeData failed for " + model_source_);
  const mjModel* m = model_.get();
  init_qpos_.assign(data_->qpos, data_->qpos + m->nq);
  qpos_before_ = init_qpos_;
  const double inf = std::numeric_limits<double>::infinity();
  observation_space_.low.assign(observation_size, -inf);
  observation_space_.high.assign(observation_size, inf);
  for (int i = 0; i < m->nu; ++i) {
    const bool limited = m->actuator_ctrllimited[i] != 0;
    action_space_.low.push_back(limited ? m->actuator_ctrlrange[2 * i] : -inf);
    action_space_.high.push_back(limited ? m->actuator_ctrlrange[2 * i + 1] : inf);
  }
  last_observation_.assign(observation_size, 0.0);
}

double MujocoEnv::uniform(double low, double high) {
  const double unit = static_cast<double>(rng_() >> 11) * 0x1.0p-53;  // [0, 1)
  return low + (high - low) * unit;
}

double MujocoEnv::normal() {
  const double u1 = 1.0 - uniform(0.0, 1.0);  // (0, 1]: log is finite
  const double u2 = uniform(0.0, 1.0);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

ResetResult MujocoEnv::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  mjData* d = data_.get();
  mj_resetData(model_.get(), d);
  reset_model();
  mj_forward(model_.get(), d);
  ResetResult result;
  result.observation.resize(observation_space_.size());
  write_observation(result.observation.data());
  reset_info(result.info);
  last_observation_ = result.observation;
  return result;
}

void MujocoEnv::report_unstable(double step_start_time, const std::string& reason) {
  if (warned_unstable_) return;
  warned_unstable_ = true;
  std::cerr << "warning: " << id_ << ": simulation unstable in the step from t=" << step_start_time
            << " (" << reason << "); episode truncated with info unstable=1"
            << " (further instability of this env is not reported)\n";
}

StepResult MujocoEnv::step(const std::vector<double>& action) {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  if (static_cast<int>(action.size()) != m->nu) {
    throw std::invalid_argument(id_ + ": action has " + std::to_string(action.size()) +
                                " entries, expected " + std::to_string(m->nu));
  }
  for (size_t i = 0; i < action.size(); ++i) {
    if (!std::isfinite(action[i])) {
      throw std::invalid_argument(id_ + ": action entry " + std::to_string(i) + " is " +
                                  std::to_string(action[i]) + ", expected finite values (" +
                                  std::to_string(m->nu) + " entries)");
    }
  }
  std::copy(action.begin(), action.end(), d->ctrl);
  std::copy(d->qpos, d->qpos + m->nq, qpos_before_.begin());
  before_step();

  // Faults already counted (e.g. a step after an unstable one without reset) are not new.
  const int warnings_before = bad_state_warnings(d);
  const double step_start_time = d->time;  // MuJoCo resets the data on a bad qacc
  last_mujoco_warning.clear();
  bool unstable = false;
  for (int i = 0; i < frame_skip_ && !unstable; ++i) {
    mj_step(m, d);
    unstable = bad_state_warnings(d) > warnings_before || !all_finite(d->qpos, m->nq) ||
               !all_finite(d->qvel, m->nv) || !all_finite(d->qacc, m->nv);
  }
  StepResult result;
  std::string reason = last_mujoco_warning.empty() ? "non-finite state" : last_mujoco_warning;
  if (!unstable) {
    if (uses_rne_post_constraint()) mj_rnePostConstraint(m, d);
    after_substeps();
    result.observation.resize(observation_space_.size());
    write_observation(result.observation.data());
    evaluate_step(action, result);
    if (!all_finite(result.observation.data(), static_cast<int>(result.observation.size())) ||
        !std::isfinite(result.reward)) {
      unstable = true;
      reason = "non-finite observation or reward";
    }
  }
  if (unstable) {
    report_unstable(step_start_time, reason);
    result.observation = last_observation_;
    result.reward = 0.0;
    result.terminated = false;
    result.truncated = true;
    result.info.set("unstable", 1.0);
    return result;
  }
  last_observation_ = result.observation;
  return result;
}

std::vector<double> MujocoEnv::current_observation() const {
  std::vector<double> observation(observation_space_.size());
  write_observation(observation.data());
  return observation;
}

StateSnapshot MujocoEnv::get_state() const {
  const mjModel* m = model_.get();
  const mjData* d = data_.get();
  StateSnapshot state;
  state.time = d->time;
  state.qpos.assign(d->qpos, d->qpos + m->nq);
  state.qvel.assign(d->qvel, d->qvel + m->nv);
  state.act.assign(d->act, d->act + m->na);
  state.ctrl.assign(d->ctrl, d->ctrl + m->nu);
  state.qacc_warmstart.assign(d->qacc_warmstart, d->qacc_warmstart + m->nv);
  return state;
}

void MujocoEnv::set_state(const StateSnapshot& state) {
  const mjModel* m = model_.get();
  mjData* d = data_.get();
  // Every size is checked before anything is written, so a bad snapshot changes nothing.
  check_size(state.qpos, m->nq, "qpos", id_);
  check_size(state.qvel, m->nv, "qvel", id_);
  check_size(state.act, m->na, "act", id_);
  check_size(state.ctrl, m->nu, "ctrl", id_);
  check_size(state.qacc_warmstart, m->nv, "qacc_warmstart", id_);
  std::copy(state.qpos.begin(), state.qpos.end(), d->qpos);
  std::copy(state.qvel.begin(), state.qvel.end(), d->qvel);
  std::copy(state.act.begin(), state.act.end(), d->act);
  std::copy(state.ctrl.begin(), state.ctrl.end(), d->ctrl);
  d->time = state.time;
  mj_forward(m, d);
  // mj_forward replaces the warm start with its own solution: restore the snapshot's.
  std::copy(state.qacc_warmstart.begin(), state.qacc_warmstart.end(), d->qacc_warmstart);
  last_observation_ = current_observation();
}

void MujocoEnv::reset_with_noise(double scale, VelocityNoise velocity_noise) {
  mjData* d = data();
  for (int i = 0; i < model()->nq; ++i) d->qpos[i] = init_qpos()[i] + uniform(-scale, scale);
  for (int i = 0; i < model()->nv; ++i) {
    d->qvel[i] =
        velocity_noise == VelocityNoise::kUniform ? uniform(-scale, scale) : scale * normal();
  }
}

}  // namespace tlb::envs
