#include "agents/rollout_buffer.h"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace tlb::agents {
namespace {

// [T, N, ...] -> [S, L, ...] with sequence s = k * N + n holding steps [k L, (k+1) L) of env n.
torch::Tensor to_windows(const torch::Tensor& x, int64_t length) {
  const int64_t steps = x.size(0), envs = x.size(1);
  std::vector<int64_t> shape = {steps / length, length, envs};
  for (int64_t d = 2; d < x.dim(); ++d) shape.push_back(x.size(d));
  auto windows = x.reshape(shape).transpose(1, 2);  // [T/L, N, L, ...]
  std::vector<int64_t> flat = {(steps / length) * envs, length};
  for (int64_t d = 2; d < x.dim(); ++d) flat.push_back(x.size(d));
  return windows.reshape(flat);
}

// [T, N, ...] -> [T * N, 1, ...]
torch::Tensor to_steps(const torch::Tensor& x) {
  std::vector<int64_t> shape = {x.size(0) * x.size(1), 1};
  for (int64_t d = 2; d < x.dim(); ++d) shape.push_back(x.size(d));
  return x.reshape(shape);
}

}  // namespace

RolloutBuffer::RolloutBuffer(int64_t num_steps, int64_t num_envs, int64_t input_dim,
                             int64_t action_dim, int64_t sequence_length, torch::Device device)
    : num_steps_(num_steps), num_envs_(num_envs), sequence_length_(sequence_length) {
  if (sequence_length > 0 && num_steps % sequence_length != 0) {
    throw std::invalid_argument("--num-steps: expected a multiple of --sequence-length (" +
                                std::to_string(sequence_length) +
                                ") for a memory backbone, found " + std::to_string(num_steps));
  }
  auto f = torch::TensorOptions().dtype(torch::kFloat32).device(device);
  inputs = torch::zeros({num_steps, num_envs, input_dim}, f);
  actions = torch::zeros({num_steps, num_envs, action_dim}, f);
  log_probs = torch::zeros({num_steps, num_envs}, f);
  values = torch::zeros({num_steps, num_envs}, f);
  rewards = torch::zeros({num_steps, num_envs}, f);
  ends = torch::zeros({num_steps, num_envs}, f);
  episode_starts = torch::zeros({num_steps, num_envs}, f.dtype(torch::kBool));
  advantages = torch::zeros({num_steps, num_envs}, f);
  returns = torch::zeros({num_steps, num_envs}, f);
  if (sequences()) window_states.resize(num_steps / sequence_length);
}

void RolloutBuffer::add(int64_t t, const torch::Tensor& step_inputs,
                        const torch::Tensor& step_actions, const torch::Tensor& step_log_probs,
                        const torch::Tensor& step_values, const torch::Tensor& step_starts,
                        const RecurrentState& state) {
  inputs[t].copy_(step_inputs);
  actions[t].copy_(step_actions);
  log_probs[t].copy_(step_log_probs);
  values[t].copy_(step_values);
  episode_starts[t].copy_(step_starts);
  if (sequences() && t % sequence_length_ == 0) {
    window_states[t / sequence_length_] = state.detach().clone();
  }
}

void RolloutBuffer::add_outcome(int64_t t, const torch::Tensor& step_rewards,
                                const torch::Tensor& step_ends) {
  rewards[t].copy_(step_rewards);
  ends[t].copy_(step_ends);
}

int64_t RolloutBuffer::num_items() const {
  return sequences() ? num_envs_ * (num_steps_ / sequence_length_) : num_envs_ * num_steps_;
}

std::vector<Minibatch> RolloutBuffer::minibatches(const torch::Tensor& permutation,
                                                  int64_t num_minibatches) const {
  if (permutation.numel() != num_items() || num_minibatches > num_items()) {
    throw std::invalid_argument("RolloutBuffer::minibatches: expected a permutation of " +
                                std::to_string(num_items()) + " items and at most that many " +
                                "minibatches, found " + std::to_string(permutation.numel()) +
                                " items and " + std::to_string(num_minibatches) +
                                " minibatches (lower --num-minibatches or --sequence-length)");
  }
  auto shape = [this](const torch::Tensor& x) {
    return sequences() ? to_windows(x, sequence_length_) : to_steps(x);
  };
  const auto b_inputs = shape(inputs), b_actions = shape(actions), b_log_probs = shape(log_probs),
             b_values = shape(values), b_advantages = shape(advantages), b_returns = shape(returns),
             b_starts = shape(episode_starts);
  RecurrentState b_states;
  if (sequences()) b_states = RecurrentState::cat(window_states);  // [S, ...], s = k * N + n

  std::vector<Minibatch> out;
  const auto device = inputs.device();
  for (const auto& mb_rows : permutation.to(device).tensor_split(num_minibatches)) {
    Minibatch mb;
    mb.inputs = b_inputs.index_select(0, mb_rows);
    mb.actions = b_actions.index_select(0, mb_rows);
    mb.log_probs = b_log_probs.index_select(0, mb_rows);
    mb.values = b_values.index_select(0, mb_rows);
    mb.advantages = b_advantages.index_select(0, mb_rows);
    mb.returns = b_returns.index_select(0, mb_rows);
    mb.episode_starts = b_starts.index_select(0, mb_rows);
    if (sequences()) mb.start_state = b_states.index(mb_rows);
    out.push_back(std::move(mb));
  }
  return out;
}

}  // namespace tlb::agents
