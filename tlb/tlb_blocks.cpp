#include "tlb/tlb_blocks.h"

#include <torch/torch.h>

namespace tlb {
namespace {

// GTrXL's suggested gate bias: z starts near sigmoid(-2), so each block starts close to the
// identity and the slow state changes little until learning asks it to.
constexpr double kGateBias = 2.0;

torch::nn::LayerNorm layer_norm(int64_t dim) {
  return torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim}));
}

}  // namespace

ChunkSelfBlockImpl::ChunkSelfBlockImpl(int64_t dim, int64_t heads, int64_t mlp_width,
                                       double dropout_p) {
  ln_attn = register_module("ln_attn", layer_norm(dim));
  attn = register_module(
      "attn", MultiHeadAttention(MultiHeadAttentionOptions(dim, heads).dropout(dropout_p)));
  ln_mlp = register_module("ln_mlp", layer_norm(dim));
  mlp = register_module("mlp", FeedForward(dim, mlp_width));
  dropout = register_module("dropout", torch::nn::Dropout(dropout_p));
}

torch::Tensor ChunkSelfBlockImpl::forward(const torch::Tensor& h, const torch::Tensor& cache_k,
                                          const torch::Tensor& cache_v,
                                          const torch::Tensor& take_new, const torch::Tensor& mask,
                                          torch::Tensor& full_k, torch::Tensor& full_v) {
  auto a = ln_attn->forward(h);                                  // [B, Q, D]
  full_k = torch::where(take_new, attn->project_k(a), cache_k);  // [B, K, D]
  full_v = torch::where(take_new, attn->project_v(a), cache_v);  // [B, K, D]
  auto x = h + dropout->forward(attn->attend(attn->project_q(a), full_k, full_v, mask));
  return x + dropout->forward(mlp->forward(ln_mlp->forward(x)));
}

torch::Tensor ChunkSelfBlockImpl::forward_fresh(const torch::Tensor& h, const torch::Tensor& mask,
                                                torch::Tensor& keys, torch::Tensor& values) {
  auto a = ln_attn->forward(h);  // [B, K, D]
  keys = attn->project_k(a);
  values = attn->project_v(a);
  auto x = h + dropout->forward(attn->attend(attn->project_q(a), keys, values, mask));
  return x + dropout->forward(mlp->forward(ln_mlp->forward(x)));
}

CrossBlockImpl::CrossBlockImpl(int64_t dim, int64_t heads, int64_t mlp_width, double dropout_p,
                               bool gated) {
  ln_q = register_module("ln_q", layer_norm(dim));
  ln_kv = register_module("ln_kv", layer_norm(dim));
  attn = register_module(
      "attn", MultiHeadAttention(MultiHeadAttentionOptions(dim, heads).dropout(dropout_p)));
  ln_mlp = register_module("ln_mlp", layer_norm(dim));
  mlp = register_module("mlp", FeedForward(dim, mlp_width));
  dropout = register_module("dropout", torch::nn::Dropout(dropout_p));
  if (gated) {
    gate_attn = register_module("gate_attn", GruGate(dim, kGateBias));
    gate_mlp = register_module("gate_mlp", GruGate(dim, kGateBias));
  }
}

torch::Tensor CrossBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& context) {
  return forward_projected(x, project_queries(x), context);
}

torch::Tensor CrossBlockImpl::project_queries(const torch::Tensor& x) {
  return attn->project_q(ln_q->forward(x));
}

torch::Tensor CrossBlockImpl::forward_projected(const torch::Tensor& x,
                                                const torch::Tensor& queries,
                                                const torch::Tensor& context) {
  auto kv = ln_kv->forward(context);
  auto y = dropout->forward(attn->attend(queries, attn->project_k(kv), attn->project_v(kv)));
  auto h = gate_attn ? gate_attn->forward(x, y) : x + y;
  y = dropout->forward(mlp->forward(ln_mlp->forward(h)));
  return gate_mlp ? gate_mlp->forward(h, y) : h + y;
}

}  // namespace tlb
