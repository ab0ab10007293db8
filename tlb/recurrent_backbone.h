// `lstm` and `gru`: the recurrent baselines (CleanRL's ppo_atari_lstm.py pattern: an optional
// input layer, then the cell; the state is reset to zeros where an episode starts).
//
// Legend: B batch rows, T steps, I input width, E input-layer width, L layers, H hidden width.
// State (batch-first, so agents can index rows): lstm {h [B, L, H], c [B, L, H]}; gru
// {h [B, L, H]}. Output: the top layer's h, [B, T, H].
#pragma once

#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/rnn.h>

#include <string>

#include "common/option_reader.h"
#include "tlb/backbone.h"

namespace tlb {

// The recurrent cell, which is also the backbone's kind.
enum class RecurrentCell { kLstm, kGru };

// Every field but input_dim and cell is the option --lstm.<field> (--gru.<field>);
// read_recurrent_options below gives each its one line of help.
struct RecurrentOptions {
  RecurrentOptions(int64_t input_dim, RecurrentCell cell) : input_dim_(input_dim), cell_(cell) {}
  /// I: width of one input token.
  TORCH_ARG(int64_t, input_dim);
  /// lstm or gru: the backbone's kind.
  TORCH_ARG(RecurrentCell, cell);
  TORCH_ARG(int64_t, hidden) = 128;
  TORCH_ARG(int64_t, layers) = 1;
  TORCH_ARG(int64_t, embed) = 0;
  TORCH_ARG(double, carry_bias) = 0.0;
};

// RecurrentOptions of `cell` for tokens of width input_dim, each field read from `reader`
// under its name with its default and its help: the one description of each option.
inline RecurrentOptions read_recurrent_options(RecurrentCell cell, int64_t input_dim,
                                               common::OptionReader& reader) {
  RecurrentOptions o(input_dim, cell);
  o.hidden(reader.get_int("hidden", o.hidden(),
                          "H: hidden width of every layer and the output width (CleanRL's LSTM "
                          "agent: 128)"));
  o.layers(reader.get_int("layers", o.layers(), "L: stacked recurrent layers"));
  o.embed(reader.get_int("embed", o.embed(),
                         "E: width of a Linear + tanh input layer before the cell (0: none)"));
  o.carry_bias(reader.get_double(
      "carry_bias", o.carry_bias(),
      "initial bias of the gate that keeps the state (the LSTM's forget gate, the GRU's update "
      "gate z), so that at the start a step keeps sigmoid(b) of it; 0: LibTorch's own "
      "initialisation (about 1/2 kept per step; docs/tlb.md, Gradient paths)"));
  return o;
}

class RecurrentBackboneImpl : public BackboneImpl {
 public:
  explicit RecurrentBackboneImpl(const RecurrentOptions& options);

  int64_t input_dim() const override { return options.input_dim(); }
  int64_t output_dim() const override { return options.hidden(); }
  RecurrentState initial_state(int64_t batch) override;
  SequenceOutput forward_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                  const torch::Tensor& episode_starts) override;
  StepOutput step(const torch::Tensor& input, const RecurrentState& state,
                  const torch::Tensor& episode_starts) override;
  std::string kind() const override { return is_lstm() ? "lstm" : "gru"; }

  RecurrentOptions options;

 private:
  bool is_lstm() const { return options.cell() == RecurrentCell::kLstm; }
  // Sets every layer's carry-gate bias to carry_bias (ih part; the hh part to 0).
  void init_carry_bias();
  // The input layer, if any: [..., I] -> [..., E].
  torch::Tensor embed(const torch::Tensor& x);
  // The cell over `x` [B, T, *] from `state` with no episode start inside: the top layer's
  // outputs [B, T, H] and the state after the last step.
  SequenceOutput run_cell(const torch::Tensor& x, const RecurrentState& state);

  torch::nn::Linear input_layer_{nullptr};
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::GRU gru_{nullptr};
};

TORCH_MODULE(RecurrentBackbone);

// A recurrent backbone with the options read_recurrent_options reads; a key it does not know
// throws.
Backbone make_recurrent_backbone(RecurrentCell cell, int64_t input_dim,
                                 common::OptionReader& reader);

}  // namespace tlb
