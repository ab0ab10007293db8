// The GRU-type gate GTrXL puts in place of a residual add (Parisotto et al. 2019, "Stabilizing
// Transformers for Reinforcement Learning", arXiv 1910.06764, eq. for the GRU gating layer):
//
//   r = sigmoid(W_r y + U_r x)
//   z = sigmoid(W_z y + U_z x - b_g)
//   h = tanh(W_g y + U_g (r * x))
//   out = (1 - z) * x + z * h
//
// x is the residual stream, y the sublayer's output. b_g > 0 starts the gate near the
// identity (z small), which the paper found important for learning speed; it suggests 2.
//
// Legend: ... any leading dimensions, D width.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/nn/pimpl.h>

namespace tlb {

class GruGateImpl : public torch::nn::Module {
 public:
  GruGateImpl(int64_t width, double bias);

  // x, y [..., D] -> [..., D].
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& y);

 private:
  double bias_;
  torch::nn::Linear from_y_{nullptr};     // W_r, W_z, W_g stacked: D -> 3D
  torch::nn::Linear from_x_{nullptr};     // U_r, U_z stacked: D -> 2D, no bias
  torch::nn::Linear candidate_{nullptr};  // U_g: D -> D, no bias
};

TORCH_MODULE(GruGate);

}  // namespace tlb
