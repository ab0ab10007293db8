// Tests agents/ppo_options.cpp: CleanRL defaults, text round trip, checks.
#include "agents/ppo_options.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>

using tlb::agents::PpoOptions;

TEST_CASE("PpoOptions default to CleanRL's ppo_continuous_action", "[agents]") {
  PpoOptions o;
  REQUIRE(o.learning_rate == 3e-4);
  REQUIRE(o.adam_eps == 1e-5);
  REQUIRE(o.num_envs == 1);
  REQUIRE(o.num_steps == 2048);
  REQUIRE(o.num_minibatches == 32);
  REQUIRE(o.update_epochs == 10);
  REQUIRE(o.gamma == 0.99);
  REQUIRE(o.gae_lambda == 0.95);
  REQUIRE(o.clip_coef == 0.2);
  REQUIRE(o.ent_coef == 0.0);
  REQUIRE(o.vf_coef == 0.5);
  REQUIRE(o.max_grad_norm == 0.5);
  REQUIRE(o.total_timesteps == 1000000);
  auto sizes = tlb::agents::check_ppo_options(o);
  REQUIRE(sizes.batch_size == 2048);
  REQUIRE(sizes.minibatch_size == 64);
  REQUIRE(sizes.num_iterations == 488);
}

TEST_CASE("PpoOptions survive a text round trip exactly", "[agents]") {
  PpoOptions o;
  o.learning_rate = 2.5e-4;
  o.clip_coef = 0.1234567890123;
  o.backbone = "tlb";
  o.backbone_options = {{"chunk", "16"}, {"latents", "8"}};
  o.shared_backbone = true;
  o.seed = 12345678901234ULL;
  o.record = "runs/a b/replay.h5";
  o.record_append = true;
  const auto text = tlb::agents::ppo_options_to_text(o);
  REQUIRE(text.find("clip-coef = ") != std::string::npos);
  REQUIRE(text.find("tlb.chunk = 16") != std::string::npos);
  const auto back = tlb::agents::ppo_options_from_text(text);
  REQUIRE(back.learning_rate == o.learning_rate);
  REQUIRE(back.clip_coef == o.clip_coef);
  REQUIRE(back.backbone_options == o.backbone_options);
  REQUIRE(back.shared_backbone);
  REQUIRE(back.seed == o.seed);
  REQUIRE(back.record == o.record);
  REQUIRE(back.record_append);
  REQUIRE(tlb::agents::ppo_options_to_text(back) == text);
}

TEST_CASE("Bad options name the option, what was expected and what was found", "[agents]") {
  PpoOptions o;
  o.num_minibatches = 5000;
  REQUIRE_THROWS_WITH(tlb::agents::check_ppo_options(o),
                      Catch::Matchers::Contains("--num-minibatches: expected at most"));
  REQUIRE_THROWS_WITH(tlb::agents::ppo_options_from_text("gamma = lots\n"),
                      Catch::Matchers::Contains("--gamma: expected a number, found 'lots'"));
  REQUIRE_THROWS_WITH(tlb::agents::ppo_options_from_text("gamm = 0.9\n"),
                      Catch::Matchers::Contains("unknown option 'gamm'"));
  PpoOptions both;
  both.record = "x.h5";
  both.record_overwrite = both.record_append = true;
  REQUIRE_THROWS_WITH(tlb::agents::check_ppo_options(both),
                      Catch::Matchers::Contains("exclude each other"));
}

TEST_CASE("check_ppo_options refuses, before anything runs, what could only fail later",
          "[agents]") {
  using Catch::Matchers::Contains;
  const auto refused = [](const std::function<void(PpoOptions&)>& change) {
    PpoOptions o;
    change(o);
    try {
      tlb::agents::check_ppo_options(o);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK_THAT(refused([](PpoOptions& o) { o.num_envs = 9007199254740993; }),
             Contains("--num-envs: expected an integer in [1, 4096], found '9007199254740993'"));
  CHECK_THAT(refused([](PpoOptions& o) { o.total_timesteps = INT64_MAX; }),
             Contains("--total-timesteps: expected an integer in [1, "));
  CHECK_THAT(refused([](PpoOptions& o) {
               o.num_envs = 4096;
               o.num_steps = 1 << 20;
             }),
             Contains("--num-steps: expected num_envs * num_steps at most"));
  CHECK_THAT(refused([](PpoOptions& o) { o.threads = 100000; }),
             Contains("--threads: expected <= 0 (all cores) or at most 256, found '100000'"));
  CHECK_THAT(refused([](PpoOptions& o) { o.env_threads = 100000; }), Contains("--env-threads"));
  CHECK_THAT(refused([](PpoOptions& o) { o.adam_eps = -1; }),
             Contains("--adam-eps: expected a finite number > 0, found '-1'"));
  CHECK_THAT(refused([](PpoOptions& o) { o.ent_coef = NAN; }),
             Contains("--ent-coef: expected a finite number, found 'nan'"));
  CHECK_THAT(refused([](PpoOptions& o) { o.vf_coef = INFINITY; }),
             Contains("--vf-coef: expected a finite number >= 0, found 'inf'"));
  CHECK_THAT(refused([](PpoOptions& o) { o.learning_rate = INFINITY; }),
             Contains("--learning-rate: expected a finite number > 0"));
  CHECK_THAT(refused([](PpoOptions& o) {
               o.backbone = "tlb";
               o.backbone_options = {{"chunk", "0"}};
             }),
             Contains("chunk"));
  CHECK_THAT(refused([](PpoOptions& o) {
               o.backbone = "tlb";
               o.backbone_options = {{"heads", "3"}};
             }),
             Contains("heads"));
  // 2048 steps of one env in sequences of 16: 128 sequences, fewer than 200 minibatches.
  CHECK_THAT(refused([](PpoOptions& o) {
               o.backbone = "lstm";
               o.num_minibatches = 200;
             }),
             Contains("--num-minibatches: expected at most the rollout's sequences for backbone "
                      "lstm (num_envs * num_steps / sequence_length = 128), found '200'"));
  CHECK(refused([](PpoOptions& o) { o.num_minibatches = 200; }) == "accepted");  // mlp: steps
  CHECK_THAT(refused([](PpoOptions& o) { o.eval_episodes = 0; }), Contains("--eval-episodes"));
}

TEST_CASE("A memory backbone gets its own layout where the user set none", "[agents]") {
  PpoOptions o;
  o.backbone = "tlb";
  o.num_envs = 2;  // given by the user
  tlb::agents::apply_backbone_defaults(o, {"num_envs"});
  CHECK(o.num_envs == 2);
  CHECK(o.num_steps == 256);
  CHECK(o.sequence_length == 256);
  CHECK(o.num_minibatches == 4);
  CHECK(o.shared_backbone);
  CHECK(o.learning_rate == 3e-4);  // the algorithm's settings stay CleanRL's

  PpoOptions mlp;
  tlb::agents::apply_backbone_defaults(mlp, {});
  CHECK(mlp.num_envs == 1);
  CHECK(mlp.num_steps == 2048);
  CHECK(mlp.num_minibatches == 32);
  CHECK_FALSE(mlp.shared_backbone);
  for (const char* kind : {"lstm", "gru", "transformer"}) {
    PpoOptions m;
    m.backbone = kind;
    tlb::agents::apply_backbone_defaults(m, {});
    INFO(kind);
    CHECK(m.num_envs == 8);
    CHECK(tlb::agents::check_ppo_options(m).batch_size == 2048);
  }
}
