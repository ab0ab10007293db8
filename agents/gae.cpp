#include "agents/gae.h"

#include <torch/torch.h>

#include <stdexcept>

namespace tlb::agents {

torch::Tensor compute_gae(const torch::Tensor& rewards, const torch::Tensor& values,
                          const torch::Tensor& ends, const torch::Tensor& last_values, double gamma,
                          double gae_lambda) {
  if (rewards.dim() != 2 || values.sizes() != rewards.sizes() || ends.sizes() != rewards.sizes() ||
      last_values.dim() != 1 || last_values.size(0) != rewards.size(1)) {
    throw std::invalid_argument(
        "compute_gae: expected rewards, values, ends [T, N] and last_values [N], found " +
        std::string(c10::str(rewards.sizes(), ", ", values.sizes(), ", ", ends.sizes(), ", ",
                             last_values.sizes())));
  }
  torch::NoGradGuard no_grad;
  const int64_t steps = rewards.size(0);
  auto advantages = torch::zeros_like(rewards);
  auto last_gae = torch::zeros_like(last_values);
  auto next_values = last_values;
  for (int64_t t = steps - 1; t >= 0; --t) {
    auto next_nonterminal = 1.0 - ends[t];
    auto delta = rewards[t] + gamma * next_values * next_nonterminal - values[t];
    last_gae = delta + gamma * gae_lambda * next_nonterminal * last_gae;
    advantages[t] = last_gae;
    next_values = values[t];
  }
  return advantages;
}

}  // namespace tlb::agents
