#include "tlb/transformer_block.h"

#include <torch/torch.h>

#include <vector>

namespace tlb {
namespace {

// The learned bias of each (query, key) pair of a block, [h, Q, S]: entry (q, s) is
// table[:, diagonals[(s - q) mod (Q + S)]], constant along each diagonal (a Toeplitz matrix).
// Gathering it per pair (an index of Q*S offsets) makes the backward an index_add of Q*S
// slices, which on CPU is one tiny kernel call per score: seconds per layer at Q = S = 4096.
// Instead the Q + S diagonal values are gathered once into one row, the row is copied Q
// times, and a strided view reads copy q shifted by q (the "skewing" of Huang et al. 2018,
// Music Transformer): its backward is a copy and a sum over the copies.
torch::Tensor relative_bias(const torch::Tensor& table, const torch::Tensor& diagonals, int64_t q,
                            int64_t s) {
  const int64_t heads = table.size(0), l = q + s;  // L: distinct diagonals, with slack
  auto row = table.index_select(1, diagonals);     // [h, L]: row[d mod L] for d = s - q
  auto rows = row.unsqueeze(1).expand({heads, q, l}).contiguous();  // [h, Q, L]
  // Element q * (L - 1) + s of a flattened row block is rows[q, s - q] for s >= q and
  // rows[q - 1, L + s - q] for s < q: both row[(s - q) mod L].
  return rows.view({heads, q * l}).slice(1, 0, q * (l - 1)).view({heads, q, l - 1}).slice(2, 0, s);
}

}  // namespace

TransformerBlockImpl::TransformerBlockImpl(const TransformerBlockConfig& config) : config_(config) {
  const int64_t d = config.width;
  attention_norm_ =
      register_module("attention_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
  attention_ = register_module(
      "attention",
      MultiHeadAttention(MultiHeadAttentionOptions(d, config.heads).dropout(config.dropout)));
  mlp_norm_ = register_module("mlp_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
  mlp_ = register_module(
      "mlp", torch::nn::Sequential(torch::nn::Linear(d, config.mlp_width), torch::nn::GELU(),
                                   torch::nn::Linear(config.mlp_width, d)));
  dropout_ = register_module("dropout", torch::nn::Dropout(config.dropout));
  if (config.offset_table > 0) {
    // Zeros: the block starts position-agnostic and learns how much each offset matters.
    offset_bias_ =
        register_parameter("offset_bias", torch::zeros({config.heads, config.offset_table}));
  }
  if (config.gating) {
    attention_gate_ = register_module("attention_gate", GruGate(d, config.gate_bias));
    mlp_gate_ = register_module("mlp_gate", GruGate(d, config.gate_bias));
  }
}

torch::Tensor TransformerBlockImpl::attend(const torch::Tensor& h, const torch::Tensor& keys,
                                           const torch::Tensor& values, const AttentionPlan& plan) {
  auto q = attention_->project_q(h);  // [B, T, D]
  std::vector<torch::Tensor> pieces;
  pieces.reserve(plan.blocks.size());
  for (const auto& b : plan.blocks) {
    // Always an additive float mask (the offset bias where allowed, -inf elsewhere), never a
    // bool one: every configuration then takes the same path through
    // scaled_dot_product_attention, whose fused kernels (LibTorch 2.x) treat bool and float
    // masks differently. Every query sees at least itself, so no row is all -inf.
    auto mask = b.mask;  // [B, 1, Q, S]
    if (offset_bias_.defined()) {
      mask = mask + relative_bias(offset_bias_, b.diagonals, b.t1 - b.t0, b.hi - b.lo)
                        .unsqueeze(0);  // [B, h, Q, S]
    }
    pieces.push_back(attention_->attend(q.slice(1, b.t0, b.t1), keys.slice(1, b.lo, b.hi),
                                        values.slice(1, b.lo, b.hi), mask));  // [B, Q, D]
  }
  return pieces.size() == 1 ? pieces.front() : torch::cat(pieces, 1);
}

BlockOutput TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& past_keys,
                                          const torch::Tensor& past_values,
                                          const AttentionPlan& plan) {
  auto h = attention_norm_->forward(x);  // [B, T, D]
  auto new_keys = attention_->project_k(h);
  auto new_values = attention_->project_v(h);
  auto keys = torch::cat({past_keys, new_keys}, 1);  // [B, C+T, D]
  auto values = torch::cat({past_values, new_values}, 1);
  auto attended = dropout_->forward(attend(h, keys, values, plan));
  // GTrXL feeds ReLU of the sublayer output to the gate (its "identity map reordering").
  auto y = config_.gating ? attention_gate_->forward(x, torch::relu(attended)) : x + attended;
  auto fed = dropout_->forward(mlp_->forward(mlp_norm_->forward(y)));
  auto out = config_.gating ? mlp_gate_->forward(y, torch::relu(fed)) : y + fed;
  return {out, new_keys, new_values};
}

}  // namespace tlb
