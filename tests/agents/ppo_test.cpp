// Tests agents/ppo.cpp: the run folder, exact resume, non-finite updates, and evaluation of
// the checkpoint it writes (agents/evaluation.cpp).
#include "agents/ppo.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "agents/checkpoint.h"
#include "agents/evaluation.h"
#include "doubles.h"
#include "envs/registry.h"
#include "support/text_file.h"
#include "temp_dir.h"
#include "tlb/backbone_factory.h"

using namespace tlb::agents;

using tlb::testing::read_text;

namespace {

PpoOptions tiny_options(const std::filesystem::path& run_dir, const std::string& backbone) {
  PpoOptions o;
  o.run_dir = run_dir.string();
  o.backbone = backbone;
  o.num_envs = 2;
  o.num_steps = 16;
  o.sequence_length = 4;
  o.num_minibatches = 2;
  o.update_epochs = 2;
  o.total_timesteps = 4 * 2 * 16;
  o.checkpoint_interval = 2;
  o.threads = 1;
  o.device = "cpu";
  o.seed = 3;
  return o;
}

int64_t count_lines(const std::filesystem::path& path) {
  const auto text = read_text(path);
  return std::count(text.begin(), text.end(), '\n');
}

// An env whose rewards turn NaN after `good_steps` steps in total.
class NanEnv : public testing::PointEnv {
 public:
  explicit NanEnv(int good_steps) : good_steps_(good_steps) {}
  tlb::envs::StepResult step(const std::vector<double>& a) override {
    auto r = PointEnv::step(a);
    if (++steps_ > good_steps_) r.reward = std::nan("");
    return r;
  }

 private:
  int good_steps_, steps_ = 0;
};

}  // namespace

TEST_CASE("A run writes its folder and its checkpoint evaluates", "[agents]") {
  testing::TempDir dir;
  const auto run = dir.path() / "run";
  PpoTrainer trainer(tiny_options(run, "mlp"), testing::test_factories());
  trainer.train();
  for (const char* name :
       {"config.ini", "metrics.csv", "metrics.jsonl", "episodes.csv", "learning_curve.svg",
        "latest.pt", "checkpoint_000002.pt", "checkpoint_000004.pt"}) {
    INFO(name);
    REQUIRE(std::filesystem::exists(run / name));
  }
  const auto csv = read_text(run / "metrics.csv");
  for (const char* metric :
       {"global_step", "charts/episodic_return", "charts/episodic_length", "losses/value_loss",
        "losses/policy_loss", "losses/entropy", "losses/approx_kl", "losses/clipfrac",
        "losses/explained_variance", "charts/SPS", "charts/learning_rate"}) {
    INFO(metric);
    REQUIRE(csv.find(metric) != std::string::npos);
  }
  REQUIRE(count_lines(run / "metrics.csv") == 1 + 4);
  REQUIRE(count_lines(run / "metrics.jsonl") == 4);
  REQUIRE(read_text(run / "learning_curve.svg").find("<polyline") != std::string::npos);
  REQUIRE(ppo_options_from_text(read_text(run / "config.ini")).num_steps == 16);

  EvaluationOptions eval;
  eval.episodes = 3;
  eval.deterministic = true;
  auto result = evaluate_checkpoint(run, eval, testing::test_factories(/*max_steps=*/20));
  REQUIRE(result.episodes.size() == 3);
  for (const auto& e : result.episodes) {
    REQUIRE(e.length >= 1);
    REQUIRE(e.length <= 20);
    REQUIRE(std::isfinite(e.episode_return));
  }
  // A second run into the same folder is refused.
  REQUIRE_THROWS_WITH(PpoTrainer(tiny_options(run, "mlp"), testing::test_factories()),
                      Catch::Matchers::Contains("already holds a run"));
}

TEST_CASE("A resumed run matches the uninterrupted one exactly (CPU, one thread)", "[agents]") {
  for (const std::string backbone : {"mlp", "gru"}) {
    testing::TempDir dir;
    PpoTrainer straight(tiny_options(dir.path() / "a", backbone), testing::test_factories(7));
    straight.train();
    {
      PpoTrainer killed(tiny_options(dir.path() / "b", backbone), testing::test_factories(7));
      killed.train(/*stop_after_update=*/2);
      REQUIRE(killed.update() == 2);
    }
    auto resumed = PpoTrainer::resume(dir.path() / "b", testing::test_factories(7));
    REQUIRE(resumed->update() == 2);
    resumed->train();
    REQUIRE(resumed->global_step() == straight.global_step());
    auto a = straight.model()->named_parameters();
    auto b = resumed->model()->named_parameters();
    REQUIRE(a.size() == b.size());
    for (const auto& item : a) {
      INFO(backbone << " " << item.key());
      REQUIRE(torch::equal(item.value(), b[item.key()]));
    }
    REQUIRE(count_lines(dir.path() / "b" / "metrics.jsonl") == 4);
  }
}

TEST_CASE("A resumed run's metrics and episodes equal the uninterrupted run's", "[agents]") {
  // Killed after update 3, its last checkpoint at update 2: the rows of update 3 are logged
  // twice unless the resume drops them.
  testing::TempDir dir;
  PpoTrainer(tiny_options(dir.path() / "a", "mlp"), testing::test_factories(5)).train();
  PpoTrainer(tiny_options(dir.path() / "b", "mlp"), testing::test_factories(5))
      .train(/*stop_after_update=*/3);
  REQUIRE(count_lines(dir.path() / "b" / "metrics.jsonl") == 3);
  PpoTrainer::resume(dir.path() / "b", testing::test_factories(5))->train();
  CHECK(count_lines(dir.path() / "b" / "metrics.jsonl") == 4);
  CHECK(count_lines(dir.path() / "b" / "metrics.csv") == 5);  // with its header
  CHECK(read_text(dir.path() / "b" / "episodes.csv") ==
        read_text(dir.path() / "a" / "episodes.csv"));
}

TEST_CASE("A resumed run may run longer, but not change the experiment", "[agents]") {
  testing::TempDir dir;
  const auto run = dir.path() / "run";
  PpoTrainer(tiny_options(run, "mlp"), testing::test_factories()).train();
  REQUIRE_THROWS_WITH(PpoTrainer::resume(run, testing::test_factories(), {{"gamma", "0.9"}}),
                      Catch::Matchers::Contains("--gamma cannot change when resuming"));
  REQUIRE_THROWS_WITH(
      PpoTrainer::resume(run, testing::test_factories(), {{"total_timesteps", "many"}}),
      Catch::Matchers::Contains("--total-timesteps"));
  auto longer = PpoTrainer::resume(run, testing::test_factories(), {{"total_timesteps", "192"}});
  REQUIRE(longer->update() == 4);
  longer->train();
  CHECK(longer->global_step() == 192);
  CHECK(count_lines(run / "metrics.jsonl") == 6);
  CHECK(read_text(run / "config.ini").find("total-timesteps = 192") != std::string::npos);
}

TEST_CASE("Non-finite updates are skipped, then the run stops with a clear message", "[agents]") {
  testing::TempDir dir;
  auto o = tiny_options(dir.path() / "run", "mlp");
  o.checkpoint_interval = 1;
  o.max_failed_updates = 2;
  Factories factories = testing::test_factories();
  factories.make_env = [](const std::string&) { return std::make_unique<NanEnv>(16); };
  PpoTrainer trainer(o, factories);
  REQUIRE_THROWS_WITH(trainer.train(), Catch::Matchers::Contains("2 consecutive updates") &&
                                           Catch::Matchers::Contains("non-finite"));
  for (const auto& p : trainer.model()->parameters()) {
    REQUIRE(torch::isfinite(p).all().item<bool>());
  }
  // The latest checkpoint is a good one (finite parameters, loadable).
  auto s = read_checkpoint(dir.path() / "run" / kLatestCheckpoint, nullptr, nullptr);
  REQUIRE(s.update >= 1);
}

TEST_CASE("PPO runs on a real MuJoCo env and truncation happens at its time limit", "[agents]") {
  testing::TempDir dir;
  auto o = tiny_options(dir.path() / "run", "gru");
  o.env_id = "InvertedPendulum-v5:max_episode_steps=20";
  o.num_envs = 2;
  o.num_steps = 32;
  o.sequence_length = 8;
  o.total_timesteps = 2 * 2 * 32;
  Factories factories{[](const std::string& id) { return tlb::envs::make_env(id); },
                      testing::make_test_backbone};
  PpoTrainer trainer(o, factories);
  trainer.train();
  REQUIRE(trainer.global_step() == 128);
  // Every episode ends by falling or by the 20-step limit.
  std::ifstream episodes(dir.path() / "run" / "episodes.csv");
  std::string line;
  std::getline(episodes, line);
  int count = 0;
  while (std::getline(episodes, line)) {
    const auto length = std::stoll(line.substr(line.rfind(',') + 1));
    REQUIRE(length >= 1);
    REQUIRE(length <= 20);
    ++count;
  }
  REQUIRE(count >= 1);
}

TEST_CASE("A resumed run matches the uninterrupted one exactly with tlb and lstm backbones",
          "[agents]") {
  // The test doubles above keep this file quick; these are the real memory backbones, small,
  // whose state (slow latents, chunk cache, chunk position; LSTM cells) crosses the resume.
  auto factories = testing::test_factories(7);
  factories.make_backbone = [](const std::string& kind, int64_t input_dim,
                               const std::map<std::string, std::string>&) {
    if (kind == "tlb") {
      return tlb::make_backbone(kind, input_dim,
                                {{"width", "16"}, {"chunk", "4"}, {"latents", "2"}});
    }
    return tlb::make_backbone(kind, input_dim, {{"hidden", "16"}});
  };
  for (const std::string backbone : {"tlb", "lstm"}) {
    testing::TempDir dir;
    PpoTrainer straight(tiny_options(dir.path() / "a", backbone), factories);
    straight.train();
    PpoTrainer(tiny_options(dir.path() / "b", backbone), factories).train(/*stop_after_update=*/2);
    auto resumed = PpoTrainer::resume(dir.path() / "b", factories);
    resumed->train();
    auto a = straight.model()->named_parameters();
    auto b = resumed->model()->named_parameters();
    REQUIRE(a.size() == b.size());
    for (const auto& item : a) {
      INFO(backbone << " " << item.key());
      REQUIRE(torch::equal(item.value(), b[item.key()]));
    }
  }
}

TEST_CASE("Evaluating while training logs eval/return, keeps best.pt and resumes exactly",
          "[agents]") {
  testing::TempDir dir;
  auto with_eval = [&](const std::string& name) {
    PpoOptions o = tiny_options(dir.path() / name, "gru");
    o.eval_interval = 1;
    o.eval_episodes = 2;
    return o;
  };
  PpoTrainer straight(with_eval("a"), testing::test_factories(7));
  straight.train();
  PpoTrainer(with_eval("b"), testing::test_factories(7)).train(/*stop_after_update=*/3);
  auto resumed = PpoTrainer::resume(dir.path() / "b", testing::test_factories(7));
  resumed->train();
  auto a = straight.model()->named_parameters();
  auto b = resumed->model()->named_parameters();
  for (const auto& item : a) {
    INFO(item.key());
    REQUIRE(torch::equal(item.value(), b[item.key()]));
  }
  const std::string metrics = read_text(dir.path() / "a" / "metrics.csv");
  REQUIRE(metrics.find("eval/return") != std::string::npos);
  REQUIRE(std::filesystem::exists(dir.path() / "a" / "best.pt"));
  REQUIRE(std::filesystem::exists(dir.path() / "b" / "best.pt"));
  CHECK(std::isfinite(straight.best_evaluation()));
  CHECK(resumed->best_evaluation() == straight.best_evaluation());
  // Evaluations never touch the training envs or the run's generator: the same run without
  // them learns exactly the same parameters.
  PpoTrainer plain(tiny_options(dir.path() / "c", "gru"), testing::test_factories(7));
  plain.train();
  for (const auto& item : plain.model()->named_parameters()) {
    INFO(item.key());
    REQUIRE(torch::equal(item.value(), a[item.key()]));
  }
  CHECK(read_text(dir.path() / "c" / "metrics.csv").find("eval/return") == std::string::npos);
}

TEST_CASE("A resume refuses a latest.pt of another run and removes a killed run's temporaries",
          "[agents]") {
  testing::TempDir dir;
  PpoTrainer(tiny_options(dir.path() / "a", "mlp"), testing::test_factories()).train();
  PpoOptions other = tiny_options(dir.path() / "b", "mlp");
  other.seed = 4;
  PpoTrainer(other, testing::test_factories()).train(/*stop_after_update=*/2);
  // A temporary a kill left (pid 0 is never a process's: kill(0, 0) signals the group, so
  // use a pid beyond pid_max instead).
  const auto stale = dir.path() / "b" / ".checkpoint_000004.pt.tmp-99999999";
  std::ofstream(stale).flush();
  auto resumed = PpoTrainer::resume(dir.path() / "b", testing::test_factories());
  CHECK_FALSE(std::filesystem::exists(stale));
  CHECK(resumed->update() == 2);
  CHECK_FALSE(resumed->finished());
  std::filesystem::copy_file(dir.path() / "a" / "latest.pt", dir.path() / "b" / "latest.pt",
                             std::filesystem::copy_options::overwrite_existing);
  REQUIRE_THROWS_WITH(
      PpoTrainer::resume(dir.path() / "b", testing::test_factories()),
      Catch::Matchers::Contains("latest.pt belongs to another run") &&
          Catch::Matchers::Contains("latest.pt has seed = 3, config.ini has seed = 4"));
  CHECK(PpoTrainer::resume(dir.path() / "a", testing::test_factories())->finished());
}
