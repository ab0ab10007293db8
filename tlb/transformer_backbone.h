// `transformer`: a causal pre-LayerNorm Transformer over a sliding window of the last W steps
// of the current episode, optionally with GTrXL's gates (Parisotto et al. 2019). With W >= T
// (or W = 0, unlimited) it is the full causal Transformer the benchmarks compare TLB with.
//
// Legend: B batch rows, T steps, I input width, D width, W window, C = W-1 cached steps, L layers.
//
// Attention: the token of step t sees steps max(t-W+1, its episode's first step)..t, never
// across an episode start. Stacking L layers, information still flows up to L*(W-1) steps back
// (each cached key was computed from a window of its own), exactly as in the step path.
//
// Positions (`positional`):
// - relative (default): a learned per-head bias on the attention score for each offset t-s
//   (0..W-1), added to the logits. It depends only on distances, so a cached key never needs
//   recomputing as the window slides, and streaming costs nothing extra. With W = 0 offsets
//   beyond kUnlimitedOffsets-1 share the last bias.
// - sinusoidal: the sinusoidal code of the step's index inside its episode, added to the input
//   embedding (absolute, so cached keys stay valid too; the state counts the steps).
// - none: causal masking alone.
//
// State parts: [0] steps since the episode started, [B] int64; then for each layer l the
// keys [1 + 2l] and values [2 + 2l] of the last C steps, [B, C, D], oldest first; entries from
// before the episode start are zeros and masked. With W = 0 the cache grows with every step
// (and shrinks back to the longest running episode of the batch): per-step cost then grows.
#pragma once

#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>

#include <string>

#include "common/option_reader.h"
#include "tlb/backbone.h"

namespace tlb {

// How attention tells steps apart (see above).
enum class TransformerPositional { kRelative, kSinusoidal, kNone };

// Every field but input_dim is the option --transformer.<field>; read_transformer_options
// below gives each its one line of help.
struct TransformerOptions {
  explicit TransformerOptions(int64_t input_dim) : input_dim_(input_dim) {}
  /// I: width of one input token.
  TORCH_ARG(int64_t, input_dim);
  TORCH_ARG(int64_t, width) = 64;
  TORCH_ARG(int64_t, heads) = 4;
  TORCH_ARG(int64_t, layers) = 2;
  TORCH_ARG(int64_t, mlp_width) = 256;
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(int64_t, window) = 64;
  TORCH_ARG(TransformerPositional, positional) = TransformerPositional::kRelative;
  TORCH_ARG(bool, gating) = false;
  TORCH_ARG(double, gate_bias) = 2.0;
};

// TransformerOptions for tokens of width input_dim, each field read from `reader` under its
// name with its default and its help: the one description of each option.
inline TransformerOptions read_transformer_options(int64_t input_dim,
                                                   common::OptionReader& reader) {
  TransformerOptions o(input_dim);
  o.width(reader.get_int("width", o.width(), "D: model width and the output width"));
  o.heads(reader.get_int("heads", o.heads(), "attention heads; must divide the width"));
  o.layers(reader.get_int("layers", o.layers(), "L: Transformer blocks"));
  o.mlp_width(reader.get_int("mlp_width", o.mlp_width(),
                             "M: hidden width of each block's MLP (4 D as in most Transformers)"));
  o.dropout(reader.get_double("dropout", o.dropout(),
                              "dropout on attention weights and sublayer outputs (0: off, usual "
                              "in RL)"));
  o.window(reader.get_int("window", o.window(),
                          "W: steps a token attends to, itself included (0: the whole episode; "
                          "the cache grows)"));
  o.positional(reader.get_choice("positional", o.positional(),
                                 {{"relative", TransformerPositional::kRelative},
                                  {"sinusoidal", TransformerPositional::kSinusoidal},
                                  {"none", TransformerPositional::kNone}},
                                 "position code: a learned per-offset bias, the sinusoidal code "
                                 "of the step in the episode, or none"));
  o.gating(reader.get_bool("gating", o.gating(), "GTrXL: GRU-type gates instead of residual adds"));
  o.gate_bias(reader.get_double("gate_bias", o.gate_bias(),
                                "GTrXL's b_g: larger starts each gate closer to the identity (the "
                                "paper used 2)"));
  return o;
}

// Offsets a learned bias distinguishes when the window is unlimited.
inline constexpr int64_t kUnlimitedOffsets = 1024;

class TransformerBackboneImpl : public BackboneImpl {
 public:
  explicit TransformerBackboneImpl(const TransformerOptions& options);

  int64_t input_dim() const override { return options.input_dim(); }
  int64_t output_dim() const override { return options.width(); }
  RecurrentState initial_state(int64_t batch) override;
  SequenceOutput forward_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                  const torch::Tensor& episode_starts) override;
  StepOutput step(const torch::Tensor& input, const RecurrentState& state,
                  const torch::Tensor& episode_starts) override;
  std::string kind() const override { return "transformer"; }

  TransformerOptions options;

 private:
  // Both paths: inputs [B, T, I] from `start`, episode_starts [B, T] already checked.
  SequenceOutput run(const torch::Tensor& inputs, const RecurrentState& start,
                     const torch::Tensor& episode_starts);

  torch::nn::Linear embed_{nullptr};
  torch::nn::ModuleList blocks_{nullptr};
  torch::nn::LayerNorm final_norm_{nullptr};
};

TORCH_MODULE(TransformerBackbone);

// A transformer backbone with the options read_transformer_options reads; a key it does not
// know throws.
Backbone make_transformer_backbone(int64_t input_dim, common::OptionReader& reader);

}  // namespace tlb
