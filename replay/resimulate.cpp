#include "replay/resimulate.h"

#include <mujoco/mujoco.h>

#include <cmath>
#include <stdexcept>

#include "envs/mujoco_env.h"
#include "envs/registry.h"

namespace tlb::replay {

namespace {

// Row `r` of recorded state field `name`, checked against the width the model needs.
std::vector<double> recorded_row(const Episode& episode, const std::string& name, size_t r,
                                 size_t width, const std::string& file) {
  const Matrix* field = episode.state(name);
  if (field == nullptr) {
    throw std::invalid_argument("episode " + std::to_string(episode.id) + " of '" + file +
                                "' has no states/" + name + ": it cannot be re-simulated");
  }
  if (field->cols != width) {
    throw std::invalid_argument("states/" + name + " of episode " + std::to_string(episode.id) +
                                " in '" + file + "' has " + std::to_string(field->cols) +
                                " columns, the model needs " + std::to_string(width));
  }
  return std::vector<double>(field->row(r), field->row(r) + width);
}

double max_deviation(const std::vector<double>& a, const std::vector<double>& b) {
  double worst = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    const double d = std::fabs(a[i] - b[i]);
    if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
    worst = std::max(worst, d);
  }
  return worst;
}

// NaN-propagating maximum: a NaN deviation must show as drift.
double worse(double a, double b) { return std::isnan(a) || std::isnan(b) ? NAN : std::max(a, b); }

}  // namespace

std::vector<std::string> replay_warnings(const TrajectoryReader& reader, envs::Env& env) {
  std::vector<std::string> warnings;
  const DatasetMetadata& m = reader.metadata();
  auto shown = [](const std::string& text) { return text.empty() ? "(none)" : text; };
  envs::MujocoEnv* sim = env.mujoco();
  if (sim != nullptr && m.model_hash != sim->model_hash()) {
    warnings.push_back("model hash differs: recorded " + shown(m.model_hash) + ", this build " +
                       sim->model_hash() + " (the drift below measures the difference)");
  }
  if (m.mujoco_version != mj_versionString()) {
    warnings.push_back("MuJoCo version differs: recorded " + shown(m.mujoco_version) +
                       ", this build " + mj_versionString() +
                       " (the drift below measures the difference)");
  }
  return warnings;
}

std::unique_ptr<envs::Env> make_recorded_env(const TrajectoryReader& reader) {
  if (reader.metadata().task.empty()) {
    throw std::invalid_argument("'" + reader.path() +
                                "' names no task (root attribute tlb_task): it was not recorded "
                                "by tlb and cannot be re-simulated");
  }
  return envs::make_env(reader.metadata().task);
}

EpisodeReplay resimulate_episode(const TrajectoryReader& reader, size_t index, envs::Env& env,
                                 const ResimulateOptions& options) {
  envs::MujocoEnv* sim = env.mujoco();
  if (sim == nullptr)
    throw std::invalid_argument("env '" + env.id() + "' has no MuJoCo simulation");
  const Episode episode = reader.read_episode(index);
  const std::string& file = reader.path();
  const mjModel* model = sim->model();
  const auto nq = static_cast<size_t>(model->nq), nv = static_cast<size_t>(model->nv);
  auto state_at = [&](size_t r) {
    envs::StateSnapshot s;
    s.qpos = recorded_row(episode, "qpos", r, nq, file);
    s.qvel = recorded_row(episode, "qvel", r, nv, file);
    s.act = recorded_row(episode, "act", r, static_cast<size_t>(model->na), file);
    s.ctrl = recorded_row(episode, "ctrl", r, static_cast<size_t>(model->nu), file);
    s.qacc_warmstart = recorded_row(episode, "qacc_warmstart", r, nv, file);
    s.time = recorded_row(episode, "time", r, 1, file)[0];
    return s;
  };
  if (episode.actions.cols != env.action_space().size()) {
    throw std::invalid_argument("episode " + std::to_string(episode.id) + " of '" + file +
                                "' has actions of width " + std::to_string(episode.actions.cols) +
                                ", env " + env.id() + " takes " +
                                std::to_string(env.action_space().size()));
  }

  EpisodeReplay result;
  result.id = episode.id;
  result.steps = episode.steps();
  result.recorded_return = episode.total_reward();
  // reset() prepares the wrappers (step counters); the recorded state then replaces the
  // simulator's.
  env.reset(episode.seed);
  sim->set_state(state_at(0));
  if (options.on_step) options.on_step(*sim, 0);
  for (size_t t = 0; t < episode.steps(); ++t) {
    const std::vector<double> action(episode.actions.row(t),
                                     episode.actions.row(t) + episode.actions.cols);
    const envs::StepResult step = env.step(action);
    result.replayed_return += step.reward;
    if (step.terminated != static_cast<bool>(episode.terminations[t]) ||
        step.truncated != static_cast<bool>(episode.truncations[t])) {
      ++result.flag_mismatches;
    }
    const envs::StateSnapshot now = sim->get_state();
    result.max_qpos_deviation =
        worse(result.max_qpos_deviation,
              max_deviation(now.qpos, recorded_row(episode, "qpos", t + 1, nq, file)));
    result.max_qvel_deviation =
        worse(result.max_qvel_deviation,
              max_deviation(now.qvel, recorded_row(episode, "qvel", t + 1, nv, file)));
    if (options.on_step) options.on_step(*sim, t + 1);
  }
  const double worst = worse(result.max_qpos_deviation, result.max_qvel_deviation);
  result.drifted = std::isnan(worst) || worst > options.tolerance || result.flag_mismatches > 0;
  return result;
}

}  // namespace tlb::replay
