// The scale of the TLB's slow state over a long episode: with random weights, how the norm of
// the N latent vectors grows chunk after chunk under each slow_update (plain residual adds, as
// the paper; gated, GTrXL-style GRU gates). A state whose norm grows without bound makes each
// chunk's write a vanishing share of it. Prints one JSON object per slow_update and seed.
//
// Usage: slow_state_bench [steps=10000] [seeds=3]
#include <torch/torch.h>

#include <cstdio>
#include <exception>
#include <string>

#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"

namespace {

// Mean L2 norm of the latent vectors (state part 0: [B, N, D]).
double latent_norm(const tlb::RecurrentState& state) {
  return state.parts[0].norm(2, -1).mean().item<double>();
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int64_t steps = argc > 1 ? std::stoll(argv[1]) : 10000;
    const int64_t seeds = argc > 2 ? std::stoll(argv[2]) : 3;
    tlb::set_compute_threads(1);
    torch::NoGradGuard no_grad;
    const int64_t batch = 4, input = 17, piece = 500;
    for (const std::string update : {"plain", "gated"}) {
      for (int64_t seed = 1; seed <= seeds; ++seed) {
        torch::manual_seed(seed);
        auto backbone = tlb::make_backbone("tlb", input, {{"slow_update", update}});
        backbone->eval();
        tlb::RecurrentState state = backbone->initial_state(batch);
        std::string norms = std::to_string(latent_norm(state));
        auto no_starts = torch::zeros({batch, piece}, torch::kBool);
        for (int64_t t = 0; t < steps; t += piece) {
          auto x = torch::randn({batch, piece, input});
          state = backbone->forward_sequence(x, state, no_starts).final_state;
          norms += ", " + std::to_string(latent_norm(state));
        }
        std::printf(
            "{\"slow_update\": \"%s\", \"seed\": %lld, \"steps\": %lld, \"every\": %lld, "
            "\"latent_norm\": [%s]}\n",
            update.c_str(), static_cast<long long>(seed), static_cast<long long>(steps),
            static_cast<long long>(piece), norms.c_str());
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "slow_state_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
