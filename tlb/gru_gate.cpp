#include "tlb/gru_gate.h"

#include <torch/torch.h>

namespace tlb {

GruGateImpl::GruGateImpl(int64_t width, double bias) : bias_(bias) {
  from_y_ = register_module("from_y", torch::nn::Linear(width, 3 * width));
  from_x_ = register_module(
      "from_x", torch::nn::Linear(torch::nn::LinearOptions(width, 2 * width).bias(false)));
  candidate_ = register_module(
      "candidate", torch::nn::Linear(torch::nn::LinearOptions(width, width).bias(false)));
}

torch::Tensor GruGateImpl::forward(const torch::Tensor& x, const torch::Tensor& y) {
  auto wy = from_y_->forward(y).chunk(3, -1);  // W_r y, W_z y, W_g y
  auto ux = from_x_->forward(x).chunk(2, -1);  // U_r x, U_z x
  auto r = torch::sigmoid(wy[0] + ux[0]);
  auto z = torch::sigmoid(wy[1] + ux[1] - bias_);
  auto h = torch::tanh(wy[2] + candidate_->forward(r * x));
  return (1 - z) * x + z * h;
}

}  // namespace tlb
