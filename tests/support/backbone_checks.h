// Helpers for tests that hold a backbone to the contract of tlb/backbone.h: stepping through
// a sequence, random episode starts, and measuring differences.
//
// Random draws take an explicit generator (case_generator) so that a test case's lengths,
// inputs and episode starts never depend on which test cases ran before it in the process.
#pragma once

#include <ATen/CPUGeneratorImpl.h>
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

// A CPU generator of its own: draws from it are the same whatever ran before.
inline at::Generator case_generator(uint64_t seed) {
  return at::make_generator<at::CPUGeneratorImpl>(seed);
}

// An integer in [low, high) drawn from `gen`.
inline int64_t random_int(int64_t low, int64_t high, at::Generator& gen) {
  return torch::randint(low, high, {1}, gen, torch::kLong).item<int64_t>();
}

// [B, T, I] standard normal inputs drawn from `gen` (on the CPU, then moved to `device`).
inline torch::Tensor random_inputs(int64_t batch, int64_t steps, int64_t width, at::Generator& gen,
                                   const torch::Device& device = torch::kCPU) {
  return torch::randn({batch, steps, width}, gen, torch::kFloat).to(device);
}

// [B, T] bool, each entry true with probability p, drawn from `gen`.
inline torch::Tensor random_starts(int64_t batch, int64_t steps, double p, at::Generator& gen,
                                   const torch::Device& device = torch::kCPU) {
  return (torch::rand({batch, steps}, gen, torch::kFloat) < p).to(device);
}

// [B, T] bool, each entry true with probability p (global generator).
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

// As above, with the inputs and episode starts drawn from `gen`.
inline RecurrentState warmed_state(Backbone& backbone, int64_t batch, int64_t steps,
                                   at::Generator& gen, const torch::Device& device = torch::kCPU) {
  torch::NoGradGuard no_grad;
  auto inputs = random_inputs(batch, steps, backbone->input_dim(), gen, device);
  return step_through(backbone, inputs, backbone->initial_state(batch),
                      random_starts(batch, steps, 0.2, gen, device))
      .state;
}

}  // namespace tlb::testing
