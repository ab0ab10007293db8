// Tests tlb/temporal_latent_bottleneck.cpp: the TLB-specific properties (chunk phases, slow
// state, options); the contract every backbone shares is tested over the factory elsewhere.
#include "tlb/temporal_latent_bottleneck.h"

#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include "common/option_reader.h"

using tlb::RecurrentState;
using tlb::TlbBackbone;
using tlb::TlbOptions;

namespace {

constexpr int64_t kInput = 5;

TlbBackbone make_tlb(const TlbOptions& options, uint64_t seed = 1) {
  torch::manual_seed(seed);
  TlbBackbone model(options);
  model->eval();
  return model;
}

TlbOptions small_options() {
  return TlbOptions(kInput).width(16).heads(2).chunk(4).latents(3).mlp_width(24);
}

double max_diff(const torch::Tensor& a, const torch::Tensor& b) {
  return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// The larger of two gaps, NaN when either is: std::max(worst, NaN) would keep `worst` and let
// a NaN output pass.
double worse(double worst, double gap) {
  if (std::isnan(worst) || std::isnan(gap)) return std::numeric_limits<double>::quiet_NaN();
  return std::max(worst, gap);
}

// Steps `model` through inputs [B, T, I] with episode_starts [B, T]: returns [B, T, D] and
// the final state.
std::pair<torch::Tensor, RecurrentState> run_steps(TlbBackbone& model, const torch::Tensor& inputs,
                                                   RecurrentState state,
                                                   const torch::Tensor& starts) {
  std::vector<torch::Tensor> outs;
  for (int64_t t = 0; t < inputs.size(1); ++t) {
    auto out = model->step(inputs.select(1, t), state, starts.select(1, t));
    outs.push_back(out.features);
    state = out.next_state;
  }
  return {torch::stack(outs, 1), state};
}

// A state with rows at different chunk phases: `warmup` random steps with random episode starts.
RecurrentState scrambled_state(TlbBackbone& model, int64_t batch, int64_t warmup,
                               const torch::Device& device = torch::kCPU) {
  if (warmup == 0) return model->initial_state(batch);
  auto inputs = torch::randn({batch, warmup, kInput}, device);
  auto starts = torch::rand({batch, warmup}, device).lt(0.2);
  return run_steps(model, inputs, model->initial_state(batch), starts).second;
}

// Largest difference between stepping and the sequence path over random configurations.
// aligned: every row starts at chunk position 0 and episodes start only on the chunk grid
// (forward_sequence's whole-chunk path); otherwise random phases (its per-round path).
double step_sequence_gap(const torch::Device& device, int trials, bool aligned = false) {
  double worst = 0;
  for (int trial = 0; trial < trials; ++trial) {
    torch::manual_seed(100 + trial);
    const int64_t k = 1 + torch::randint(8, {1}).item<int64_t>();
    const int64_t n = 1 + torch::randint(4, {1}).item<int64_t>();
    const int64_t t = 1 + torch::randint(3 * k + 6, {1}).item<int64_t>();
    const int64_t batch = 1 + torch::randint(4, {1}).item<int64_t>();
    auto options = small_options().chunk(k).latents(n);
    if (trial % 3 == 1) options.self_layers(2).slow_update(tlb::SlowUpdate::kGated);
    if (trial % 3 == 2) options.groups(2).initial_latents(tlb::InitialLatents::kSinusoidal);
    if (trial == 5) options.self_layers(0);
    auto model = make_tlb(options, trial);
    model->to(device);
    auto start = scrambled_state(
        model, batch, aligned ? 0 : torch::randint(2 * k + 1, {1}).item<int64_t>(), device);
    auto inputs = torch::randn({batch, t, kInput}, device);
    auto starts = torch::rand({batch, t}, device).lt(trial % 2 ? 0.3 : 0.05);
    if (aligned) starts.logical_and_(torch::arange(t, device).remainder(k).eq(0).unsqueeze(0));
    torch::NoGradGuard no_grad;
    auto seq = model->forward_sequence(inputs, start, starts);
    auto [stepped, final_state] = run_steps(model, inputs, start, starts);
    INFO("trial " << trial << ": K=" << k << " N=" << n << " T=" << t << " B=" << batch);
    REQUIRE(seq.features.sizes() == stepped.sizes());
    worst = worse(worst, max_diff(seq.features, stepped));
    REQUIRE(seq.final_state.parts.size() == final_state.parts.size());
    CHECK(torch::equal(seq.final_state.parts[1], final_state.parts[1]));  // chunk positions
    for (size_t i = 0; i < final_state.parts.size(); ++i) {
      worst = worse(worst, max_diff(seq.final_state.parts[i], final_state.parts[i]));
    }
  }
  return worst;
}

}  // namespace

TEST_CASE("TLB stepping equals the sequence path for random T K N phases and episode starts",
          "[tlb]") {
  const double worst = step_sequence_gap(torch::kCPU, 24);
  INFO("largest |step - sequence| over outputs and final states: " << worst);
  CHECK(worst < 1e-5);
}

TEST_CASE("TLB stepping equals the sequence path for chunk-aligned rows and episode starts",
          "[tlb]") {
  const double worst = step_sequence_gap(torch::kCPU, 24, /*aligned=*/true);
  INFO("largest |step - sequence| over outputs and final states: " << worst);
  CHECK(worst < 1e-5);
}

TEST_CASE("TLB stepping equals the sequence path on CUDA", "[tlb][cuda]") {
  if (!torch::cuda::is_available()) {
    WARN("CUDA not available: the [cuda] TLB check did not run");
    return;
  }
  const double worst = step_sequence_gap(torch::Device(torch::kCUDA), 12);
  INFO("largest |step - sequence| on CUDA: " << worst);
  CHECK(worst < 1e-4);  // TF32 or different kernels may round differently than the CPU
}

TEST_CASE("TLB outputs never depend on later inputs inside or across chunks", "[tlb]") {
  // From a warm state (rows mid-chunk: the per-round path) and from a fresh one (every row at
  // chunk position 0, episodes starting on the grid: the whole-chunk path that learning from
  // fresh rollouts takes).
  auto model = make_tlb(small_options());
  for (int64_t warmup : {3, 0}) {
    auto start = scrambled_state(model, 2, warmup);
    auto inputs = torch::randn({2, 13, kInput});
    auto starts = torch::zeros({2, 13}, torch::kBool);
    if (warmup == 0) starts.select(1, 0).fill_(true);
    torch::NoGradGuard no_grad;
    auto base = model->forward_sequence(inputs, start, starts).features;
    for (int64_t cut : {0, 2, 3, 5, 7, 11}) {
      auto changed = inputs.clone();
      changed.slice(1, cut + 1) += torch::randn_like(changed.slice(1, cut + 1)) * 10;
      auto out = model->forward_sequence(changed, start, starts).features;
      INFO("warm-up " << warmup << ", changed steps after " << cut);
      CHECK(max_diff(out.slice(1, 0, cut + 1), base.slice(1, 0, cut + 1)) < 1e-6);
      CHECK(max_diff(out.slice(1, cut + 1), base.slice(1, cut + 1)) > 1e-3);
    }
  }
}

TEST_CASE("TLB episode start inside a sequence gives exactly the fresh-start result", "[tlb]") {
  auto model = make_tlb(small_options().chunk(5));
  auto start = scrambled_state(model, 3, 7);
  auto inputs = torch::randn({3, 17, kInput});
  auto starts = torch::zeros({3, 17}, torch::kBool);
  const int64_t at[3] = {1, 6, 12};
  for (int64_t b = 0; b < 3; ++b) starts[b][at[b]] = true;
  torch::NoGradGuard no_grad;
  auto out = model->forward_sequence(inputs, start, starts);
  for (int64_t b = 0; b < 3; ++b) {
    auto rest = inputs.slice(0, b, b + 1).slice(1, at[b]);
    auto fresh = model->forward_sequence(rest, model->initial_state(1),
                                         torch::zeros({1, rest.size(1)}, torch::kBool));
    INFO("row " << b << " restarts at step " << at[b]);
    CHECK(max_diff(out.features.slice(0, b, b + 1).slice(1, at[b]), fresh.features) < 1e-5);
    for (size_t i = 0; i < fresh.final_state.parts.size(); ++i) {
      CHECK(max_diff(out.final_state.slice(b, b + 1).parts[i], fresh.final_state.parts[i]) < 1e-5);
    }
  }
}

TEST_CASE("TLB padding of a partial last chunk never changes real outputs", "[tlb]") {
  auto model = make_tlb(small_options().chunk(6));
  auto inputs = torch::randn({2, 9, kInput});  // one full chunk and half of the next
  auto starts = torch::zeros({2, 9}, torch::kBool);
  torch::NoGradGuard no_grad;
  auto short_run = model->forward_sequence(inputs, model->initial_state(2), starts);
  // The same steps inside a longer batch whose other row fills the chunk, with junk after.
  auto longer = torch::cat({inputs, torch::randn({2, 5, kInput}) * 100}, 1);
  auto long_run =
      model->forward_sequence(longer, model->initial_state(2), torch::zeros({2, 14}, torch::kBool));
  CHECK(max_diff(long_run.features.slice(1, 0, 9), short_run.features) < 1e-5);
  // The state a sequence ends with mid-chunk (3 of 6 steps into the second chunk) is the one
  // stepping reaches: the padding written to fill the chunk leaves no trace in it.
  CHECK(torch::equal(short_run.final_state.parts[1], torch::full({2}, 3, torch::kLong)));
  auto [stepped, stepped_state] =
      run_steps(model, inputs, model->initial_state(2), torch::zeros({2, 9}, torch::kBool));
  for (size_t i = 0; i < stepped_state.parts.size(); ++i) {
    INFO("state part " << i);
    CHECK(max_diff(short_run.final_state.parts[i], stepped_state.parts[i]) < 1e-5);
  }
  // And a sequence continued from it gives what stepping on from it gives.
  auto mixed =
      model->forward_sequence(longer, short_run.final_state, torch::zeros({2, 14}, torch::kBool));
  auto continued =
      run_steps(model, longer, stepped_state, torch::zeros({2, 14}, torch::kBool)).first;
  CHECK(max_diff(mixed.features, continued) < 1e-5);
}

TEST_CASE("TLB gradients reach every parameter and cross chunks through the latents", "[tlb]") {
  auto options = small_options().self_layers(2).groups(2).slow_update(tlb::SlowUpdate::kGated);
  auto model = make_tlb(options);
  model->train();
  const int64_t k = options.chunk();
  auto inputs = torch::randn({2, 3 * k, kInput}).requires_grad_(true);
  auto starts = torch::zeros({2, 3 * k}, torch::kBool);
  auto out = model->forward_sequence(inputs, model->initial_state(2), starts);
  auto weights = torch::randn_like(out.features);
  SECTION("every parameter") {
    (out.features * weights).sum().backward();
    for (const auto& p : model->named_parameters()) {
      INFO(p.key());
      REQUIRE(p.value().grad().defined());
      CHECK(p.value().grad().abs().sum().item<double>() > 0);
    }
  }
  SECTION("the last chunk's loss reaches the first chunk's inputs only through the latents") {
    (out.features.slice(1, 2 * k) * weights.slice(1, 2 * k)).sum().backward();
    auto first_chunk_grad = inputs.grad().slice(1, 0, k).abs().sum().item<double>();
    INFO("|d loss(last chunk) / d inputs(first chunk)| = " << first_chunk_grad);
    CHECK(first_chunk_grad > 0);
    CHECK(model->embed->weight.grad().abs().sum().item<double>() > 0);
  }
}

TEST_CASE("TLB save and load round trip gives the same outputs", "[tlb]") {
  auto options = small_options().slow_update(tlb::SlowUpdate::kGated);
  auto model = make_tlb(options, 7);
  std::stringstream buffer;
  torch::save(model, buffer);
  auto loaded = make_tlb(options, 8);
  torch::load(loaded, buffer);
  loaded->eval();
  auto inputs = torch::randn({2, 11, kInput});
  auto starts = torch::zeros({2, 11}, torch::kBool);
  torch::NoGradGuard no_grad;
  auto a = model->forward_sequence(inputs, model->initial_state(2), starts).features;
  auto b = loaded->forward_sequence(inputs, loaded->initial_state(2), starts).features;
  CHECK(torch::equal(a, b));
}

TEST_CASE("TLB same seed gives the same result and another seed does not", "[tlb]") {
  auto inputs = torch::randn({2, 9, kInput});
  auto starts = torch::zeros({2, 9}, torch::kBool);
  torch::NoGradGuard no_grad;
  auto run = [&](uint64_t seed) {
    auto model = make_tlb(small_options(), seed);
    return model->forward_sequence(inputs, model->initial_state(2), starts).features;
  };
  CHECK(torch::equal(run(3), run(3)));
  CHECK_FALSE(torch::equal(run(3), run(4)));
}

TEST_CASE("TLB dropout acts in train mode only", "[tlb]") {
  auto model = make_tlb(small_options().dropout(0.3));
  auto inputs = torch::randn({2, 9, kInput});
  auto starts = torch::zeros({2, 9}, torch::kBool);
  torch::NoGradGuard no_grad;
  auto run = [&] {
    return model->forward_sequence(inputs, model->initial_state(2), starts).features;
  };
  CHECK(torch::equal(run(), run()));
  model->train();
  CHECK_FALSE(torch::equal(run(), run()));
}

TEST_CASE("TLB initial latents differ between slots whether learned or sinusoidal", "[tlb]") {
  for (auto kind : {tlb::InitialLatents::kLearned, tlb::InitialLatents::kSinusoidal}) {
    auto model = make_tlb(small_options().latents(4).initial_latents(kind));
    auto i0 = model->initial_state(1).parts[0][0];  // [N, D]
    for (int64_t a = 0; a < 4; ++a) {
      for (int64_t b = a + 1; b < 4; ++b) CHECK(max_diff(i0[a], i0[b]) > 1e-3);
    }
  }
}

TEST_CASE("TLB rejects wrong shapes dtypes and states naming what it expected", "[tlb]") {
  using Catch::Matchers::Contains;
  auto model = make_tlb(small_options());
  auto state = model->initial_state(2);
  auto starts = torch::zeros({2, 3}, torch::kBool);
  REQUIRE_THROWS_WITH(model->forward_sequence(torch::randn({2, 3, kInput + 1}), state, starts),
                      Contains("expected"));
  REQUIRE_THROWS_WITH(
      model->forward_sequence(torch::randn({2, 3, kInput}, torch::kDouble), state, starts),
      Contains("expected"));
  REQUIRE_THROWS_WITH(model->forward_sequence(torch::randn({2, 3, kInput}), state,
                                              torch::zeros({2, 4}, torch::kBool)),
                      Contains("expected"));
  REQUIRE_THROWS_WITH(
      model->forward_sequence(torch::randn({2, 3, kInput}), model->initial_state(3), starts),
      Contains("expected"));
  auto bad_state = model->initial_state(2);
  bad_state.parts.pop_back();
  REQUIRE_THROWS_WITH(
      model->step(torch::randn({2, kInput}), bad_state, torch::zeros({2}, torch::kBool)),
      Contains("expected"));
  REQUIRE_THROWS_WITH(
      model->step(torch::randn({2, kInput, 1}), state, torch::zeros({2}, torch::kBool)),
      Contains("expected"));
  REQUIRE_THROWS_WITH(TlbBackbone(small_options().heads(3)), Contains("expected"));
}

TEST_CASE("TLB options are read by name and listed with their defaults", "[tlb]") {
  using Catch::Matchers::Contains;
  tlb::common::OptionReader reader("tlb", {{"chunk", "5"},
                                           {"latents", "2"},
                                           {"slow_update", "gated"},
                                           {"initial_latents", "sinusoidal"},
                                           {"width", "8"},
                                           {"heads", "2"}});
  auto backbone = tlb::make_tlb_backbone(3, reader);
  auto* impl = dynamic_cast<tlb::TlbBackboneImpl*>(backbone.get());
  REQUIRE(impl != nullptr);
  CHECK(impl->options.chunk() == 5);
  CHECK(impl->options.latents() == 2);
  CHECK(impl->options.slow_update() == tlb::SlowUpdate::kGated);
  CHECK(impl->options.initial_latents() == tlb::InitialLatents::kSinusoidal);
  CHECK(backbone->output_dim() == 8);
  CHECK(reader.docs().size() == 10);
  tlb::common::OptionReader typo("tlb", {{"chunks", "5"}});
  REQUIRE_THROWS_WITH(tlb::make_tlb_backbone(3, typo), Contains("chunk"));
  tlb::common::OptionReader bad_choice("tlb", {{"slow_update", "fast"}});
  REQUIRE_THROWS_WITH(tlb::make_tlb_backbone(3, bad_choice), Contains("expected"));
}
