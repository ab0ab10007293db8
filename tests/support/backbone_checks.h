// Helpers for tests that hold a backbone to the contract of tlb/backbone.h: stepping through
// a sequence, random episode starts, and measuring differences.
#pragma once

#include <torch/torch.h>

#include <vector>

#include "tlb/backbone.h"

namespace tlb::testing {

// Outputs of stepping token by token, and the state after the last step.
struct Stepped {
  torch::Tensor features;  // [B, T, D]
  RecurrentState state;
};

// Runs backbone->step over inputs [B, T, I] with episode_starts [B, T] from `state`.
inline Stepped step_through(Backbone& backbone, const torch::Tensor& inputs, RecurrentState state,
                            const torch::Tensor& episode_starts) {
  std::vector<torch::Tensor> outs;
  for (int64_t t = 0; t < inputs.size(1); ++t) {
    auto out = backbone->step(inputs.select(1, t), state, episode_starts.select(1, t));
    outs.push_back(out.features);
    state = out.next_state;
  }
  if (outs.empty()) {
    return {torch::zeros({inputs.size(0), 0, backbone->output_dim()}, inputs.options()), state};
  }
  return {torch::stack(outs, 1), state};
}

// [B, T] bool, each entry true with probability p.
inline torch::Tensor random_starts(int64_t batch, int64_t steps, double p,
                                   const torch::Device& device = torch::kCPU) {
  return torch::rand({batch, steps}, torch::TensorOptions().device(device)) < p;
}

// The largest absolute difference of two tensors of one shape (0 for empty ones).
inline double max_abs_diff(const torch::Tensor& a, const torch::Tensor& b) {
  if (a.numel() == 0) return 0.0;
  return (a.detach().to(torch::kCPU, torch::kDouble) - b.detach().to(torch::kCPU, torch::kDouble))
      .abs()
      .max()
      .item<double>();
}

// A state reached by stepping `steps` random inputs (random episode starts) from the initial
// state: a realistic start for a sequence (for the TLB, a random chunk phase).
inline RecurrentState warmed_state(Backbone& backbone, int64_t batch, int64_t steps,
                                   const torch::Device& device = torch::kCPU) {
  torch::NoGradGuard no_grad;
  auto inputs = torch::randn({batch, steps, backbone->input_dim()}, torch::device(device));
  return step_through(backbone, inputs, backbone->initial_state(batch),
                      random_starts(batch, steps, 0.2, device))
      .state;
}

}  // namespace tlb::testing
