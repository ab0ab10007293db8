// Multi-head scaled dot-product attention with separate query and key/value inputs.
//
// Legend: B batch, Tq query steps, Tk key steps, D width, H heads, Dh = D / H.
//
// Used by the TLB (fast self-attention, top-down and bottom-up cross-attention) and the
// windowed Transformer. The projections and the attention itself are public separately so a
// caller can cache projected keys/values of earlier steps and only project the new ones.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace tlb {

struct MultiHeadAttentionOptions {
  MultiHeadAttentionOptions(int64_t dim, int64_t heads) : dim_(dim), heads_(heads) {}
  /// D: width of queries, keys, values and output; must be divisible by heads.
  TORCH_ARG(int64_t, dim);
  /// H: number of heads.
  TORCH_ARG(int64_t, heads);
  /// Dropout on the attention weights, applied in train mode only.
  TORCH_ARG(double, dropout) = 0.0;
};

class MultiHeadAttentionImpl : public torch::nn::Module {
 public:
  explicit MultiHeadAttentionImpl(const MultiHeadAttentionOptions& options);

  // query [B, Tq, D] attends to key_value [B, Tk, D] -> [B, Tq, D].
  // mask (optional) broadcasts to [B, H, Tq, Tk]; accepted shapes [Tq, Tk], [B, Tq, Tk] or
  // [B, H, Tq, Tk]. A bool mask is true where a query may attend to a key; a float mask is
  // added to the scores. Every query must be allowed at least one key.
  torch::Tensor forward(const torch::Tensor& query, const torch::Tensor& key_value,
                        const torch::Tensor& mask = {});

  // x [B, T, D] -> [B, T, D] projected queries, keys or values (heads not yet split).
  torch::Tensor project_q(const torch::Tensor& x) { return q_proj->forward(x); }
  torch::Tensor project_k(const torch::Tensor& x) { return k_proj->forward(x); }
  torch::Tensor project_v(const torch::Tensor& x) { return v_proj->forward(x); }

  // Attention over already projected q [B, Tq, D], k and v [B, Tk, D], mask as in forward,
  // followed by the output projection -> [B, Tq, D].
  torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                       const torch::Tensor& mask = {});

  MultiHeadAttentionOptions options;
  torch::nn::Linear q_proj{nullptr}, k_proj{nullptr}, v_proj{nullptr}, out_proj{nullptr};
};

TORCH_MODULE(MultiHeadAttention);

// softmax(q kᵀ / sqrt(Dh) [+ mask]) v on head-split tensors q [B, H, Tq, Dh], k and v
// [B, H, Tk, Dh]; mask as in MultiHeadAttentionImpl::forward. Uses LibTorch's fused kernel
// where it has one (2.0 and later), otherwise the explicit matmul/softmax path.
torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                           const torch::Tensor& v, const torch::Tensor& mask,
                                           double dropout, bool training);

}  // namespace tlb
