// The one interface agents use for every policy backbone: TLB, MLP, LSTM/GRU, Transformer.
//
// Legend: B batch rows (envs), T steps, I input width, D output width.
//
// Two paths compute the same function of an episode's history:
// - forward_sequence: a whole stretch of T steps at once (learning);
// - step: one step per row (acting).
// For any inputs, start state and pattern of episode starts, running `step` T times must give
// forward_sequence's outputs to float32 rounding. Tests in tests/tlb/ hold every backbone to it.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include "tlb/recurrent_state.h"

namespace tlb {

// Output of forward_sequence: per-step features and the state after the last step.
struct SequenceOutput {
  torch::Tensor features;  // [B, T, D]
  RecurrentState final_state;
};

// Output of step: this step's features and the state to pass to the next step.
struct StepOutput {
  torch::Tensor features;  // [B, D]
  RecurrentState next_state;
};

class BackboneImpl : public torch::nn::Module {
 public:
  ~BackboneImpl() override = default;

  // I: the width of one input token.
  virtual int64_t input_dim() const = 0;

  // D: the width of one output feature vector.
  virtual int64_t output_dim() const = 0;

  // The state of `batch` rows at the start of an episode, on this module's device.
  virtual RecurrentState initial_state(int64_t batch) = 0;

  // inputs [B, T, I] float; start: the state before step 0; episode_starts [B, T] bool:
  // true where step t is the first step of a new episode (the state is reset to the initial
  // state before that step, exactly as a fresh start would).
  virtual SequenceOutput forward_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                          const torch::Tensor& episode_starts) = 0;

  // input [B, I]; state: the state before this step; episode_starts [B] bool, as above.
  virtual StepOutput step(const torch::Tensor& input, const RecurrentState& state,
                          const torch::Tensor& episode_starts) = 0;

  // The backbone's name as the CLI spells it ("tlb", "mlp", "lstm", "gru", "transformer").
  virtual std::string kind() const = 0;
};

TORCH_MODULE(Backbone);

}  // namespace tlb
