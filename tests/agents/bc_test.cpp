// Tests agents/bc*.cpp: windows see what stepping sees (every backbone), an interrupted run
// resumes exactly, bad data is refused before any folder is made, and the options round-trip.
#include "agents/bc.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>
#include <cmath>

#include "agents/bc_data.h"
#include "agents/checkpoint_policy.h"
#include "envs/policy.h"
#include "envs/registry.h"
#include "replay/episode_source.h"
#include "replay/recorder.h"
#include "replay/trajectory_writer.h"
#include "temp_dir.h"
#include "tlb/backbone_factory.h"

using namespace tlb::agents;

namespace {

Factories real_factories() {
  return {[](const std::string& id) { return tlb::envs::make_env(id); }, tlb::make_backbone};
}

// `episodes` random Hopper episodes of at most 30 steps, recorded to `path`.
void record_hopper(const std::string& path, size_t episodes) {
  auto env = tlb::envs::make_env("Hopper-v5:max_episode_steps=30");
  tlb::envs::UniformRandomPolicy policy(env->action_space());
  tlb::replay::RecordOptions options;
  options.episodes = episodes;
  options.seed = 3;
  options.writer.sync_to_disk = false;
  tlb::replay::record_episodes(*env, policy, path, options);
}

BcOptions small_options(const std::filesystem::path& dir, const std::string& data,
                        const std::string& backbone) {
  BcOptions o;
  o.data = {data};
  o.run_dir = (dir / ("run-" + backbone)).string();
  o.backbone = backbone;
  o.device = "cpu";
  o.epochs = 2;
  o.batch_size = 32;
  o.num_streams = 3;
  o.window_length = 8;
  o.buffer_episodes = 4;
  o.eval_episodes = 2;
  o.feed_prev_action_reward = true;
  if (backbone == "tlb")
    o.backbone_options = {{"chunk", "4"}, {"latents", "2"}, {"width", "16"}, {"heads", "2"}};
  if (backbone == "transformer")
    o.backbone_options = {{"window", "6"}, {"width", "16"}, {"heads", "2"}};
  if (backbone == "lstm" || backbone == "gru") o.backbone_options = {{"hidden", "16"}};
  if (backbone == "mlp") o.backbone_options = {{"width", "16"}};
  return o;
}

}  // namespace

TEST_CASE("BC's window loss equals the per-step losses of stepping the policy, every backbone",
          "[agents]") {
  testing::TempDir dir;
  const std::string data = (dir.path() / "hopper.h5").string();
  record_hopper(data, 4);
  auto source = tlb::replay::open_episode_source(data);
  const tlb::replay::Episode episode = source->read_episode(0);
  REQUIRE(episode.steps() > 8);  // crosses window boundaries
  for (const std::string backbone : {"mlp", "lstm", "gru", "transformer", "tlb"}) {
    INFO(backbone);
    BcTrainer trainer(small_options(dir.path(), data, backbone), real_factories());
    auto prepared = std::make_shared<const PreparedEpisode>(trainer.prepare(episode));
    torch::NoGradGuard no_grad;
    trainer.model()->eval();

    // Windows of 8 steps, the state carried from one to the next.
    bool fed = false;
    StreamBatcher batcher(1, 8, prepared->inputs.size() / prepared->steps,
                          prepared->actions.size() / prepared->steps, [&]() {
                            if (fed) return std::shared_ptr<const PreparedEpisode>();
                            fed = true;
                            return prepared;
                          });
    tlb::RecurrentState state;
    BcBatch batch;
    double window_sum = 0;
    while (batcher.next(batch)) {
      window_sum += trainer.batch_loss(batch, state).item<double>() * batch.valid_steps();
    }

    // One step at a time, as acting does.
    const int64_t in_dim = prepared->inputs.size() / prepared->steps;
    const int64_t act_dim = prepared->actions.size() / prepared->steps;
    auto model = trainer.model();
    tlb::RecurrentState step_state = model->initial_state(1);
    double step_sum = 0;
    for (int64_t t = 0; t < prepared->steps; ++t) {
      auto x =
          torch::from_blob(const_cast<float*>(&prepared->inputs[t * in_dim]), {1, in_dim}).clone();
      auto a = torch::from_blob(const_cast<float*>(&prepared->actions[t * act_dim]), {1, act_dim})
                   .clone();
      auto out = model->act(x, step_state, torch::full({1}, t == 0, torch::kBool),
                            torch::zeros({1, act_dim}), /*deterministic=*/true);
      step_sum += -model->log_prob(out.action, a).item<double>();
      step_state = out.next_state;
    }
    CHECK(window_sum == Approx(step_sum).epsilon(1e-5));
  }
}

TEST_CASE("A BC run writes its folder, its checkpoints act, and a resume continues exactly",
          "[agents]") {
  testing::TempDir dir;
  const std::string data = (dir.path() / "hopper.h5").string();
  record_hopper(data, 8);
  for (const std::string backbone : {"mlp", "gru"}) {
    INFO(backbone);
    BcOptions o = small_options(dir.path(), data, backbone);
    BcTrainer straight(o, real_factories());
    straight.train();
    for (const char* name : {"config.ini", "metrics.csv", "metrics.jsonl", "episodes.csv",
                             "learning_curve.svg", "latest.pt", "best.pt"}) {
      INFO(name);
      CHECK(std::filesystem::exists(straight.run_dir() / name));
    }
    CHECK(trained_algorithm(straight.run_dir()) == "bc");
    CHECK(trained_options(straight.run_dir()).env_id == "Hopper-v5:max_episode_steps=30");
    CheckpointPolicyOptions deterministic;
    deterministic.deterministic = true;
    auto loaded = load_checkpoint_on_env(straight.run_dir(), "", deterministic, real_factories());
    CHECK(loaded.algorithm == "bc");
    CHECK(loaded.policy->info().algorithm_name == "bc-" + backbone);

    o.run_dir = (dir.path() / ("killed-" + backbone)).string();
    BcTrainer(o, real_factories()).train(/*stop_after_epoch=*/1);
    auto resumed = BcTrainer::resume(o.run_dir, real_factories());
    REQUIRE(resumed->epoch() == 1);
    resumed->train();
    CHECK(resumed->samples() == straight.samples());
    auto a = straight.model()->named_parameters();
    auto b = resumed->model()->named_parameters();
    for (const auto& item : a) {
      INFO(item.key());
      CHECK(torch::equal(item.value(), b[item.key()]));
    }
  }
}

TEST_CASE("BC refuses data that does not fit before making a run folder", "[agents]") {
  testing::TempDir dir;
  const std::string data = (dir.path() / "hopper.h5").string();
  record_hopper(data, 3);
  BcOptions o = small_options(dir.path(), data, "mlp");
  o.env_id = "Walker2d-v5";
  CHECK_THROWS_WITH(BcTrainer(o, real_factories()),
                    Catch::Matchers::Contains("expected observations of 17 and actions of 6") &&
                        Catch::Matchers::Contains("found 11 and 3"));
  CHECK_FALSE(std::filesystem::exists(o.run_dir));

  o = small_options(dir.path(), (dir.path() / "missing.h5").string(), "mlp");
  CHECK_THROWS_WITH(BcTrainer(o, real_factories()), Catch::Matchers::StartsWith("--data "));

  // A non-finite action.
  auto source = tlb::replay::open_episode_source(data);
  tlb::replay::Episode bad = source->read_episode(0);
  bad.actions.values[2] = std::nan("");
  const std::string bad_path = (dir.path() / "bad.h5").string();
  {
    tlb::replay::TrajectoryWriterOptions w;
    w.sync_to_disk = false;
    tlb::replay::TrajectoryWriter writer(bad_path, source->metadata(), w);
    writer.append(bad);
    writer.close();
  }
  o = small_options(dir.path(), bad_path, "mlp");
  CHECK_THROWS_WITH(BcTrainer(o, real_factories()),
                    Catch::Matchers::Contains("expected finite observations, actions and rewards"));
  CHECK_FALSE(std::filesystem::exists(o.run_dir));

  o = small_options(dir.path(), data, "mlp");
  o.loss = "l1";
  CHECK_THROWS_WITH(BcTrainer(o, real_factories()), "--loss: expected nll or mse, found 'l1'");
}

TEST_CASE("BC options round-trip through their text and say they are BC's", "[agents]") {
  BcOptions o;
  o.data = {"a.h5", "b.h5"};
  o.backbone = "tlb";
  o.backbone_options = {{"chunk", "8"}};
  o.epochs = 7;
  o.loss = "mse";
  const std::string text = bc_options_to_text(o);
  CHECK(is_bc_options_text(text));
  const BcOptions back = bc_options_from_text(text);
  CHECK(back.data == o.data);
  CHECK(back.backbone_options == o.backbone_options);
  CHECK(bc_options_to_text(back) == text);
  CHECK_FALSE(is_bc_options_text("env = Hopper-v5\n"));
  std::map<std::string, std::string> overrides{{"epochs", "9"}};
  apply_bc_resume_overrides(o, overrides);
  CHECK(o.epochs == 9);
  overrides = {{"learning_rate", "0.1"}};
  CHECK_THROWS_WITH(apply_bc_resume_overrides(o, overrides),
                    Catch::Matchers::StartsWith("--learning-rate cannot change when resuming"));
}

TEST_CASE("BC learns the same from preloaded episodes as from the file", "[agents]") {
  testing::TempDir dir;
  const std::string data = (dir.path() / "hopper.h5").string();
  record_hopper(data, 6);
  for (const std::string backbone : {"mlp", "gru"}) {
    INFO(backbone);
    BcOptions o = small_options(dir.path(), data, backbone);
    o.epochs = 1;
    o.eval_interval = 0;
    BcTrainer streamed(o, real_factories());
    streamed.train();
    o.preload = true;
    o.run_dir += "-preloaded";
    BcTrainer preloaded(o, real_factories());
    preloaded.train();
    auto a = streamed.model()->named_parameters();
    auto b = preloaded.model()->named_parameters();
    for (const auto& item : a) {
      INFO(item.key());
      CHECK(torch::equal(item.value(), b[item.key()]));
    }
  }
}
