#include "envs/vector_env.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tlb::envs {
namespace {

void write_row(const std::vector<double>& values, float* row) {
  std::transform(values.begin(), values.end(), row, [](double v) { return static_cast<float>(v); });
}

StateSnapshot state_of(Env& env) {
  const MujocoEnv* sim = env.mujoco();
  return sim != nullptr ? sim->get_state() : StateSnapshot{};
}

void capture_start(Env& env, std::optional<uint64_t> seed, const ResetResult& reset,
                   EnvCapture& capture) {
  capture.started = true;
  capture.start.seed = seed;
  capture.start.observation = reset.observation;
  capture.start.info = reset.info;
  capture.start.state = state_of(env);
}

}  // namespace

VectorEnv::VectorEnv(std::vector<std::unique_ptr<Env>> envs, int threads)
    : envs_(std::move(envs)), pool_(threads) {
  if (envs_.empty()) throw std::invalid_argument("VectorEnv: expected at least one env, found 0");
  observation_size_ = static_cast<int>(envs_[0]->observation_space().size());
  action_size_ = static_cast<int>(envs_[0]->action_space().size());
  for (const auto& env : envs_) {
    if (static_cast<int>(env->observation_space().size()) != observation_size_ ||
        static_cast<int>(env->action_space().size()) != action_size_) {
      throw std::invalid_argument("VectorEnv: " + env->id() + " has observation/action sizes " +
                                  std::to_string(env->observation_space().size()) + "/" +
                                  std::to_string(env->action_space().size()) + ", expected " +
                                  std::to_string(observation_size_) + "/" +
                                  std::to_string(action_size_) + " (as " + envs_[0]->id() + ")");
    }
  }
  const size_t n = envs_.size();
  observations_.assign(n * observation_size_, 0.0f);
  final_observations_.assign(n * observation_size_, 0.0f);
  rewards_.assign(n, 0.0f);
  terminated_.assign(n, 0);
  truncated_.assign(n, 0);
  infos_.resize(n);
  action_rows_.assign(n, std::vector<double>(action_size_));
  episode_returns_.assign(n, 0.0);
  episode_lengths_.assign(n, 0);
  finished_flags_.assign(n, 0);
  captures_.resize(n);
}

void VectorEnv::reset(uint64_t seed) {
  pool_.parallel_for(num_envs(), [&](int i) {
    const uint64_t env_seed = seed + static_cast<uint64_t>(i);
    ResetResult result = envs_[i]->reset(env_seed);
    write_row(result.observation, &observations_[static_cast<size_t>(i) * observation_size_]);
    if (capture_on_) {
      captures_[i].stepped = false;
      capture_start(*envs_[i], env_seed, result, captures_[i]);
    }
    infos_[i] = std::move(result.info);
    episode_returns_[i] = 0.0;
    episode_lengths_[i] = 0;
  });
  std::fill(rewards_.begin(), rewards_.end(), 0.0f);
  std::fill(terminated_.begin(), terminated_.end(), 0);
  std::fill(truncated_.begin(), truncated_.end(), 0);
  finished_.clear();
}

void VectorEnv::step_one(int i, const float* actions) {
  std::vector<double>& action = action_rows_[i];
  const float* row = actions + static_cast<size_t>(i) * action_size_;
  std::copy(row, row + action_size_, action.begin());
  StepResult result = envs_[i]->step(action);
  if (capture_on_) {
    // Before the auto-reset below replaces the simulator state.
    EnvCapture& capture = captures_[i];
    capture.stepped = true;
    capture.action = action;
    capture.step = result;
    capture.state = state_of(*envs_[i]);
    capture.started = false;
  }
  float* observation = &observations_[static_cast<size_t>(i) * observation_size_];
  rewards_[i] = static_cast<float>(result.reward);
  terminated_[i] = result.terminated ? 1 : 0;
  truncated_[i] = result.truncated ? 1 : 0;
  infos_[i] = std::move(result.info);
  episode_returns_[i] += result.reward;
  episode_lengths_[i] += 1;
  finished_flags_[i] = (result.terminated || result.truncated) ? 1 : 0;
  if (finished_flags_[i]) {
    write_row(result.observation, &final_observations_[static_cast<size_t>(i) * observation_size_]);
    const ResetResult reset = envs_[i]->reset();
    write_row(reset.observation, observation);
    if (capture_on_) capture_start(*envs_[i], std::nullopt, reset, captures_[i]);
  } else {
    write_row(result.observation, observation);
  }
}

void VectorEnv::step(const float* actions) {
  pool_.parallel_for(num_envs(), [&](int i) { step_one(i, actions); });
  finished_.clear();
  for (int i = 0; i < num_envs(); ++i) {
    if (!finished_flags_[i]) continue;
    finished_.push_back({i, episode_returns_[i], episode_lengths_[i]});
    episode_returns_[i] = 0.0;
    episode_lengths_[i] = 0;
  }
}

}  // namespace tlb::envs
