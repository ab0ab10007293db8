// The two pre-LayerNorm blocks the Temporal Latent Bottleneck is built from.
//
// Legend: B batch, Q query tokens (K for a whole chunk, 1 when stepping), K chunk length,
// N latents, D width.
//
// - ChunkSelfBlock: causal self-attention among the tokens of one chunk, then an MLP. Its
//   keys/values live in a chunk-sized cache [B, K, D], so stepping one token and running a
//   whole chunk share this code: the caller says which cache slots the new tokens fill.
// - CrossBlock: queries attend to a context (fast stream: tokens read the latents
//   "top-down"; slow update: latents read the chunk's outputs "bottom-up"), then an MLP;
//   separate LayerNorms on the query and key/value sides, residuals plain or GRU-gated.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "tlb/attention.h"
#include "tlb/feed_forward.h"
#include "tlb/gru_gate.h"

namespace tlb {

class ChunkSelfBlockImpl : public torch::nn::Module {
 public:
  ChunkSelfBlockImpl(int64_t dim, int64_t heads, int64_t mlp_width, double dropout);

  // h [B, Q, D] new tokens. cache_k, cache_v [B, K, D]: keys/values of the chunk's tokens.
  // take_new [B, K, 1] bool (broadcast against [B, Q, D]): slots that take the new tokens'
  // keys/values instead of the cache's. mask: bool, true where query q may see slot k
  // ([K, K] or [B, Q, K]). Returns h [B, Q, D]; full_k, full_v [B, K, D] receive the merged
  // keys/values (the cache to keep).
  torch::Tensor forward(const torch::Tensor& h, const torch::Tensor& cache_k,
                        const torch::Tensor& cache_v, const torch::Tensor& take_new,
                        const torch::Tensor& mask, torch::Tensor& full_k, torch::Tensor& full_v);
  // The same for whole chunks that start empty (h [B, K, D] fills every slot): no cache
  // merge. keys, values [B, K, D] receive the chunk's keys/values.
  torch::Tensor forward_fresh(const torch::Tensor& h, const torch::Tensor& mask,
                              torch::Tensor& keys, torch::Tensor& values);

  torch::nn::LayerNorm ln_attn{nullptr}, ln_mlp{nullptr};
  MultiHeadAttention attn{nullptr};
  FeedForward mlp{nullptr};
  torch::nn::Dropout dropout{nullptr};
};

TORCH_MODULE(ChunkSelfBlock);

class CrossBlockImpl : public torch::nn::Module {
 public:
  // gated: each residual add becomes a GRU gate (GTrXL); bias 2 starts it near identity.
  CrossBlockImpl(int64_t dim, int64_t heads, int64_t mlp_width, double dropout, bool gated);

  // x [B, Q, D] attends to context [B, C, D] -> [B, Q, D].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& context);
  // The query side of forward alone, x [..., D] -> projected queries [..., D]: a caller that
  // knows the queries of many chunks before their contexts projects them all at once.
  torch::Tensor project_queries(const torch::Tensor& x);
  // forward with queries = project_queries(x) computed beforehand.
  torch::Tensor forward_projected(const torch::Tensor& x, const torch::Tensor& queries,
                                  const torch::Tensor& context);

  torch::nn::LayerNorm ln_q{nullptr}, ln_kv{nullptr}, ln_mlp{nullptr};
  MultiHeadAttention attn{nullptr};
  FeedForward mlp{nullptr};
  torch::nn::Dropout dropout{nullptr};
  GruGate gate_attn{nullptr}, gate_mlp{nullptr};  // null unless gated
};

TORCH_MODULE(CrossBlock);

}  // namespace tlb
