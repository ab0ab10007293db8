#include "agents/policy_io.h"

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "agents/policy_input.h"

namespace tlb::agents {

PolicyIoOptions policy_io_options(const PpoOptions& o) {
  PolicyIoOptions io;
  io.norm_obs = o.norm_obs;
  io.norm_reward = o.norm_reward;
  io.feed_prev_action_reward = o.feed_prev_action_reward;
  io.obs.clip = o.clip_obs;
  io.obs.epsilon = o.norm_epsilon;
  io.reward.gamma = o.gamma;
  io.reward.clip = o.clip_reward;
  io.reward.epsilon = o.norm_epsilon;
  return io;
}

PolicyIo::PolicyIo(int64_t rows, int64_t obs_dim, envs::Box action_space, PolicyIoOptions options,
                   torch::Device device)
    : rows_(rows),
      obs_dim_(obs_dim),
      act_dim_(static_cast<int64_t>(action_space.size())),
      action_space_(std::move(action_space)),
      options_(options),
      device_(device),
      normalizer_(static_cast<size_t>(obs_dim), options.obs),
      scaler_(static_cast<size_t>(rows), options.reward) {
  obs_.assign(rows_ * obs_dim_, 0.0f);
  start_episodes();
}

int64_t PolicyIo::input_dim() const {
  return policy_input_dim(obs_dim_, act_dim_, options_.feed_prev_action_reward);
}

void PolicyIo::start_episodes() {
  env_actions_.assign(rows_ * act_dim_, 0.0f);
  rewards_.assign(rows_, 0.0f);
  episode_starts_.assign(rows_, 1);
  scaler_.reset_returns();
}

void PolicyIo::observe(const float* raw_observations) {
  obs_.assign(raw_observations, raw_observations + rows_ * obs_dim_);
  if (options_.norm_obs) normalizer_.update_and_normalize(obs_.data(), rows_);
}

void PolicyIo::build_input(const std::vector<float>& obs, const uint8_t* zero_rows,
                           float* out) const {
  build_policy_input(obs.data(), env_actions_.data(), rewards_.data(), rows_, obs_dim_, act_dim_,
                     options_.feed_prev_action_reward, out);
  if (!options_.feed_prev_action_reward || zero_rows == nullptr) return;
  const int64_t width = input_dim();
  for (int64_t r = 0; r < rows_; ++r) {
    if (zero_rows[r]) std::fill_n(out + r * width + obs_dim_, act_dim_ + 1, 0.0f);
  }
}

torch::Tensor PolicyIo::to_device(const std::vector<float>& values,
                                  std::vector<int64_t> shape) const {
  // A copy, so the tensor never aliases the vector it came from.
  return torch::from_blob(const_cast<float*>(values.data()), shape, torch::kFloat32)
      .to(torch::TensorOptions().device(device_), /*non_blocking=*/false, /*copy=*/true);
}

void PolicyIo::write_input(float* out) const { build_input(obs_, episode_starts_.data(), out); }

torch::Tensor PolicyIo::input() const {
  std::vector<float> host(rows_ * input_dim());
  write_input(host.data());
  return to_device(host, {rows_, input_dim()});
}

torch::Tensor PolicyIo::episode_starts() const {
  return torch::from_blob(const_cast<uint8_t*>(episode_starts_.data()), {rows_}, torch::kUInt8)
      .to(device_, torch::kBool);
}

PolicyStep PolicyIo::act(ActorCritic& model, const RecurrentState& state,
                         const torch::Tensor& noise, bool deterministic) {
  PolicyStep step;
  step.input = input();
  step.episode_starts = episode_starts();
  step.out = model->act(step.input, state, step.episode_starts, noise, deterministic);
  clip_actions(step.out.action);
  return step;
}

void PolicyIo::clip_actions(const torch::Tensor& sampled) {
  if (sampled.numel() != rows_ * act_dim_) {
    throw std::invalid_argument("PolicyIo: expected " + std::to_string(rows_ * act_dim_) +
                                " actions, found " + std::to_string(sampled.numel()));
  }
  const auto actions = sampled.to(torch::kCPU, torch::kFloat32).contiguous();
  clip_actions(actions.data_ptr<float>());
}

void PolicyIo::clip_actions(const float* actions) {
  for (int64_t i = 0; i < rows_ * act_dim_; ++i) {
    const int64_t j = i % act_dim_;
    env_actions_[i] = static_cast<float>(
        std::clamp<double>(actions[i], action_space_.low[j], action_space_.high[j]));
  }
  std::fill(episode_starts_.begin(), episode_starts_.end(), 0);
}

void PolicyIo::record_outcome(const float* raw_rewards, const uint8_t* ended) {
  rewards_.assign(raw_rewards, raw_rewards + rows_);
  if (options_.norm_reward) scaler_.scale(rewards_.data(), ended);
  episode_starts_.assign(ended, ended + rows_);
}

torch::Tensor PolicyIo::final_input(const float* raw_final_observations) const {
  std::vector<float> obs(raw_final_observations, raw_final_observations + rows_ * obs_dim_);
  if (options_.norm_obs) normalizer_.normalize(obs.data(), rows_);
  std::vector<float> host(rows_ * input_dim());
  build_input(obs, nullptr, host.data());
  return to_device(host, {rows_, input_dim()});
}

void PolicyIo::set_frozen(bool frozen) {
  normalizer_.set_frozen(frozen);
  scaler_.set_frozen(frozen);
}

void PolicyIo::set_statistics(const envs::RunningMeanStdState& observations,
                              const envs::RunningMeanStdState& returns) {
  normalizer_.set_state(observations);
  scaler_.set_state(returns);
}

}  // namespace tlb::agents
