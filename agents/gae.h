// Generalized Advantage Estimation: Schulman, Moritz, Levine, Jordan, Abbeel, "High-Dimensional
// Continuous Control Using Generalized Advantage Estimation", ICLR 2016,
// https://arxiv.org/abs/1506.02438 (equation 16), computed backwards as CleanRL does.
//
// Legend: T steps, N envs.
#pragma once

#include <torch/types.h>

namespace tlb::agents {

// rewards, values, ends: [T, N]. ends[t] is 1 where the episode ended at step t (terminated or
// truncated): nothing after it is bootstrapped through. On truncation the caller has already
// added gamma * V(final observation) to rewards[t]; on termination it adds nothing.
// last_values [N]: V of the observation after step T-1 (the bootstrap for unfinished episodes).
// Returns the advantages [T, N]; the returns are advantages + values.
torch::Tensor compute_gae(const torch::Tensor& rewards, const torch::Tensor& values,
                          const torch::Tensor& ends, const torch::Tensor& last_values, double gamma,
                          double gae_lambda);

}  // namespace tlb::agents
