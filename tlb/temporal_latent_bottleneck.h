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

struct TlbOptions {
  explicit TlbOptions(int64_t input_dim) : input_dim_(input_dim) {}
  /// I: width of one input token (observation, plus previous action/reward if fed).
  TORCH_ARG(int64_t, input_dim);
  /// D: width of tokens, latents and outputs.
  TORCH_ARG(int64_t, width) = 64;
  /// Attention heads; must divide the width.
  TORCH_ARG(int64_t, heads) = 4;
  /// K: steps per chunk, counted from the episode's start.
  TORCH_ARG(int64_t, chunk) = 16;
  /// N: latent vectors in the slow state.
  TORCH_ARG(int64_t, latents) = 8;
  /// R: fast self-attention layers before each cross-attention layer.
  TORCH_ARG(int64_t, self_layers) = 1;
  /// G: groups of (R self-attention layers + 1 cross-attention layer) in the fast stream.
  TORCH_ARG(int64_t, groups) = 1;
  /// M: hidden width of every MLP; 0 means 4 * width.
  TORCH_ARG(int64_t, mlp_width) = 0;
  /// Dropout on attention weights and residual branches, train mode only.
  TORCH_ARG(double, dropout) = 0.0;
  /// Slow update residuals: plain adds (the paper) or GRU-style gates (GTrXL).
  TORCH_ARG(SlowUpdate, slow_update) = SlowUpdate::kPlain;
  /// I_0: a learned N x D parameter, or a fixed sinusoidal slot embedding (authors' code).
  TORCH_ARG(InitialLatents, initial_latents) = InitialLatents::kLearned;
};

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

// A TLB reading tokens of width input_dim, every option read through `reader` (keys: width,
// heads, chunk, latents, self_layers, groups, mlp_width, dropout, slow_update,
// initial_latents), so the same call builds it and lists its options.
Backbone make_tlb_backbone(int64_t input_dim, common::OptionReader& reader);

}  // namespace tlb
