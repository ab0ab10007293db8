#include "tlb/feed_forward.h"

#include <torch/torch.h>

namespace tlb {

FeedForwardImpl::FeedForwardImpl(int64_t dim, int64_t hidden) {
  TORCH_CHECK(dim > 0 && hidden > 0, "FeedForward: expected positive widths, found dim ", dim,
              " and hidden ", hidden);
  fc_in = register_module("fc_in", torch::nn::Linear(dim, hidden));
  fc_out = register_module("fc_out", torch::nn::Linear(hidden, dim));
}

torch::Tensor FeedForwardImpl::forward(const torch::Tensor& x) {
  // GELU with the exact erf form, as torch.nn.functional.gelu's default.
  return fc_out->forward(torch::gelu(fc_in->forward(x)));
}

}  // namespace tlb
