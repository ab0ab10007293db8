// Tests agents/rollout_buffer.cpp: shapes, and that sequences are whole windows of one env.
#include "agents/rollout_buffer.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>

using tlb::RecurrentState;
using tlb::agents::RolloutBuffer;

namespace {

// Fills a buffer so that inputs[t, n, 0] = 100 n + t and the stored state is 1000 n + t.
void fill(RolloutBuffer& b, int64_t steps, int64_t envs) {
  for (int64_t t = 0; t < steps; ++t) {
    auto ids = torch::arange(envs, torch::kFloat32) * 100 + t;
    auto inputs = ids.unsqueeze(1).repeat({1, 3});
    RecurrentState state{{(torch::arange(envs, torch::kFloat32) * 1000 + t).unsqueeze(1)}};
    b.add(t, inputs, torch::zeros({envs, 2}), ids, ids, torch::zeros({envs}, torch::kBool), state);
    b.add_outcome(t, ids, torch::zeros({envs}));
  }
}

}  // namespace

TEST_CASE("Memoryless minibatches are shuffled single steps covering the rollout", "[agents]") {
  RolloutBuffer b(8, 2, 3, 2, /*sequence_length=*/0, torch::kCPU);
  fill(b, 8, 2);
  REQUIRE(b.num_items() == 16);
  auto mbs = b.minibatches(torch::randperm(16), 4);
  REQUIRE(mbs.size() == 4);
  std::vector<float> seen;
  for (const auto& mb : mbs) {
    REQUIRE(mb.inputs.sizes() == torch::IntArrayRef({4, 1, 3}));
    REQUIRE(mb.actions.sizes() == torch::IntArrayRef({4, 1, 2}));
    REQUIRE(mb.log_probs.sizes() == torch::IntArrayRef({4, 1}));
    REQUIRE(mb.start_state.parts.empty());
    // log_probs were filled with the same id as the inputs: rows stay aligned.
    REQUIRE(torch::equal(mb.log_probs.squeeze(1), mb.inputs.select(2, 0).squeeze(1)));
    for (int64_t i = 0; i < 4; ++i) seen.push_back(mb.inputs[i][0][0].item<float>());
  }
  std::sort(seen.begin(), seen.end());
  REQUIRE(std::unique(seen.begin(), seen.end()) == seen.end());
  REQUIRE(seen.size() == 16);
}

TEST_CASE("Sequence minibatches are whole windows of one env with their start state", "[agents]") {
  const int64_t steps = 8, envs = 3, length = 4;
  RolloutBuffer b(steps, envs, 3, 2, length, torch::kCPU);
  fill(b, steps, envs);
  REQUIRE(b.num_items() == envs * steps / length);
  auto mbs = b.minibatches(torch::randperm(b.num_items()), 2);
  REQUIRE(mbs.size() == 2);
  int64_t sequences = 0;
  for (const auto& mb : mbs) {
    REQUIRE(mb.inputs.size(1) == length);
    for (int64_t i = 0; i < mb.inputs.size(0); ++i) {
      const float first = mb.inputs[i][0][0].item<float>();
      const int64_t env = static_cast<int64_t>(first) / 100, t0 = static_cast<int64_t>(first) % 100;
      REQUIRE(t0 % length == 0);
      for (int64_t k = 0; k < length; ++k) {
        REQUIRE(mb.inputs[i][k][0].item<float>() == Approx(100 * env + t0 + k));
      }
      // The stored state is the one recorded at the window's first step, for that env.
      REQUIRE(mb.start_state.parts[0][i][0].item<float>() == Approx(1000 * env + t0));
      ++sequences;
    }
  }
  REQUIRE(sequences == envs * steps / length);
}

TEST_CASE("A rollout that is not a whole number of sequences is rejected", "[agents]") {
  REQUIRE_THROWS_WITH(RolloutBuffer(10, 1, 3, 2, 4, torch::kCPU),
                      Catch::Matchers::Contains("multiple of --sequence-length"));
}
