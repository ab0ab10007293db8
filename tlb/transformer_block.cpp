#include "tlb/transformer_block.h"

#include <torch/torch.h>

#include <limits>

namespace tlb {

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
    // Always an additive float mask (0 or the offset bias where allowed, -inf elsewhere),
    // never a bool one: every configuration then takes the same path through
    // scaled_dot_product_attention, whose fused kernels (LibTorch 2.x) treat bool and float
    // masks differently. Every query sees at least itself, so no row is all -inf.
    torch::Tensor bias = torch::zeros({}, h.options());
    if (offset_bias_.defined()) {
      bias = offset_bias_.index_select(1, b.offsets)
                 .view({1, config_.heads, b.t1 - b.t0, b.hi - b.lo});  // [1, h, Q, S]
    }
    auto mask = torch::where(b.allowed, bias,
                             torch::full({}, -std::numeric_limits<float>::infinity(), h.options()));
    // [B, 1 or h, Q, S]
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
