// Tests replay/recorder.cpp and replay/resimulate.cpp on Hopper-v5: a recording re-simulates
// bit for bit with the same binary, a disturbed one is reported as drift, and a differing
// model hash is warned about.
#include <catch2/catch.hpp>

#include "envs/registry.h"
#include "replay/recorder.h"
#include "replay/resimulate.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::TempDir;

namespace {

std::string record_hopper(const TempDir& dir, size_t episodes) {
  const std::string path = dir.file("hopper.h5");
  auto env = tlb::envs::make_env("Hopper-v5:max_episode_steps=60");
  tlb::envs::UniformRandomPolicy policy(env->action_space());
  RecordOptions options;
  options.episodes = episodes;
  options.seed = 11;
  options.writer.sync_to_disk = false;
  const RecordSummary summary = record_episodes(*env, policy, path, options);
  REQUIRE(summary.ids.size() == episodes);
  return path;
}

}  // namespace

TEST_CASE("A recording holds the states and metadata re-simulation needs", "[replay]") {
  TempDir dir;
  const TrajectoryReader reader(record_hopper(dir, 2));
  const DatasetMetadata& m = reader.metadata();
  CHECK(m.task == "Hopper-v5:max_episode_steps=60");
  CHECK(m.model_hash.size() == 16);
  CHECK(m.mujoco_version == mj_versionString());
  CHECK(m.algorithm_name == "random");
  CHECK(m.env_spec.find("\"max_episode_steps\": 60") != std::string::npos);
  const Episode e = reader.read_episode(1);
  CHECK(e.seed == 12u);
  CHECK(e.observations.cols == 11);
  CHECK(e.actions.cols == 3);
  for (const char* name : {"qpos", "qvel", "act", "ctrl", "qacc_warmstart", "time"}) {
    INFO(name);
    REQUIRE(e.state(name) != nullptr);
    CHECK(e.state(name)->rows == e.steps() + 1);
  }
  CHECK(e.state("qpos")->cols == 6);
  CHECK(e.state("time")->row(e.steps())[0] > e.state("time")->row(0)[0]);
  CHECK(e.terminations.back() + e.truncations.back() == 1);
}

TEST_CASE("Re-simulating with the same binary deviates by exactly 0", "[replay]") {
  TempDir dir;
  const TrajectoryReader reader(record_hopper(dir, 3));
  auto env = make_recorded_env(reader);
  CHECK(replay_warnings(reader, *env).empty());
  size_t frames = 0;
  ResimulateOptions options;
  options.on_step = [&](tlb::envs::MujocoEnv&, size_t) { ++frames; };
  size_t steps = 0;
  for (size_t i = 0; i < reader.num_episodes(); ++i) {
    const EpisodeReplay r = resimulate_episode(reader, i, *env, options);
    CHECK(r.max_qpos_deviation == 0.0);
    CHECK(r.max_qvel_deviation == 0.0);
    CHECK(r.replayed_return == r.recorded_return);
    CHECK(r.flag_mismatches == 0);
    CHECK_FALSE(r.drifted);
    steps += r.steps;
  }
  CHECK(frames == steps + reader.num_episodes());
}

TEST_CASE("A disturbed initial state is reported as drift, and a model change is warned about",
          "[replay]") {
  TempDir dir;
  const std::string path = record_hopper(dir, 1);
  TrajectoryReader original(path);
  Episode e = original.read_episode(0);
  // Rewrite the file with qpos[0][2] (the torso angle) nudged by 1e-9.
  const std::string nudged = dir.file("nudged.h5");
  {
    DatasetMetadata m = original.metadata();
    m.model_hash = "0000000000000000";
    TrajectoryWriterOptions options;
    options.sync_to_disk = false;
    TrajectoryWriter writer(nudged, m, options);
    for (auto& field : e.states) {
      if (field.name == "qpos") field.data.row(0)[2] += 1e-9;
    }
    writer.append(e);
  }
  const TrajectoryReader reader(nudged);
  auto env = make_recorded_env(reader);
  const auto warnings = replay_warnings(reader, *env);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0].find("model hash differs") != std::string::npos);
  const EpisodeReplay strict = resimulate_episode(reader, 0, *env);
  CHECK(strict.max_qpos_deviation > 0.0);
  CHECK(strict.drifted);
  ResimulateOptions loose;
  loose.tolerance = 1e-3;
  CHECK_FALSE(resimulate_episode(reader, 0, *env, loose).drifted);
}

// Rewrites `path`'s first episode into `out` after `edit`.
template <typename Edit>
std::string rewrite(const TempDir& dir, const std::string& path, const std::string& out,
                    Edit edit) {
  const TrajectoryReader original(path);
  Episode e = original.read_episode(0);
  edit(e);
  TrajectoryWriterOptions options;
  options.sync_to_disk = false;
  TrajectoryWriter(dir.file(out), original.metadata(), options).append(e);
  return dir.file(out);
}

TEST_CASE("An edited reward or observation is a DRIFT at its step, the states equal", "[replay]") {
  TempDir dir;
  const std::string path = record_hopper(dir, 1);
  const std::string reward =
      rewrite(dir, path, "reward.h5", [](Episode& e) { e.rewards[4] += 1e-12; });
  const std::string observation =
      rewrite(dir, path, "observation.h5", [](Episode& e) { e.observations.row(7)[3] = 0.5; });
  const std::string reset =
      rewrite(dir, path, "reset.h5", [](Episode& e) { e.observations.row(0)[0] += 1e-9; });
  const std::string flag = rewrite(dir, path, "flag.h5", [](Episode& e) { e.terminations[2] = 1; });
  const std::pair<std::string, std::pair<size_t, const char*>> cases[] = {
      {reward, {4, "reward"}},
      {observation, {6, "observation"}},
      {reset, {0, "reset observation"}},
      {flag, {2, "terminated"}}};
  for (const auto& [file, where] : cases) {
    INFO(file);
    const TrajectoryReader reader(file);
    auto env = make_recorded_env(reader);
    const EpisodeReplay r = resimulate_episode(reader, 0, *env);
    CHECK(r.max_qpos_deviation == 0.0);
    CHECK(r.max_qvel_deviation == 0.0);
    CHECK(r.drifted);
    REQUIRE(r.first_drift_step.has_value());
    CHECK(*r.first_drift_step == where.first);
    CHECK(r.first_drift_quantity == where.second);
  }
  const TrajectoryReader edited(reward);
  auto env = make_recorded_env(edited);
  CHECK(resimulate_episode(edited, 0, *env).max_reward_deviation == Approx(1e-12).margin(1e-13));
  const TrajectoryReader untouched(path);
  const EpisodeReplay same = resimulate_episode(untouched, 0, *env);
  CHECK_FALSE(same.drifted);
  CHECK(same.max_observation_deviation == 0.0);
  CHECK(same.max_reward_deviation == 0.0);
}

TEST_CASE("Re-simulation needs the recorded task", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("taskless.h5");
  TrajectoryWriter(path, DatasetMetadata{}).append(tlb::replay::testing::make_episode(3, 1.0));
  REQUIRE_THROWS_WITH(make_recorded_env(TrajectoryReader(path)),
                      Catch::Matchers::Contains("names no task"));
}
