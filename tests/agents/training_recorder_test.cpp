// Tests agents/training_recorder.cpp through agents/ppo.cpp (tlb train --record): the file holds
// every episode the run finished (as episodes.csv lists them), each durable when it ends, each
// re-simulating with deviation exactly 0 and the logged return; a resumed run drops what it
// plays again; existing files are never clobbered.
#include "agents/training_recorder.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "agents/ppo.h"
#include "doubles.h"
#include "envs/registry.h"
#include "replay/resimulate.h"
#include "replay/trajectory_reader.h"
#include "temp_dir.h"

using namespace tlb::agents;
using tlb::replay::Episode;
using tlb::replay::TrajectoryReader;

namespace {

// InvertedPendulum with an 8-step limit: episodes end by falling and by truncation, and a
// 32-step segment cuts some short (checkpoint_interval 1 resets every update).
PpoOptions recording_options(const std::filesystem::path& dir, const std::string& name) {
  PpoOptions o;
  o.run_dir = (dir / name).string();
  o.record = (dir / (name + ".h5")).string();
  o.env_id = "InvertedPendulum-v5:max_episode_steps=8";
  o.backbone = "mlp";
  o.num_envs = 2;
  o.num_steps = 32;
  o.num_minibatches = 2;
  o.update_epochs = 1;
  o.total_timesteps = 3 * 2 * 32;
  o.checkpoint_interval = 1;
  o.threads = 1;
  o.device = "cpu";
  o.seed = 3;
  return o;
}

Factories mujoco_factories() {
  return {[](const std::string& id) { return tlb::envs::make_env(id); },
          testing::make_test_backbone};
}

struct LoggedEpisode {
  int64_t global_step;
  double ret;
  int64_t length;
};

std::vector<LoggedEpisode> read_episodes_csv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<LoggedEpisode> rows;
  while (std::getline(in, line)) {
    std::replace(line.begin(), line.end(), ',', ' ');
    std::istringstream fields(line);
    LoggedEpisode e{};
    fields >> e.global_step >> e.ret >> e.length;
    rows.push_back(e);
  }
  return rows;
}

// Steps a fresh env from the recorded initial state with the recorded actions and checks the
// recorded observations are the env's raw ones, exactly.
void check_raw_observations(const Episode& episode, tlb::envs::Env& env) {
  tlb::envs::MujocoEnv& sim = *env.mujoco();
  env.reset(episode.seed);
  tlb::envs::StateSnapshot s;
  auto row = [&](const std::string& name) {
    const auto* m = episode.state(name);
    REQUIRE(m != nullptr);
    return std::vector<double>(m->row(0), m->row(0) + m->cols);
  };
  s.qpos = row("qpos");
  s.qvel = row("qvel");
  s.act = row("act");
  s.ctrl = row("ctrl");
  s.qacc_warmstart = row("qacc_warmstart");
  s.time = row("time")[0];
  sim.set_state(s);
  const auto first = sim.current_observation();
  REQUIRE(std::equal(first.begin(), first.end(), episode.observations.row(0)));
  const auto& box = env.action_space();
  for (size_t t = 0; t < episode.steps(); ++t) {
    std::vector<double> action(episode.actions.row(t),
                               episode.actions.row(t) + episode.actions.cols);
    for (size_t j = 0; j < action.size(); ++j) {
      REQUIRE(action[j] >= box.low[j]);  // what the env received: clipped
      REQUIRE(action[j] <= box.high[j]);
    }
    const auto step = env.step(action);
    REQUIRE(std::equal(step.observation.begin(), step.observation.end(),
                       episode.observations.row(t + 1)));
    REQUIRE(step.reward == episode.rewards[t]);
  }
}

}  // namespace

TEST_CASE("tlb train --record writes every finished episode, each re-simulating exactly",
          "[agents]") {
  testing::TempDir dir;
  const PpoOptions options = recording_options(dir.path(), "run");
  PpoTrainer trainer(options, mujoco_factories());
  trainer.train(/*stop_after_update=*/1);
  {
    // Durable while the run goes on: the file already holds every episode finished so far.
    const auto logged = read_episodes_csv(dir.path() / "run" / "episodes.csv");
    REQUIRE(!logged.empty());
    CHECK(TrajectoryReader(options.record).num_episodes() == logged.size());
  }
  trainer.train();
  REQUIRE(trainer.recorder() != nullptr);

  const auto logged = read_episodes_csv(dir.path() / "run" / "episodes.csv");
  const TrajectoryReader reader(options.record);
  REQUIRE(reader.num_episodes() == logged.size());
  REQUIRE(trainer.recorder()->episodes_written() == static_cast<int64_t>(logged.size()));
  REQUIRE(logged.size() >= 6);

  const auto& m = reader.metadata();
  CHECK(m.task == options.env_id);
  CHECK(m.source == "training");
  CHECK(m.algorithm_name == "ppo-mlp");
  CHECK(m.backbone == "mlp");
  CHECK(m.dataset_id == "invertedpendulum_v5-ppo-mlp-replay-v0");  // Minari's <env>-<name>-vN
  CHECK(m.training_run == trainer.run_dir().string());
  CHECK(m.training_config.find("record = " + options.record) != std::string::npos);
  CHECK(m.policy_checkpoint.empty());
  CHECK(m.policy_checkpoint_hash.empty());
  CHECK(m.seed == 3);
  CHECK_FALSE(m.model_hash.empty());
  CHECK_FALSE(m.mujoco_version.empty());
  CHECK_FALSE(m.tlb_version.empty());
  CHECK(m.total_steps <= trainer.global_step());

  auto env = tlb::replay::make_recorded_env(reader);
  CHECK(tlb::replay::replay_warnings(reader, *env).empty());
  size_t terminated = 0, truncated = 0;
  for (size_t i = 0; i < reader.num_episodes(); ++i) {
    INFO("episode " << i);
    const Episode episode = reader.read_episode(i);
    const size_t t = episode.steps();
    REQUIRE(static_cast<int64_t>(t) == logged[i].length);
    CHECK(episode.global_step == std::optional<int64_t>(logged[i].global_step));
    REQUIRE(episode.env_index.has_value());
    // The logged return is written with 9 significant digits.
    CHECK(episode.total_reward() == Approx(logged[i].ret).epsilon(1e-8));
    // Only the last step ends the episode.
    for (size_t k = 0; k + 1 < t; ++k) {
      REQUIRE(episode.terminations[k] == 0);
      REQUIRE(episode.truncations[k] == 0);
    }
    REQUIRE((episode.terminations[t - 1] || episode.truncations[t - 1]));
    terminated += episode.terminations[t - 1];
    truncated += episode.truncations[t - 1];

    const auto replay = tlb::replay::resimulate_episode(reader, i, *env);
    CHECK(replay.max_qpos_deviation == 0.0);
    CHECK(replay.max_qvel_deviation == 0.0);
    CHECK(replay.flag_mismatches == 0);
    CHECK(replay.replayed_return == replay.recorded_return);
    CHECK_FALSE(replay.drifted);
    check_raw_observations(episode, *env);
  }
  // Both kinds of ending occurred, so both went through the auto-reset capture.
  CHECK(terminated > 0);
  CHECK(truncated > 0);
}

TEST_CASE("A resumed recording run drops what it plays again and equals the uninterrupted one",
          "[agents]") {
  testing::TempDir dir;
  PpoOptions straight_options = recording_options(dir.path(), "a");
  straight_options.checkpoint_interval = 2;
  straight_options.total_timesteps = 4 * 2 * 32;
  PpoTrainer straight(straight_options, mujoco_factories());
  straight.train();

  PpoOptions killed_options = straight_options;
  killed_options.run_dir = (dir.path() / "b").string();
  killed_options.record = (dir.path() / "b.h5").string();
  size_t before_resume = 0;
  {
    // A kill after update 3: the checkpoint is from update 2, the file holds update 3 too.
    PpoTrainer killed(killed_options, mujoco_factories());
    killed.train(/*stop_after_update=*/3);
    before_resume = TrajectoryReader(killed_options.record).num_episodes();
  }
  auto resumed = PpoTrainer::resume(dir.path() / "b", mujoco_factories());
  REQUIRE(resumed->recorder() != nullptr);
  CHECK(resumed->recorder()->discarded_on_resume() > 0);
  CHECK(TrajectoryReader(killed_options.record).num_episodes() ==
        before_resume - resumed->recorder()->discarded_on_resume());
  resumed->train();

  const TrajectoryReader a(straight_options.record), b(killed_options.record);
  REQUIRE(b.num_episodes() == a.num_episodes());
  for (size_t i = 0; i < a.num_episodes(); ++i) {
    INFO("episode " << i);
    const Episode x = a.read_episode(i), y = b.read_episode(i);
    CHECK(y.id == x.id);
    CHECK(y.global_step == x.global_step);
    CHECK(y.actions.values == x.actions.values);
    CHECK(y.rewards == x.rewards);
    CHECK(y.observations.values == x.observations.values);
  }
}

TEST_CASE("tlb train --record never clobbers an existing file unless asked", "[agents]") {
  testing::TempDir dir;
  PpoOptions first = recording_options(dir.path(), "one");
  first.total_timesteps = 2 * 32;
  PpoTrainer(first, mujoco_factories()).train();
  const size_t episodes = TrajectoryReader(first.record).num_episodes();
  REQUIRE(episodes > 0);

  PpoOptions second = first;
  second.run_dir = (dir.path() / "two").string();
  REQUIRE_THROWS_WITH(PpoTrainer(second, mujoco_factories()),
                      Catch::Matchers::Contains("exists; add --record-overwrite"));
  CHECK(TrajectoryReader(first.record).num_episodes() == episodes);
  // Appending a second run to a file of another run would mix their episodes on resume.
  second.record_append = true;
  REQUIRE_THROWS_WITH(PpoTrainer(second, mujoco_factories()),
                      Catch::Matchers::Contains("already holds episodes of a training run"));
  second.record_append = false;
  second.record_overwrite = true;
  {
    PpoTrainer overwriting(second, mujoco_factories());
    CHECK(TrajectoryReader(first.record).num_episodes() == 0);
    CHECK(TrajectoryReader(first.record).metadata().training_run == second.run_dir);
  }

  // Envs without a MuJoCo simulation cannot be recorded.
  PpoOptions point = first;
  point.run_dir = (dir.path() / "point").string();
  point.record = (dir.path() / "point.h5").string();
  REQUIRE_THROWS_WITH(PpoTrainer(point, testing::test_factories()),
                      Catch::Matchers::Contains("has no MuJoCo simulation to record"));
}
