// Tests tlb/backbone.h's contract on every backbone tlb/backbone_factory.cpp builds: causality,
// step == sequence, episode starts, gradients, save/load, seeds, input checks, and on CUDA
// (when present) step == sequence and CUDA == CPU for outputs, end states and gradients.
#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "support/backbone_checks.h"
#include "tlb/backbone_factory.h"

using tlb::Backbone;
using tlb::RecurrentState;
using tlb::testing::case_generator;
using tlb::testing::max_abs_diff;
using tlb::testing::random_int;
using tlb::testing::random_starts;
using tlb::testing::step_through;
using tlb::testing::warmed_state;

namespace {

constexpr int64_t kInputDim = 5;
constexpr int64_t kUnbounded = -1;
// float32 rounding: the two paths order sums differently, outputs are O(1).
constexpr double kTolerance = 1e-5;

// One backbone configuration, small enough for fast tests.
struct Case {
  std::string label;
  std::string kind;
  std::map<std::string, std::string> options;
  // Steps back an output still depends on: 0 memoryless, kUnbounded for a carried state.
  int64_t reach;
};

std::vector<Case> cases() {
  const std::map<std::string, std::string> small_transformer = {
      {"width", "16"}, {"heads", "2"}, {"layers", "2"}, {"mlp_width", "32"}, {"window", "4"}};
  auto gtrxl = small_transformer;
  gtrxl["window"] = "0";
  gtrxl["gating"] = "true";
  gtrxl["positional"] = "sinusoidal";
  std::vector<Case> all = {
      {"mlp", "mlp", {{"width", "16"}}, 0},
      {"mlp frames=3", "mlp", {{"frames", "3"}, {"width", "16"}, {"activation", "relu"}}, 2},
      {"lstm", "lstm", {{"hidden", "16"}, {"layers", "2"}, {"embed", "8"}}, kUnbounded},
      {"gru", "gru", {{"hidden", "16"}, {"layers", "2"}}, kUnbounded},
      // Two layers of window 4: an output sees 2 * (4 - 1) steps back.
      {"transformer window=4", "transformer", small_transformer, 6},
      {"transformer gtrxl unlimited sinusoidal", "transformer", gtrxl, kUnbounded},
      {"transformer 1 layer window=3 no positions",
       "transformer",
       {{"width", "8"}, {"heads", "1"}, {"layers", "1"}, {"window", "3"}, {"positional", "none"}},
       2},
  };
  const auto kinds = tlb::backbone_kinds();
  if (std::find(kinds.begin(), kinds.end(), "tlb") != kinds.end()) {
    // chunk 4 with up to 20 steps: several chunks, so the slow state is crossed.
    all.push_back({"tlb",
                   "tlb",
                   {{"width", "16"}, {"heads", "2"}, {"chunk", "4"}, {"latents", "3"}},
                   kUnbounded});
    all.push_back({"tlb gated",
                   "tlb",
                   {{"width", "8"},
                    {"heads", "2"},
                    {"chunk", "3"},
                    {"latents", "2"},
                    {"slow_update", "gated"}},
                   kUnbounded});
  }
  return all;
}

Backbone make(const Case& c, uint64_t seed = 0) {
  torch::manual_seed(seed);
  return tlb::make_backbone(c.kind, kInputDim, c.options);
}

torch::Tensor inputs_for(int64_t batch, int64_t steps, at::Generator& gen,
                         const torch::Device& device = torch::kCPU) {
  return tlb::testing::random_inputs(batch, steps, kInputDim, gen, device);
}

// Each test case draws its lengths, inputs and episode starts for backbone case `index` from a
// generator of its own, seeded by the test and the case: the draws never depend on which
// tests ran before (a shared global generator once made failures depend on test order).
at::Generator generator_for(uint64_t test_seed, size_t index) {
  return case_generator(1000 * test_seed + index);
}

// Checks step == sequence from a warmed state over several random lengths and start patterns.
void check_step_matches_sequence(const Case& c, at::Generator& gen, const torch::Device& device) {
  torch::NoGradGuard no_grad;
  auto backbone = make(c);
  backbone->to(device);
  backbone->eval();
  for (int trial = 0; trial < 4; ++trial) {
    const int64_t batch = 3;
    const int64_t steps = random_int(1, 21, gen);
    const int64_t warm = random_int(0, 10, gen);
    auto start = warmed_state(backbone, batch, warm, gen, device);
    auto inputs = inputs_for(batch, steps, gen, device);
    auto starts = random_starts(batch, steps, 0.15, gen, device);
    auto sequence = backbone->forward_sequence(inputs, start, starts);
    auto stepped = step_through(backbone, inputs, start, starts);
    const double diff = max_abs_diff(sequence.features, stepped.features);
    // Both final states must carry on alike.
    auto more = inputs_for(batch, 3, gen, device);
    auto no_starts = random_starts(batch, 3, 0.0, gen, device);
    const double diff_after =
        max_abs_diff(step_through(backbone, more, sequence.final_state, no_starts).features,
                     step_through(backbone, more, stepped.state, no_starts).features);
    INFO(c.label << ": T " << steps << ", warm-up " << warm << ", largest difference " << diff
                 << ", after the final state " << diff_after);
    REQUIRE(sequence.features.sizes() == stepped.features.sizes());
    CHECK(diff <= kTolerance);
    CHECK(diff_after <= kTolerance);
  }
}

// Full float32 on the GPU for the checks below: TF32 matmuls (cuDNN's RNNs allow them by
// default) round to ~1e-3, which would hide real differences.
void use_full_float32_on_cuda() {
  at::globalContext().setAllowTF32CuBLAS(false);
  at::globalContext().setAllowTF32CuDNN(false);
}

// One forward and backward pass of `backbone` on `device`, with every result moved to the CPU.
struct Pass {
  torch::Tensor features;
  RecurrentState state;
  std::map<std::string, torch::Tensor> grads;
};

Pass forward_backward(Backbone& backbone, const torch::Tensor& inputs, const RecurrentState& start,
                      const torch::Tensor& starts, const torch::Tensor& weights,
                      const torch::Device& device) {
  backbone->to(device);
  backbone->zero_grad();
  auto out = backbone->forward_sequence(inputs.to(device), start.to(device), starts.to(device));
  (out.features * weights.to(device)).sum().backward();
  Pass pass{out.features.detach().cpu(), out.final_state.detach().to(torch::kCPU), {}};
  for (const auto& p : backbone->named_parameters()) {
    REQUIRE(p.value().device() == device);
    REQUIRE(p.value().grad().defined());
    pass.grads[p.key()] = p.value().grad().cpu();
  }
  return pass;
}

}  // namespace

TEST_CASE("Every backbone is causal", "[tlb][contract]") {
  torch::NoGradGuard no_grad;
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(21, i);
    auto backbone = make(c);
    const int64_t batch = 2, steps = 10;
    // A warm start (rows mid-episode, mid-chunk) and a fresh one (the path a fresh rollout's
    // first window takes; for the TLB, whole chunks).
    for (int64_t warm : {5, 0}) {
      auto start = warmed_state(backbone, batch, warm, gen);
      auto inputs = inputs_for(batch, steps, gen);
      auto starts = random_starts(batch, steps, 0.2, gen);
      const int64_t t = random_int(0, steps - 1, gen);
      auto changed = inputs.clone();
      changed.slice(1, t + 1) = torch::randn(changed.slice(1, t + 1).sizes(), gen, torch::kFloat);
      auto changed_starts = starts.clone();
      changed_starts.slice(1, t + 1) = random_starts(batch, steps - t - 1, 0.5, gen);
      if (warm == 0) {  // one episode from step 0: no start off the chunk grid
        starts = torch::zeros({batch, steps}, torch::kBool);
        starts.select(1, 0).fill_(true);
        changed_starts = starts;
      }
      auto a = backbone->forward_sequence(inputs, start, starts).features;
      auto b = backbone->forward_sequence(changed, start, changed_starts).features;
      const double diff = max_abs_diff(a.slice(1, 0, t + 1), b.slice(1, 0, t + 1));
      INFO(c.label << ", warm-up " << warm << ": steps > " << t
                   << " changed, largest change at steps <= t: " << diff);
      CHECK(diff <= 1e-6);
      CHECK(max_abs_diff(a.slice(1, t + 1), b.slice(1, t + 1)) > 1e-4);  // the change arrived
    }
  }
}

TEST_CASE("Every backbone reaches exactly as far back as it should", "[tlb][contract]") {
  torch::NoGradGuard no_grad;
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(22, i);
    if (c.reach == kUnbounded) continue;
    auto backbone = make(c);
    const int64_t steps = c.reach + 3, last = steps - 1;
    auto inputs = inputs_for(1, steps, gen);
    auto no_starts = random_starts(1, steps, 0.0, gen);
    auto base = backbone->forward_sequence(inputs, backbone->initial_state(1), no_starts).features;
    auto output_after_change = [&](int64_t at) {
      auto changed = inputs.clone();
      changed.select(1, at) += 1.0;
      return backbone->forward_sequence(changed, backbone->initial_state(1), no_starts)
          .features.select(1, last);
    };
    INFO(c.label << ": reach " << c.reach);
    CHECK(max_abs_diff(output_after_change(last - c.reach), base.select(1, last)) > 1e-5);
    CHECK(max_abs_diff(output_after_change(last - c.reach - 1), base.select(1, last)) == 0.0);
  }
}

TEST_CASE("Every backbone's step path equals its sequence path", "[tlb][contract]") {
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    auto gen = generator_for(11, i);
    check_step_matches_sequence(all[i], gen, torch::kCPU);
  }
}

TEST_CASE("Every backbone's step path equals its sequence path on CUDA", "[tlb][contract][cuda]") {
  if (!torch::cuda::is_available()) {
    WARN("no CUDA device: skipped");
    return;
  }
  use_full_float32_on_cuda();
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    auto gen = generator_for(12, i);
    check_step_matches_sequence(all[i], gen, torch::kCUDA);
  }
}

TEST_CASE("On CUDA every backbone computes what it computes on the CPU, gradients included",
          "[tlb][contract][cuda]") {
  if (!torch::cuda::is_available()) {
    WARN("no CUDA device: skipped");
    return;
  }
  use_full_float32_on_cuda();
  using Catch::Matchers::Contains;
  const torch::Device cuda(torch::kCUDA);
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    INFO(c.label);
    auto gen = generator_for(13, i);
    auto backbone = make(c, 9);
    backbone->train();  // the learning path; no case uses dropout
    const int64_t batch = 3, steps = 13;
    const auto start = warmed_state(backbone, batch, 6, gen);
    const auto inputs = inputs_for(batch, steps, gen);
    const auto starts = random_starts(batch, steps, 0.15, gen);
    const auto weights = torch::randn({batch, steps, backbone->output_dim()}, gen, torch::kFloat);
    const auto cpu = forward_backward(backbone, inputs, start, starts, weights, torch::kCPU);
    const auto gpu = forward_backward(backbone, inputs, start, starts, weights, cuda);
    CHECK(max_abs_diff(cpu.features, gpu.features) <= 1e-4);
    REQUIRE(cpu.state.parts.size() == gpu.state.parts.size());
    for (size_t j = 0; j < cpu.state.parts.size(); ++j) {
      INFO("end state part " << j);
      CHECK(max_abs_diff(cpu.state.parts[j], gpu.state.parts[j]) <= 1e-4);
    }
    for (const auto& [name, grad] : cpu.grads) {
      INFO("gradient of " << name);
      const double scale = std::max(1.0, grad.abs().max().item<double>());
      CHECK(max_abs_diff(grad, gpu.grads.at(name)) <= 1e-3 * scale);
    }
    // The initial state follows the module to the GPU; inputs left on the CPU are refused.
    for (const auto& part : backbone->initial_state(2).parts) CHECK(part.device() == cuda);
    REQUIRE_THROWS_WITH(backbone->forward_sequence(inputs, start.to(cuda), starts.to(cuda)),
                        Contains("expected") && Contains("found") && Contains("cpu"));
  }
}

TEST_CASE("An episode start inside a sequence gives what a fresh start gives", "[tlb][contract]") {
  torch::NoGradGuard no_grad;
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(23, i);
    auto backbone = make(c, 3);
    const int64_t batch = 2, steps = 14, at = 5;
    auto start = warmed_state(backbone, batch, 7, gen);
    auto inputs = inputs_for(batch, steps, gen);
    auto starts = random_starts(batch, steps, 0.0, gen);
    starts[1][at] = true;
    auto joined = backbone->forward_sequence(inputs, start, starts);
    auto fresh_inputs = inputs.slice(0, 1, 2).slice(1, at);
    auto fresh_starts = random_starts(1, steps - at, 0.0, gen);
    fresh_starts[0][0] = true;
    auto fresh = backbone->forward_sequence(fresh_inputs, backbone->initial_state(1), fresh_starts);
    const double diff = max_abs_diff(joined.features.slice(0, 1, 2).slice(1, at), fresh.features);
    // The states carry on alike too.
    auto more = inputs_for(1, 6, gen);
    auto none = random_starts(1, 6, 0.0, gen);
    const double diff_after =
        max_abs_diff(step_through(backbone, more, joined.final_state.slice(1, 2), none).features,
                     step_through(backbone, more, fresh.final_state, none).features);
    INFO(c.label << ": largest difference " << diff << ", after the final state " << diff_after);
    CHECK(diff <= kTolerance);
    CHECK(diff_after <= kTolerance);
  }
}

TEST_CASE("Gradients reach every parameter and flow through the carried state", "[tlb][contract]") {
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(24, i);
    auto backbone = make(c, 5);
    backbone->train();
    const int64_t batch = 2, steps = 12;
    auto inputs = inputs_for(batch, steps, gen);
    auto out = backbone->forward_sequence(inputs, warmed_state(backbone, batch, 3, gen),
                                          random_starts(batch, steps, 0.1, gen));
    (out.features * torch::randn(out.features.sizes(), gen, torch::kFloat)).sum().backward();
    for (const auto& p : backbone->named_parameters()) {
      INFO(c.label << ": parameter " << p.key());
      REQUIRE(p.value().grad().defined());
      CHECK(p.value().grad().abs().sum().item<double>() > 0);
    }
    if (c.reach == 0) continue;
    // Two calls joined by the state; a loss on the last step only must reach step 0.
    const int64_t total = c.reach == kUnbounded ? 10 : c.reach + 1, first = total / 2;
    auto x = inputs_for(1, total, gen).requires_grad_(true);
    auto none = random_starts(1, total, 0.0, gen);
    auto head = backbone->forward_sequence(x.slice(1, 0, first), backbone->initial_state(1),
                                           none.slice(1, 0, first));
    auto tail =
        backbone->forward_sequence(x.slice(1, first), head.final_state, none.slice(1, first));
    (tail.features.select(1, total - first - 1) *
     torch::randn({1, backbone->output_dim()}, gen, torch::kFloat))
        .sum()
        .backward();
    INFO(c.label << ": gradient of step " << total - 1 << "'s output w.r.t. step 0's input");
    CHECK(x.grad().select(1, 0).abs().sum().item<double>() > 0);
  }
}

TEST_CASE("Every backbone survives a save/load round trip", "[tlb][contract]") {
  torch::NoGradGuard no_grad;
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(25, i);
    auto saved = make(c, 1);
    auto loaded = make(c, 2);
    std::stringstream stream;
    torch::serialize::OutputArchive out;
    saved->save(out);
    out.save_to(stream);
    torch::serialize::InputArchive in;
    in.load_from(stream);
    loaded->load(in);
    auto inputs = inputs_for(2, 9, gen);
    auto starts = random_starts(2, 9, 0.2, gen);
    auto a = saved->forward_sequence(inputs, saved->initial_state(2), starts).features;
    auto b = loaded->forward_sequence(inputs, loaded->initial_state(2), starts).features;
    INFO(c.label);
    CHECK(torch::equal(a, b));
  }
}

TEST_CASE("Same seed gives the same backbone, another seed another", "[tlb][contract]") {
  torch::NoGradGuard no_grad;
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(26, i);
    auto inputs = inputs_for(2, 7, gen);
    auto starts = random_starts(2, 7, 0.2, gen);
    auto run = [&](uint64_t seed) {
      auto backbone = make(c, seed);
      return backbone->forward_sequence(inputs, backbone->initial_state(2), starts).features;
    };
    INFO(c.label);
    CHECK(torch::equal(run(4), run(4)));
    CHECK(max_abs_diff(run(4), run(5)) > 1e-4);
  }
}

TEST_CASE("Wrong shapes, dtypes and devices raise errors naming expected and found",
          "[tlb][contract]") {
  using Catch::Matchers::Contains;
  const auto meta = torch::device(torch::kMeta);
  const auto all = cases();
  for (size_t i = 0; i < all.size(); ++i) {
    const auto& c = all[i];
    auto gen = generator_for(27, i);
    INFO(c.label);
    auto backbone = make(c);
    const int64_t batch = 3, steps = 4;
    auto state = backbone->initial_state(batch);
    auto inputs = inputs_for(batch, steps, gen);
    auto starts = random_starts(batch, steps, 0.2, gen);
    auto sequence = [&](const torch::Tensor& x, const RecurrentState& s, const torch::Tensor& e) {
      backbone->forward_sequence(x, s, e);
    };
    auto step = [&](const torch::Tensor& x, const RecurrentState& s, const torch::Tensor& e) {
      backbone->step(x, s, e);
    };
    REQUIRE_THROWS_WITH(
        sequence(inputs_for(batch, steps, gen).slice(2, 0, 4), state, starts),
        Contains("expected") && Contains("found") && Contains("[3, 4, 4]") && Contains("5]"));
    REQUIRE_THROWS_WITH(sequence(inputs.select(1, 0), state, starts),
                        Contains("expected") && Contains("found"));
    REQUIRE_THROWS_WITH(sequence(inputs.to(torch::kDouble), state, starts),
                        Contains("expected") && Contains("found") && Contains("Double"));
    REQUIRE_THROWS_WITH(sequence(torch::empty({batch, steps, kInputDim}, meta), state, starts),
                        Contains("expected") && Contains("found") && Contains("meta"));
    REQUIRE_THROWS_WITH(sequence(inputs, state, starts.to(torch::kFloat)),
                        Contains("expected") && Contains("found") && Contains("episode_starts"));
    REQUIRE_THROWS_WITH(sequence(inputs, state, starts.slice(1, 0, 2)),
                        Contains("expected") && Contains("found") && Contains("episode_starts"));
    REQUIRE_THROWS_WITH(step(inputs, state, starts.select(1, 0)),
                        Contains("expected") && Contains("found") && Contains("input"));
    REQUIRE_THROWS_WITH(step(inputs.select(1, 0), state, starts.select(1, 0).to(torch::kLong)),
                        Contains("expected") && Contains("found") && Contains("Long"));
    // States: another batch size, another device, or parts missing.
    if (!state.parts.empty()) {
      REQUIRE_THROWS_WITH(sequence(inputs, backbone->initial_state(batch + 1), starts),
                          Contains("expected") && Contains("found") && Contains("state"));
      RecurrentState on_meta;
      for (const auto& p : state.parts)
        on_meta.parts.push_back(torch::empty(p.sizes(), meta.dtype(p.dtype())));
      REQUIRE_THROWS_WITH(step(inputs.select(1, 0), on_meta, starts.select(1, 0)),
                          Contains("expected") && Contains("found") && Contains("meta"));
      REQUIRE_THROWS_WITH(step(inputs.select(1, 0), RecurrentState{}, starts.select(1, 0)),
                          Contains("expected") && Contains("found") && Contains("parts"));
    } else {
      RecurrentState extra;
      extra.parts.push_back(torch::zeros({batch, 1}));
      REQUIRE_THROWS_WITH(step(inputs.select(1, 0), extra, starts.select(1, 0)),
                          Contains("expected") && Contains("found") && Contains("parts"));
    }
  }
}
