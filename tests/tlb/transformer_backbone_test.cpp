// Tests tlb/transformer_backbone.cpp: the step cache's size, and the positional codes.
#include "tlb/transformer_backbone.h"

#include <torch/torch.h>
#include <catch2/catch.hpp>

#include "support/backbone_checks.h"

using tlb::testing::max_abs_diff;
using tlb::testing::random_starts;
using tlb::testing::step_through;

namespace {

tlb::Backbone small(int64_t window, const std::string& positional) {
  torch::manual_seed(0);
  return tlb::Backbone(std::shared_ptr<tlb::BackboneImpl>(
      std::make_shared<tlb::TransformerBackboneImpl>(tlb::TransformerOptions(3)
                                                         .width(8)
                                                         .heads(2)
                                                         .layers(2)
                                                         .mlp_width(16)
                                                         .window(window)
                                                         .positional(positional))));
}

}  // namespace

TEST_CASE("The transformer's step cache keeps W-1 steps however long the episode",
          "[tlb][transformer]") {
  torch::NoGradGuard no_grad;
  auto backbone = small(5, "relative");
  auto out = step_through(backbone, torch::randn({2, 40, 3}), backbone->initial_state(2),
                          random_starts(2, 40, 0.0));
  REQUIRE(out.state.parts.size() == 1 + 2 * 2);
  CHECK(out.state.parts[0].equal(torch::full({2}, 40, torch::kLong)));
  for (size_t i = 1; i < out.state.parts.size(); ++i) {
    CHECK(out.state.parts[i].sizes() == torch::IntArrayRef({2, 4, 8}));
  }
}

TEST_CASE("With an unlimited window the cache grows, and shrinks after episode starts",
          "[tlb][transformer]") {
  torch::NoGradGuard no_grad;
  auto backbone = small(0, "relative");
  auto state = backbone->initial_state(2);
  CHECK(state.parts[1].size(1) == 0);
  auto out = step_through(backbone, torch::randn({2, 7, 3}), state, random_starts(2, 7, 0.0));
  CHECK(out.state.parts[1].size(1) == 7);
  // Both rows start over: only the new step stays.
  auto next = backbone->step(torch::randn({2, 3}), out.state, torch::ones({2}, torch::kBool));
  CHECK(next.next_state.parts[1].size(1) == 1);
  // One row starts over: the cache keeps the other row's episode.
  next = backbone->step(torch::randn({2, 3}), out.state, torch::tensor({true, false}));
  CHECK(next.next_state.parts[1].size(1) == 8);
  CHECK(next.next_state.parts[1][0].slice(0, 0, 7).abs().sum().item<double>() == 0);
}

TEST_CASE("Positional codes tell the steps of a constant input apart", "[tlb][transformer]") {
  torch::NoGradGuard no_grad;
  // A constant input: without positions every step looks the same to causal attention.
  auto inputs = torch::randn({1, 1, 3}).expand({1, 6, 3}).contiguous();
  auto starts = random_starts(1, 6, 0.0);
  auto spread = [&](const std::string& positional) {
    auto backbone = small(4, positional);
    auto features = backbone->forward_sequence(inputs, backbone->initial_state(1), starts).features;
    return max_abs_diff(features.select(1, 0), features.select(1, 5));
  };
  CHECK(spread("none") < 1e-5);
  CHECK(spread("sinusoidal") > 1e-3);
}
