#include "tlb/attention.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <cmath>
#include <limits>
#include <string>

namespace tlb {
namespace {

std::string shape_text(const torch::Tensor& t) {
  std::string text = "[";
  for (int64_t i = 0; i < t.dim(); ++i) text += (i ? ", " : "") + std::to_string(t.size(i));
  return text + "]";
}

// [B, T, D] -> [B, H, T, Dh]
torch::Tensor split_heads(const torch::Tensor& x, int64_t heads) {
  return x.view({x.size(0), x.size(1), heads, x.size(2) / heads}).transpose(1, 2);
}

// mask of rank 2 or 3 -> rank 4 so that it broadcasts over heads.
torch::Tensor mask_for_heads(const torch::Tensor& mask) {
  if (!mask.defined() || mask.dim() == 4) return mask;
  if (mask.dim() == 3) return mask.unsqueeze(1);
  TORCH_CHECK(mask.dim() == 2, "attention mask: expected 2, 3 or 4 dimensions, found ",
              shape_text(mask));
  return mask;
}

}  // namespace

torch::Tensor scaled_dot_product_attention(const torch::Tensor& q, const torch::Tensor& k,
                                           const torch::Tensor& v, const torch::Tensor& mask,
                                           double dropout, bool training) {
  const double p = training ? dropout : 0.0;
#if TORCH_VERSION_MAJOR >= 2
  c10::optional<torch::Tensor> attn_mask;
  if (mask.defined()) attn_mask = mask.dtype() == torch::kBool ? mask : mask.to(q.dtype());
  return at::scaled_dot_product_attention(q, k, v, attn_mask, p, /*is_causal=*/false);
#else
  // Scaling q (Tq x Dh numbers) rather than the scores (Tq x Tk), and masking the fresh
  // scores in place, saves two passes over the largest tensor of the whole model.
  auto scores = torch::matmul(q * (1.0 / std::sqrt(static_cast<double>(q.size(-1)))),
                              k.transpose(-2, -1));  // [B, H, Tq, Tk]
  if (mask.defined()) {
    if (mask.dtype() == torch::kBool) {
      scores.masked_fill_(mask.logical_not(), -std::numeric_limits<float>::infinity());
    } else {
      scores.add_(mask.to(scores.dtype()));
    }
  }
  auto weights = torch::softmax(scores, /*dim=*/-1);
  if (p > 0.0) weights = torch::dropout(weights, p, /*train=*/true);
  return torch::matmul(weights, v);
#endif
}

MultiHeadAttentionImpl::MultiHeadAttentionImpl(const MultiHeadAttentionOptions& options_)
    : options(options_) {
  TORCH_CHECK(options.dim() > 0 && options.heads() > 0 && options.dim() % options.heads() == 0,
              "MultiHeadAttention: expected a width divisible by the number of heads, found width ",
              options.dim(), " and heads ", options.heads());
  const int64_t d = options.dim();
  q_proj = register_module("q_proj", torch::nn::Linear(d, d));
  k_proj = register_module("k_proj", torch::nn::Linear(d, d));
  v_proj = register_module("v_proj", torch::nn::Linear(d, d));
  out_proj = register_module("out_proj", torch::nn::Linear(d, d));
}

torch::Tensor MultiHeadAttentionImpl::forward(const torch::Tensor& query,
                                              const torch::Tensor& key_value,
                                              const torch::Tensor& mask) {
  return attend(project_q(query), project_k(key_value), project_v(key_value), mask);
}

torch::Tensor MultiHeadAttentionImpl::attend(const torch::Tensor& q, const torch::Tensor& k,
                                             const torch::Tensor& v, const torch::Tensor& mask) {
  const int64_t d = options.dim();
  TORCH_CHECK(q.dim() == 3 && q.size(2) == d, "MultiHeadAttention: query expected [B, Tq, ", d,
              "], found ", shape_text(q));
  TORCH_CHECK(k.dim() == 3 && k.size(2) == d && k.size(0) == q.size(0) && v.sizes() == k.sizes(),
              "MultiHeadAttention: keys and values expected [", q.size(0), ", Tk, ", d, "], found ",
              shape_text(k), " and ", shape_text(v));
  const int64_t h = options.heads();
  auto out = scaled_dot_product_attention(split_heads(q, h), split_heads(k, h), split_heads(v, h),
                                          mask_for_heads(mask), options.dropout(), is_training());
  // [B, H, Tq, Dh] -> [B, Tq, D]
  out = out.transpose(1, 2).reshape({q.size(0), q.size(1), d});
  return out_proj->forward(out);
}

}  // namespace tlb
