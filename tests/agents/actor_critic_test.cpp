// Tests agents/actor_critic.cpp: the ratio-1 invariant (the rollout's log-probs and values
// equal the learning path's before any gradient step) for every backbone, shared or not.
#include "agents/actor_critic.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>

#include "agents/ppo.h"
#include "agents/rollout_buffer.h"
#include "doubles.h"
#include "temp_dir.h"
#include "tlb/backbone_factory.h"

using namespace tlb::agents;

namespace {

// Largest |recomputed - rollout| over log-probs and values of every minibatch of one epoch.
double max_ratio_error(PpoOptions o, Factories factories) {
  testing::TempDir dir;
  o.run_dir = (dir.path() / "run").string();
  o.num_envs = 3;
  o.num_steps = 32;
  o.sequence_length = 8;
  o.num_minibatches = 4;
  o.total_timesteps = 96;
  o.device = "cpu";
  PpoTrainer trainer(o, factories);
  const RolloutBuffer& b = trainer.collect_rollout_for_test();
  REQUIRE(b.episode_starts.any().item<bool>());
  double worst = 0;
  torch::NoGradGuard no_grad;
  for (const auto& mb : b.minibatches(torch::randperm(b.num_items()), o.num_minibatches)) {
    auto out = trainer.model()->evaluate(mb.inputs, mb.start_state, mb.episode_starts, mb.actions);
    worst = std::max(worst, (out.log_prob - mb.log_probs).abs().max().item<double>());
    worst = std::max(worst, (out.value - mb.values).abs().max().item<double>());
  }
  return worst;
}

}  // namespace

TEST_CASE("Ratio is 1 before the first gradient step (test backbones)", "[agents]") {
  for (const std::string kind : {"mlp", "gru"}) {
    for (bool shared : {false, true}) {
      for (bool feed : {false, true}) {
        PpoOptions o;
        o.backbone = kind;
        o.shared_backbone = shared;
        o.feed_prev_action_reward = feed;
        // Episodes of 7 steps: starts fall inside sequences of 8.
        const double err = max_ratio_error(o, testing::test_factories(/*max_steps=*/7));
        INFO(kind << " shared=" << shared << " feed=" << feed << " max error " << err);
        REQUIRE(err < 1e-5);
      }
    }
  }
}

TEST_CASE("Ratio is 1 before the first gradient step for every backbone kind", "[agents]") {
  Factories factories{[](const std::string&) { return std::make_unique<testing::PointEnv>(7); },
                      tlb::make_backbone};
  for (const auto& kind : tlb::backbone_kinds()) {
    for (bool shared : {false, true}) {
      PpoOptions o;
      o.backbone = kind;
      o.shared_backbone = shared;
      const double err = max_ratio_error(o, factories);
      INFO(kind << " shared=" << shared << " max error " << err);
      REQUIRE(err < 1e-5);
    }
  }
}

TEST_CASE("Policy heads are initialised as CleanRL's layer_init", "[agents]") {
  ActorCritic model(testing::make_test_backbone("mlp", 3, {}),
                    testing::make_test_backbone("mlp", 3, {}), 2);
  auto params = model->named_parameters();
  REQUIRE(torch::equal(params["actor_logstd"], torch::zeros({2})));
  REQUIRE(params["actor_mean.bias"].abs().max().item<float>() == 0.0f);
  // Orthogonal rows scaled by the gain: W W^T = gain^2 I (2 x 16 actor mean, gain 0.01).
  auto w = params["actor_mean.weight"];
  REQUIRE(torch::allclose(w.matmul(w.t()), 1e-4 * torch::eye(2), 1e-6, 1e-7));
  auto v = params["critic.weight"];
  REQUIRE(v.pow(2).sum().item<float>() == Approx(1.0f).epsilon(1e-5));
  // The mlp backbone's hidden layers: gain sqrt(2), zero bias.
  auto l2 = params["actor_backbone.l2.weight"];
  REQUIRE(torch::allclose(l2.matmul(l2.t()), 2.0 * torch::eye(16), 1e-4, 1e-4));
  REQUIRE(params["actor_backbone.l1.bias"].abs().max().item<float>() == 0.0f);
}
