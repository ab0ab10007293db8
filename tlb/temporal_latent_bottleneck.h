// The causal Temporal Latent Bottleneck backbone (spec: docs/tlb.md; Didolkar et al. 2022,
// arXiv 2205.14794).
//
// Legend: B batch rows, T steps, I input width, K chunk length, N latents, D width,
// L = groups * self_layers fast self-attention layers.
//
// Steps are cut into chunks of K counted from each episode's start. A fast stream (causal
// self-attention inside the chunk, then cross-attention to the latents) gives each step's
// output; after a chunk's last step the slow update lets the N latents read the chunk's
// outputs. Nothing crosses a chunk boundary except through the latents.
//
// State parts (RecurrentState, batch-first):
//   0 latents          [B, N, D]  I_l, the slow state for the current chunk
//   1 position         [B] int64  steps of the current chunk already seen, 0 <= p < K
//   2 chunk_outputs    [B, K, D]  fast-stream outputs of those steps (slots >= p are zero)
//   3 + 2j, 4 + 2j     [B, K, D]  keys, values of fast self-attention layer j (same slots)
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/modulelist.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include <vector>

#include "common/option_reader.h"
#include "tlb/backbone.h"
#include "tlb/tlb_blocks.h"

namespace tlb {

enum class SlowUpdate { kPlain, kGated };
enum class InitialLatents { kLearned, kSinusoidal };

// Every field but input_dim is the option --tlb.<field>; read_tlb_options below gives each
// its one line of help.
struct TlbOptions {
  explicit TlbOptions(int64_t input_dim) : input_dim_(input_dim) {}
  /// I: width of one input token (observation, plus previous action/reward if fed).
  TORCH_ARG(int64_t, input_dim);
  TORCH_ARG(int64_t, width) = 64;
  TORCH_ARG(int64_t, heads) = 4;
  TORCH_ARG(int64_t, chunk) = 16;
  TORCH_ARG(int64_t, latents) = 8;
  TORCH_ARG(int64_t, self_layers) = 1;
  TORCH_ARG(int64_t, groups) = 1;
  TORCH_ARG(int64_t, mlp_width) = 0;
  TORCH_ARG(double, dropout) = 0.0;
  TORCH_ARG(SlowUpdate, slow_update) = SlowUpdate::kPlain;
  TORCH_ARG(InitialLatents, initial_latents) = InitialLatents::kLearned;
};

// TlbOptions for tokens of width input_dim, each field read from `reader` under its name with
// its default and its help: the one description of each option (`tlb train --help` and
// docs/backbones.md show it).
inline TlbOptions read_tlb_options(int64_t input_dim, common::OptionReader& reader) {
  TlbOptions o(input_dim);
  o.width(reader.get_int("width", o.width(), "D: width of tokens, latents and outputs"));
  o.heads(reader.get_int("heads", o.heads(), "attention heads; must divide the width"));
  o.chunk(reader.get_int("chunk", o.chunk(), "K: steps per chunk, counted from episode start"));
  o.latents(reader.get_int("latents", o.latents(), "N: latent vectors in the slow state"));
  o.self_layers(reader.get_int("self_layers", o.self_layers(),
                               "R: fast self-attention layers per cross-attention layer"));
  o.groups(reader.get_int("groups", o.groups(),
                          "G: groups of R self-attention layers + 1 cross-attention layer"));
  o.mlp_width(reader.get_int("mlp_width", o.mlp_width(),
                             "M: hidden width of every MLP; 0 means 4 * width"));
  o.dropout(
      reader.get_double("dropout", o.dropout(),
                        "dropout on attention weights and residual branches, train mode only"));
  o.slow_update(reader.get_choice(
      "slow_update", o.slow_update(),
      {{"gated", SlowUpdate::kGated}, {"plain", SlowUpdate::kPlain}},
      "slow update residuals: plain adds (the paper) or GRU-style gates (GTrXL)"));
  o.initial_latents(reader.get_choice(
      "initial_latents", o.initial_latents(),
      {{"learned", InitialLatents::kLearned}, {"sinusoidal", InitialLatents::kSinusoidal}},
      "I_0: a learned N x D parameter or a fixed sinusoidal slot embedding (authors' code)"));
  return o;
}

class TlbBackboneImpl : public BackboneImpl {
 public:
  explicit TlbBackboneImpl(const TlbOptions& options);

  int64_t input_dim() const override { return options.input_dim(); }
  int64_t output_dim() const override { return options.width(); }
  RecurrentState initial_state(int64_t batch) override;
  SequenceOutput forward_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                  const torch::Tensor& episode_starts) override;
  StepOutput step(const torch::Tensor& input, const RecurrentState& state,
                  const torch::Tensor& episode_starts) override;
  std::string kind() const override { return "tlb"; }

  TlbOptions options;

  torch::nn::Linear embed{nullptr};
  torch::Tensor position;         // [K, D] chunk-local position embedding
  torch::Tensor initial_latents;  // [N, D] parameter or buffer
  torch::nn::ModuleList self_blocks{nullptr}, cross_blocks{nullptr};
  CrossBlock slow_update{nullptr};
  torch::nn::LayerNorm ln_out{nullptr};

 private:
  // Fast stream on new tokens x [B, Q, D] (position embedding added) against the chunk
  // caches of `state`; take_new / mask as in ChunkSelfBlock. Fills full_kv with each
  // layer's merged keys and values (2L tensors [B, K, D]). Returns [B, Q, D].
  torch::Tensor fast_stream(const torch::Tensor& x, const RecurrentState& state,
                            const torch::Tensor& take_new, const torch::Tensor& mask,
                            std::vector<torch::Tensor>& full_kv);
  // The state after a round that filled slots [0, p_end) of the chunk; rows with
  // p_end == K run the slow update on chunk_outputs [B, K, D] and clear their caches.
  RecurrentState finish_round(const RecurrentState& state, const torch::Tensor& chunk_outputs,
                              const std::vector<torch::Tensor>& full_kv,
                              const torch::Tensor& p_end);
  // forward_sequence's common case: every row starts at chunk position 0 and episodes start
  // only at multiples of K. All rows then share one chunk grid, so whole chunks run for all
  // rows at once with a fixed causal mask, and group 0's self-attention layers (which see
  // nothing but their own chunk) run over every chunk in one batch. tokens [B, T, D].
  SequenceOutput forward_aligned(const torch::Tensor& tokens, const RecurrentState& start,
                                 const torch::Tensor& episode_starts);
  void check_state(const std::string& where, const RecurrentState& state, int64_t batch);

  std::vector<ChunkSelfBlock> self_list_;
  std::vector<CrossBlock> cross_list_;
};

TORCH_MODULE(TlbBackbone);

// A TLB reading tokens of width input_dim, its options read by read_tlb_options; a key it
// does not know throws. The same call builds it and lists its options.
Backbone make_tlb_backbone(int64_t input_dim, common::OptionReader& reader);

}  // namespace tlb
