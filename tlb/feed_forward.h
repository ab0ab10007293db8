// The Transformer MLP: Linear(D, M) -> GELU -> Linear(M, D), applied per token.
//
// Legend: D width, M hidden width; inputs are [..., D].
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

namespace tlb {

class FeedForwardImpl : public torch::nn::Module {
 public:
  // dim D, hidden M.
  FeedForwardImpl(int64_t dim, int64_t hidden);

  // x [..., D] -> [..., D]
  torch::Tensor forward(const torch::Tensor& x);

  torch::nn::Linear fc_in{nullptr}, fc_out{nullptr};
};

TORCH_MODULE(FeedForward);

}  // namespace tlb
