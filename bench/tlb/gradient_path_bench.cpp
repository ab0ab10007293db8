// How far back a backbone's gradient reaches at initialisation: for an output at step t, the
// norm of its gradient with respect to the input at step 0, relative to the norm with respect
// to the input at step t itself. A memory task pays its reward at t for what was seen at 0, so
// a ratio near 0 means PPO's gradient cannot find the cue, whatever the window length.
// Random weights as each backbone initialises them, random unit-variance inputs, no episode
// start after step 0; the mean over `seeds` initialisations and 4 rows each. Prints one JSON
// object per backbone configuration.
//
// Usage: gradient_path_bench [steps=1024] [seeds=3]
#include <torch/torch.h>

#include <cstdio>
#include <exception>
#include <map>
#include <string>
#include <vector>

#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"

namespace {

struct Configuration {
  std::string label;
  std::string kind;
  std::map<std::string, std::string> options;
};

// Gradient norms of sum(r * out[:, t, :]) (r random) with respect to the inputs at steps 0
// and t, mean over rows: {from 0, from t}.
std::pair<double, double> gradient_norms(tlb::Backbone& backbone, const torch::Tensor& x,
                                         const torch::Tensor& starts, int64_t t) {
  auto input = x.detach().clone().requires_grad_(true);
  auto out = backbone->forward_sequence(input, backbone->initial_state(x.size(0)), starts);
  auto picked = out.features.select(1, t);
  (picked * torch::randn_like(picked)).sum().backward();
  auto grad = input.grad();
  return {grad.select(1, 0).norm(2, -1).mean().item<double>(),
          grad.select(1, t).norm(2, -1).mean().item<double>()};
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int64_t steps = argc > 1 ? std::stoll(argv[1]) : 1024;
    const int64_t seeds = argc > 2 ? std::stoll(argv[2]) : 3;
    tlb::set_compute_threads(1);
    const int64_t batch = 4, input_dim = 17;
    const std::vector<Configuration> configurations = {
        {"tlb plain", "tlb", {{"slow_update", "plain"}}},
        {"tlb gated", "tlb", {{"slow_update", "gated"}}},
        {"lstm", "lstm", {}},
        {"lstm carry_bias=1", "lstm", {{"carry_bias", "1"}}},
        {"lstm carry_bias=2", "lstm", {{"carry_bias", "2"}}},
        {"lstm carry_bias=3", "lstm", {{"carry_bias", "3"}}},
        {"gru", "gru", {}},
        {"gru carry_bias=1", "gru", {{"carry_bias", "1"}}},
        {"gru carry_bias=2", "gru", {{"carry_bias", "2"}}},
        {"gru carry_bias=3", "gru", {{"carry_bias", "3"}}},
        {"transformer window 64", "transformer", {{"window", "64"}}},
    };
    std::vector<int64_t> probes;
    for (int64_t t = 1; t < steps; t *= 4) probes.push_back(t);
    probes.push_back(steps - 1);
    for (const auto& c : configurations) {
      std::vector<double> ratio(probes.size(), 0.0), from_start(probes.size(), 0.0);
      for (int64_t seed = 1; seed <= seeds; ++seed) {
        torch::manual_seed(seed);
        auto backbone = tlb::make_backbone(c.kind, input_dim, c.options);
        backbone->eval();
        auto x = torch::randn({batch, steps, input_dim});
        auto starts = torch::zeros({batch, steps}, torch::kBool);
        starts.select(1, 0).fill_(true);
        for (size_t i = 0; i < probes.size(); ++i) {
          auto [g0, gt] = gradient_norms(backbone, x, starts, probes[i]);
          from_start[i] += g0 / seeds;
          ratio[i] += (gt > 0 ? g0 / gt : 0.0) / seeds;
        }
      }
      std::string t_text, ratio_text, start_text;
      for (size_t i = 0; i < probes.size(); ++i) {
        const char* sep = i ? ", " : "";
        t_text += sep + std::to_string(probes[i]);
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%s%.3g", sep, ratio[i]);
        ratio_text += buffer;
        std::snprintf(buffer, sizeof buffer, "%s%.3g", sep, from_start[i]);
        start_text += buffer;
      }
      std::printf(
          "{\"backbone\": \"%s\", \"t\": [%s], \"grad_from_step_0\": [%s], "
          "\"relative_to_step_t\": [%s]}\n",
          c.label.c_str(), t_text.c_str(), start_text.c_str(), ratio_text.c_str());
      std::fflush(stdout);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gradient_path_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
