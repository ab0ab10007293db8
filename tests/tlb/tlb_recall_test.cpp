// Tests tlb/temporal_latent_bottleneck.cpp on a memory task: a cue at step 0 must be recalled
// at a query D = 40 steps later, five chunks on. The TLB carries it in its latents; a
// windowed Transformer that cannot see that far back (tlb/transformer_backbone.cpp) cannot.
#include <torch/torch.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>

#include "common/option_reader.h"
#include "tlb/backbone_factory.h"
#include "tlb/temporal_latent_bottleneck.h"

namespace {

constexpr int64_t kClasses = 4;               // cue values; chance accuracy 0.25
constexpr int64_t kDelay = 40;                // D: steps from cue to query
constexpr int64_t kSteps = kDelay + 1;        // T
constexpr int64_t kTokenSize = kClasses + 1;  // cue one-hot, query flag
constexpr int64_t kBatch = 64;
// Update budgets, not time budgets (timing depends on the machine): on 2 idle cores an
// update takes ~0.05 s, so the case stays well under a minute; the TLB usually stops early
// (33-57 updates over seven seeds with these settings).
constexpr int kTlbUpdates = 250;
constexpr int kTransformerUpdates = 100;
constexpr double kNoTimeLimit = 1e9;
// Adam at 3e-3 (the earlier setting) learned half the cue bits and then collapsed back to
// chance for good (loss 1.39 from update ~225 on); 1e-3 with the gradient norm clipped at 1
// learns the task for every seed tried. The clip guards the rare large step of early updates.
constexpr double kLearningRate = 1e-3;
constexpr double kMaxGradNorm = 1.0;
// Seeds of the data stream and initialisation the TLB must learn with, every one of them.
constexpr uint64_t kTlbSeeds[] = {1, 2};

struct Batch {
  torch::Tensor inputs;  // [B, T, I]
  torch::Tensor labels;  // [B] int64
};

Batch make_batch(int64_t batch) {
  auto labels = torch::randint(kClasses, {batch}, torch::kLong);
  auto inputs = torch::zeros({batch, kSteps, kTokenSize});
  inputs.select(1, 0).slice(1, 0, kClasses).copy_(torch::one_hot(labels, kClasses));
  inputs.select(1, kDelay).select(1, kClasses).fill_(1.0);
  return {inputs, labels};
}

struct RecallResult {
  double accuracy;  // on a fresh batch after training
  int updates;
  double seconds;
};

// Trains backbone + a linear head with Adam on the query step's cross-entropy, until the
// training batch accuracy stays high or the update/time budget runs out.
RecallResult train_recall(tlb::Backbone backbone, uint64_t seed, int max_updates,
                          double max_seconds) {
  torch::manual_seed(seed);
  torch::nn::Linear head(backbone->output_dim(), kClasses);
  std::vector<torch::Tensor> params = backbone->parameters();
  for (const auto& p : head->parameters()) params.push_back(p);
  torch::optim::Adam optimizer(params, torch::optim::AdamOptions(kLearningRate));
  auto starts = torch::zeros({kBatch, kSteps}, torch::kBool);
  starts.select(1, 0).fill_(true);
  auto logits_of = [&](const Batch& b) {
    auto out = backbone->forward_sequence(b.inputs, backbone->initial_state(kBatch), starts);
    return head->forward(out.features.select(1, kDelay));  // [B, classes]
  };
  const auto begin = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  };
  int updates = 0, good_in_a_row = 0;
  while (updates < max_updates && elapsed() < max_seconds && good_in_a_row < 5) {
    auto batch = make_batch(kBatch);
    auto logits = logits_of(batch);
    auto loss = torch::nn::functional::cross_entropy(logits, batch.labels);
    optimizer.zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(params, kMaxGradNorm);
    optimizer.step();
    ++updates;
    const double acc = logits.argmax(1).eq(batch.labels).to(torch::kFloat).mean().item<double>();
    good_in_a_row = acc > 0.97 ? good_in_a_row + 1 : 0;
  }
  torch::NoGradGuard no_grad;
  backbone->eval();
  double correct = 0;
  for (int i = 0; i < 4; ++i) {
    auto batch = make_batch(kBatch);
    correct += logits_of(batch).argmax(1).eq(batch.labels).sum().item<double>();
  }
  return {correct / (4 * kBatch), updates, elapsed()};
}

}  // namespace

TEST_CASE("TLB learns to recall a cue five chunks back and a short-window Transformer cannot",
          "[tlb][learning]") {
  int most_updates = 0;
  for (const uint64_t seed : kTlbSeeds) {
    torch::manual_seed(seed);
    tlb::common::OptionReader reader(
        "tlb",
        {{"width", "32"}, {"heads", "4"}, {"chunk", "8"}, {"latents", "4"}, {"mlp_width", "64"}});
    const auto tlb_result =
        train_recall(tlb::make_tlb_backbone(kTokenSize, reader), seed, kTlbUpdates, kNoTimeLimit);
    INFO("tlb seed " << seed << ": accuracy " << tlb_result.accuracy << " after "
                     << tlb_result.updates << " updates, " << tlb_result.seconds << " s");
    CHECK(tlb_result.accuracy > 0.9);
    most_updates = std::max(most_updates, tlb_result.updates);
  }

  const auto kinds = tlb::backbone_kinds();
  if (std::find(kinds.begin(), kinds.end(), "transformer") == kinds.end()) {
    FAIL("no transformer backbone registered: the windowed half of this test cannot run");
  }
  // Two layers of window 16 see at most 2 * 15 = 30 < 40 steps back: the cue is out of reach.
  torch::manual_seed(0);
  auto transformer = tlb::make_backbone(
      "transformer", kTokenSize,
      {{"width", "32"}, {"heads", "4"}, {"layers", "2"}, {"mlp_width", "64"}, {"window", "16"}});
  // At least as many updates as the TLB needed, on the same data stream.
  const auto window_result =
      train_recall(transformer, 1, std::max(most_updates, kTransformerUpdates), kNoTimeLimit);
  INFO("transformer window 16: accuracy " << window_result.accuracy << " after "
                                          << window_result.updates << " updates, "
                                          << window_result.seconds << " s");
  CHECK(window_result.accuracy < 0.4);
}
