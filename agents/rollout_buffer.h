// One rollout, preallocated on the learning device, and the minibatches drawn from it.
//
// Legend: T steps per rollout, N envs, I backbone input width, A action width, L steps per
// training sequence, S = N * T / L sequences, B rows of a minibatch.
//
// Memoryless policies learn from shuffled single steps (CleanRL). Memory policies learn from
// whole sequences: the rollout is cut into fixed windows [k L, (k+1) L) of each env, and the
// policy state at the start of every window is stored, so learning replays each window from
// exactly the state the rollout had. That state carries everything a backbone needs (for tlb
// also the position inside the current chunk), so a window may start at any chunk phase; an
// episode start inside a window resets the state (episode_starts goes to forward_sequence).
#pragma once

#include <torch/types.h>

#include <vector>

#include "tlb/recurrent_state.h"

namespace tlb::agents {

// A minibatch of B sequences of L steps (L = 1 for memoryless policies).
struct Minibatch {
  torch::Tensor inputs;          // [B, L, I]
  torch::Tensor actions;         // [B, L, A]
  torch::Tensor log_probs;       // [B, L] at rollout time
  torch::Tensor values;          // [B, L] at rollout time
  torch::Tensor advantages;      // [B, L]
  torch::Tensor returns;         // [B, L]
  torch::Tensor episode_starts;  // [B, L] bool
  RecurrentState start_state;    // B rows; empty for memoryless policies
};

class RolloutBuffer {
 public:
  // sequence_length 0: memoryless (shuffled steps). Otherwise num_steps must be a multiple of
  // it. Tensors live on `device`.
  RolloutBuffer(int64_t num_steps, int64_t num_envs, int64_t input_dim, int64_t action_dim,
                int64_t sequence_length, torch::Device device);

  int64_t num_steps() const { return num_steps_; }
  int64_t num_envs() const { return num_envs_; }
  bool sequences() const { return sequence_length_ > 0; }

  // Records step t. `state` is the policy state before the step; it is kept only at window
  // starts (t % L == 0).
  void add(int64_t t, const torch::Tensor& inputs, const torch::Tensor& actions,
           const torch::Tensor& log_probs, const torch::Tensor& values,
           const torch::Tensor& episode_starts, const RecurrentState& state);

  // Rewards and episode ends [N] of step t (known after the envs stepped).
  void add_outcome(int64_t t, const torch::Tensor& rewards, const torch::Tensor& ends);

  // The minibatches of one epoch, in the order of `permutation` (a shuffle of steps
  // [T * N] for memoryless policies, of sequences [S] otherwise), split into
  // `num_minibatches` near-equal parts.
  std::vector<Minibatch> minibatches(const torch::Tensor& permutation,
                                     int64_t num_minibatches) const;

  // How many items an epoch shuffles: T * N steps, or S sequences.
  int64_t num_items() const;

  torch::Tensor inputs;          // [T, N, I]
  torch::Tensor actions;         // [T, N, A]
  torch::Tensor log_probs;       // [T, N]
  torch::Tensor values;          // [T, N]
  torch::Tensor rewards;         // [T, N] scaled, with gamma * V(final obs) on truncation
  torch::Tensor ends;            // [T, N] 1 where the episode ended at step t
  torch::Tensor episode_starts;  // [T, N] bool: step t is the first of an episode
  torch::Tensor advantages;      // [T, N] filled by the caller after GAE
  torch::Tensor returns;         // [T, N]
  std::vector<RecurrentState> window_states;  // [T / L] states of N envs

 private:
  int64_t num_steps_, num_envs_, sequence_length_;
};

}  // namespace tlb::agents
