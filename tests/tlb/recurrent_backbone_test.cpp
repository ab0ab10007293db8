// Tests tlb/recurrent_backbone.cpp's carry_bias: the initial bias of the gate that keeps the
// state (the LSTM's forget gate, the GRU's update gate), and what it does to memory.
#include "tlb/recurrent_backbone.h"

#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <string>

#include "tlb/backbone_factory.h"

namespace {

torch::Tensor parameter(tlb::Backbone& backbone, const std::string& suffix) {
  for (const auto& item : backbone->named_parameters()) {
    const auto& key = item.key();
    if (key.size() >= suffix.size() &&
        key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
      return item.value().detach();
    }
  }
  FAIL("no parameter ending in " << suffix);
  return {};
}

// |d h_T / d x_0|: how much the output T steps on depends on the first input.
double reach(tlb::Backbone& backbone, int64_t steps) {
  torch::manual_seed(7);
  auto x = torch::randn({2, steps, 3}).requires_grad_(true);
  auto starts = torch::zeros({2, steps}, torch::kBool);
  auto out = backbone->forward_sequence(x, backbone->initial_state(2), starts);
  out.features.select(1, steps - 1).sum().backward();
  return x.grad().select(1, 0).norm().item<double>();
}

}  // namespace

TEST_CASE("carry_bias sets the carry gate's bias and leaves the other gates alone",
          "[tlb][recurrent]") {
  const int64_t h = 8;
  for (const char* kind : {"lstm", "gru"}) {
    INFO(kind);
    torch::manual_seed(1);
    auto backbone =
        tlb::make_backbone(kind, 3, {{"hidden", std::to_string(h)}, {"carry_bias", "2"}});
    auto ih = parameter(backbone, "bias_ih_l0");
    auto hh = parameter(backbone, "bias_hh_l0");
    CHECK(torch::all(ih.narrow(0, h, h) == 2).item<bool>());
    CHECK(torch::all(hh.narrow(0, h, h) == 0).item<bool>());
    // The first gate keeps LibTorch's U(-1/sqrt(H), 1/sqrt(H)) draws.
    CHECK(ih.narrow(0, 0, h).abs().max().item<double>() <= 1 / std::sqrt(double(h)));
    CHECK(ih.narrow(0, 0, h).abs().max().item<double>() > 0);

    torch::manual_seed(1);
    auto plain = tlb::make_backbone(kind, 3, {{"hidden", std::to_string(h)}});
    auto plain_ih = parameter(plain, "bias_ih_l0");
    CHECK(plain_ih.narrow(0, h, h).abs().max().item<double>() <= 1 / std::sqrt(double(h)));
    // Same seed, same draws elsewhere: only the carry rows differ.
    CHECK(torch::equal(plain_ih.narrow(0, 0, h), ih.narrow(0, 0, h)));
  }
}

TEST_CASE("A larger carry_bias makes the first input reach further", "[tlb][recurrent]") {
  for (const char* kind : {"lstm", "gru"}) {
    INFO(kind);
    torch::manual_seed(3);
    auto plain = tlb::make_backbone(kind, 3, {{"hidden", "16"}});
    torch::manual_seed(3);
    auto carried = tlb::make_backbone(kind, 3, {{"hidden", "16"}, {"carry_bias", "2"}});
    const double a = reach(plain, 40), b = reach(carried, 40);
    INFO("reach over 40 steps: default " << a << ", carry_bias 2 " << b);
    CHECK(b > 100 * a);
  }
}
