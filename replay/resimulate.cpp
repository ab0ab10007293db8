#include "replay/resimulate.h"

#include <mujoco/mujoco.h>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "envs/mujoco_env.h"
#include "envs/registry.h"

namespace tlb::replay {

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

// Row `r` of recorded state field `name`, checked against the width the model needs; nullopt
// when the file lacks the field.
std::optional<std::vector<double>> recorded_row(const Episode& episode, const std::string& name,
                                                size_t r, size_t width, const std::string& file) {
  const Matrix* field = episode.state(name);
  if (field == nullptr) return std::nullopt;
  if (field->cols != width) {
    throw std::invalid_argument("states/" + name + " of episode " + std::to_string(episode.id) +
                                " in '" + file + "' has " + std::to_string(field->cols) +
                                " columns, the model needs " + std::to_string(width));
  }
  return std::vector<double>(field->row(r), field->row(r) + width);
}

// A recorded row every entry of which is NaN: not recorded (D4RL files keep no state after
// an episode's last action).
bool unrecorded(const double* row, size_t width) {
  for (size_t i = 0; i < width; ++i) {
    if (!std::isnan(row[i])) return false;
  }
  return width > 0;
}

// |replayed - recorded|, the replayed value first rounded to float32 when the file stores
// float32; NaN when either is NaN.
double deviation(double replayed, double recorded, bool float32) {
  if (float32) replayed = static_cast<double>(static_cast<float>(replayed));
  return std::fabs(replayed - recorded);
}

double max_deviation(const double* replayed, const double* recorded, size_t n, bool float32) {
  double worst = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = deviation(replayed[i], recorded[i], float32);
    if (std::isnan(d)) return kNan;
    worst = std::max(worst, d);
  }
  return worst;
}

// NaN-propagating maximum: a NaN deviation must show as drift.
double worse(double a, double b) { return std::isnan(a) || std::isnan(b) ? kNan : std::max(a, b); }

// Whether the task's observation wrappers draw random numbers (envs/wrappers/
// observation_variants.h): then an episode without a seed cannot reproduce its observations.
bool random_observations(const std::string& task) {
  const envs::EnvSpec spec = envs::parse_env_spec(task);
  for (const char* key : {"obs_noise", "flicker", "sensor_dropout"}) {
    if (spec.options.count(key) != 0) return true;
  }
  return false;
}

// Compares one quantity at one step; remembers the first that exceeds the tolerance.
class DriftTracker {
 public:
  DriftTracker(EpisodeReplay& result, double tolerance) : result_(result), tolerance_(tolerance) {}
  void check(double found, double& max_so_far, size_t step, const char* quantity) {
    max_so_far = worse(max_so_far, found);
    if (std::isnan(found) || found > tolerance_) mark(step, quantity);
  }
  void mark(size_t step, const char* quantity) {
    result_.drifted = true;
    if (!result_.first_drift_step) {
      result_.first_drift_step = step;
      result_.first_drift_quantity = quantity;
    }
  }

 private:
  EpisodeReplay& result_;
  double tolerance_;
};

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
  const auto na = static_cast<size_t>(model->na), nu = static_cast<size_t>(model->nu);
  for (const char* required : {"qpos", "qvel"}) {
    if (episode.state(required) == nullptr) {
      throw std::invalid_argument("episode " + std::to_string(episode.id) + " of '" + file +
                                  "' has no states/" + required + ": it cannot be re-simulated");
    }
  }
  EpisodeReplay result;
  result.id = episode.id;
  result.steps = episode.steps();
  result.recorded_return = episode.total_reward();
  // Fields a foreign file may lack start at zero; the comparison then measures the effect.
  auto field_or_zeros = [&](const char* name, size_t r, size_t width) {
    if (auto row = recorded_row(episode, name, r, width, file)) return *row;
    if (r == 0 && width > 0) {
      result.notes.push_back(std::string("states/") + name +
                             " not recorded: restored as zeros (the comparison measures the "
                             "effect)");
    }
    return std::vector<double>(width, 0.0);
  };
  envs::StateSnapshot start;
  start.qpos = *recorded_row(episode, "qpos", 0, nq, file);
  start.qvel = *recorded_row(episode, "qvel", 0, nv, file);
  start.act = field_or_zeros("act", 0, na);
  start.ctrl = field_or_zeros("ctrl", 0, nu);
  start.qacc_warmstart = field_or_zeros("qacc_warmstart", 0, nv);
  start.time = field_or_zeros("time", 0, 1)[0];
  if (episode.actions.cols != env.action_space().size()) {
    throw std::invalid_argument("episode " + std::to_string(episode.id) + " of '" + file +
                                "' has actions of width " + std::to_string(episode.actions.cols) +
                                ", env " + env.id() + " takes " +
                                std::to_string(env.action_space().size()));
  }
  const size_t obs_width = env.observation_space().size();
  if (episode.observations.cols != obs_width) {
    throw std::invalid_argument("episode " + std::to_string(episode.id) + " of '" + file +
                                "' has observations of width " +
                                std::to_string(episode.observations.cols) + ", env " + env.id() +
                                " returns " + std::to_string(obs_width));
  }
  result.observations_compared = episode.seed.has_value() || !random_observations(env.id());
  if (!result.observations_compared) {
    result.notes.push_back(
        "observations not compared: the task's observation wrappers draw random numbers and "
        "the episode has no seed");
  }
  const bool obs32 = reader.stored_as_float32("observations");
  const bool reward32 = reader.stored_as_float32("rewards");
  DriftTracker drift(result, options.tolerance);

  // reset(seed) prepares the wrappers (step counters, their generators) and, for a seeded
  // episode, must return the recorded first observation; the recorded state then replaces
  // the simulator's.
  const envs::ResetResult reset = env.reset(episode.seed);
  if (episode.seed && result.observations_compared) {
    drift.check(
        max_deviation(reset.observation.data(), episode.observations.row(0), obs_width, obs32),
        result.max_observation_deviation, 0, "reset observation");
  }
  sim->set_state(start);
  if (options.on_step) options.on_step(*sim, 0);
  for (size_t t = 0; t < episode.steps(); ++t) {
    const std::vector<double> action(episode.actions.row(t),
                                     episode.actions.row(t) + episode.actions.cols);
    const envs::StepResult step = env.step(action);
    result.replayed_return += step.reward;
    const envs::StateSnapshot now = sim->get_state();
    const auto qpos = recorded_row(episode, "qpos", t + 1, nq, file);
    const auto qvel = recorded_row(episode, "qvel", t + 1, nv, file);
    const bool last = t + 1 == episode.steps();
    if (!(last && unrecorded(qpos->data(), nq))) {
      drift.check(max_deviation(now.qpos.data(), qpos->data(), nq, false),
                  result.max_qpos_deviation, t, "qpos");
    }
    if (!(last && unrecorded(qvel->data(), nv))) {
      drift.check(max_deviation(now.qvel.data(), qvel->data(), nv, false),
                  result.max_qvel_deviation, t, "qvel");
    }
    if (result.observations_compared) {
      drift.check(
          max_deviation(step.observation.data(), episode.observations.row(t + 1), obs_width, obs32),
          result.max_observation_deviation, t, "observation");
    }
    drift.check(deviation(step.reward, episode.rewards[t], reward32), result.max_reward_deviation,
                t, "reward");
    if (step.terminated != static_cast<bool>(episode.terminations[t])) {
      ++result.flag_mismatches;
      drift.mark(t, "terminated");
    } else if (step.truncated != static_cast<bool>(episode.truncations[t])) {
      ++result.flag_mismatches;
      drift.mark(t, "truncated");
    }
    if (options.on_step) options.on_step(*sim, t + 1);
  }
  return result;
}

}  // namespace tlb::replay
