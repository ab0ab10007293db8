// One pre-LayerNorm Transformer block of the `transformer` backbone, attending over the
// current steps and a cache of earlier steps' keys/values, with an optional GTrXL gate in
// place of each residual add.
//
// Legend: B batch rows, T new steps, C cached steps, S = keys one query block sees,
// Q queries per block, D width, h heads, M MLP width.
//
// Keys live in one concatenated axis: positions 0..C-1 are the cache (oldest first), C..C+T-1
// the new steps. Which key a query may see (causal, window, episode) is decided once per
// forward by AttentionPlan and shared by every layer.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>
#include <torch/nn/modules/dropout.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/modules/normalization.h>
#include <torch/nn/pimpl.h>

#include <vector>

#include "tlb/attention.h"
#include "tlb/gru_gate.h"

namespace tlb {

// The keys [lo, hi) of the concatenated axis that queries [t0, t1) may see.
struct QueryBlock {
  int64_t t0 = 0, t1 = 0, lo = 0, hi = 0;
  torch::Tensor mask;  // [B, 1, Q, S] float: 0 where the key is visible to the query, -inf not
  // [Q + S] int64, only with a relative bias: for each diagonal d = s - q (entry d mod (Q + S)),
  // the offset-table row of query position - key position, clamped to the table.
  torch::Tensor diagonals;
};

struct AttentionPlan {
  std::vector<QueryBlock> blocks;
};

struct BlockOutput {
  torch::Tensor x;       // [B, T, D] the block's output
  torch::Tensor keys;    // [B, T, D] keys of the new steps (to cache)
  torch::Tensor values;  // [B, T, D]
};

struct TransformerBlockConfig {
  int64_t width = 0, heads = 0, mlp_width = 0;
  double dropout = 0;
  bool gating = false;
  double gate_bias = 2;
  int64_t offset_table = 0;  // learned per-head bias for offsets 0..offset_table-1; 0: none
};

class TransformerBlockImpl : public torch::nn::Module {
 public:
  explicit TransformerBlockImpl(const TransformerBlockConfig& config);

  // x [B, T, D]; past_keys, past_values [B, C, D]; plan over the C + T keys.
  BlockOutput forward(const torch::Tensor& x, const torch::Tensor& past_keys,
                      const torch::Tensor& past_values, const AttentionPlan& plan);

 private:
  // Attention of the T new steps' normalised inputs `h` [B, T, D] over the cached and new
  // keys/values [B, C+T, D], block by block of the plan -> [B, T, D].
  torch::Tensor attend(const torch::Tensor& h, const torch::Tensor& keys,
                       const torch::Tensor& values, const AttentionPlan& plan);

  TransformerBlockConfig config_;
  torch::nn::LayerNorm attention_norm_{nullptr}, mlp_norm_{nullptr};
  MultiHeadAttention attention_{nullptr};
  torch::nn::Sequential mlp_{nullptr};
  torch::nn::Dropout dropout_{nullptr};
  torch::Tensor offset_bias_;  // [h, offset_table]
  GruGate attention_gate_{nullptr}, mlp_gate_{nullptr};
};

TORCH_MODULE(TransformerBlock);

}  // namespace tlb
