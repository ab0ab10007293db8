// `mlp`: a frame stack of the last k inputs fed to a multilayer perceptron. With k = 1 it is
// the memoryless policy body of CleanRL's ppo_continuous_action.py (2 x 64, tanh).
//
// Legend: B batch rows, T steps, I input width, k frames, H hidden width.
// State: one part [B, k-1, I], the previous k-1 inputs, oldest first; none when k = 1.
// Frames from before an episode start are zeros, so a stack never mixes two episodes.
#pragma once

#include <torch/nn/modules/container/sequential.h>

#include <string>

#include "common/option_reader.h"
#include "tlb/backbone.h"

namespace tlb {

// The nonlinearity after every hidden layer.
enum class MlpActivation { kTanh, kRelu, kGelu };

// Every field but input_dim is the option --mlp.<field>; read_mlp_options below gives each
// its one line of help.
struct MlpOptions {
  explicit MlpOptions(int64_t input_dim) : input_dim_(input_dim) {}
  /// I: width of one input token.
  TORCH_ARG(int64_t, input_dim);
  TORCH_ARG(int64_t, frames) = 1;
  TORCH_ARG(int64_t, layers) = 2;
  TORCH_ARG(int64_t, width) = 64;
  TORCH_ARG(MlpActivation, activation) = MlpActivation::kTanh;
};

// MlpOptions for tokens of width input_dim, each field read from `reader` under its name with
// its default and its help: the one description of each option.
inline MlpOptions read_mlp_options(int64_t input_dim, common::OptionReader& reader) {
  MlpOptions o(input_dim);
  o.frames(reader.get_int("frames", o.frames(),
                          "k: inputs stacked per step, the current one included (1: memoryless)"));
  o.layers(reader.get_int("layers", o.layers(), "hidden layers (CleanRL: 2)"));
  o.width(reader.get_int("width", o.width(),
                         "H: width of each hidden layer and of the output (CleanRL: 64)"));
  o.activation(reader.get_choice("activation", o.activation(),
                                 {{"tanh", MlpActivation::kTanh},
                                  {"relu", MlpActivation::kRelu},
                                  {"gelu", MlpActivation::kGelu}},
                                 "activation after every hidden layer (CleanRL: tanh)"));
  return o;
}

class MlpBackboneImpl : public BackboneImpl {
 public:
  explicit MlpBackboneImpl(const MlpOptions& options);

  int64_t input_dim() const override { return options.input_dim(); }
  int64_t output_dim() const override { return options.width(); }
  RecurrentState initial_state(int64_t batch) override;
  SequenceOutput forward_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                  const torch::Tensor& episode_starts) override;
  StepOutput step(const torch::Tensor& input, const RecurrentState& state,
                  const torch::Tensor& episode_starts) override;
  std::string kind() const override { return "mlp"; }

  MlpOptions options;

 private:
  torch::nn::Sequential net_{nullptr};
};

TORCH_MODULE(MlpBackbone);

// An mlp backbone with the options read_mlp_options reads; a key it does not know throws.
Backbone make_mlp_backbone(int64_t input_dim, common::OptionReader& reader);

}  // namespace tlb
