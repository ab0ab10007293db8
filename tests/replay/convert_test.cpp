// Tests replay/convert.cpp: Minari -> D4RL -> Minari keeps every transition, the episode
// boundaries and the states' qpos/qvel; existing outputs are kept unless asked.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

#include "envs/registry.h"
#include "replay/convert.h"
#include "replay/d4rl_reader.h"
#include "replay/recorder.h"
#include "replay/resimulate.h"
#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

TEST_CASE("Minari -> D4RL -> Minari keeps transitions and boundaries", "[replay]") {
  TempDir dir;
  const std::string minari = dir.file("ours.h5");
  std::vector<Episode> written = {make_episode(6, 1.0, true), make_episode(4, 2.0),
                                  make_episode(5, 3.0)};
  written[1].truncations.back() = 0;  // ended with neither flag: the converter marks a timeout
  {
    TrajectoryWriter writer(minari, make_metadata());
    for (const auto& e : written) writer.append(e);
  }
  const std::string d4rl = dir.file("flat.hdf5");
  CHECK(convert_to_d4rl(TrajectoryReader(minari), d4rl) == 15);
  const D4rlReader flat(d4rl);
  REQUIRE(flat.num_episodes() == 3);
  CHECK(flat.has_next_observations());
  CHECK(flat.transitions() == 15);

  const std::string back = dir.file("back.h5");
  CHECK(convert_to_minari(flat, back) == 3);
  const TrajectoryReader reader(back);
  REQUIRE(reader.num_episodes() == 3);
  for (size_t i = 0; i < 3; ++i) {
    const Episode e = reader.read_episode(i);
    const Episode& w = written[i];
    REQUIRE(e.steps() == w.steps());
    for (size_t k = 0; k < w.observations.values.size(); ++k) {
      CHECK(e.observations.values[k] == static_cast<float>(w.observations.values[k]));
    }
    CHECK(e.actions.values[2] == static_cast<float>(w.actions.values[2]));
    CHECK(e.rewards.back() == static_cast<float>(w.rewards.back()));
    CHECK(e.terminations == w.terminations);
    // The simulator state travels through D4RL's infos/qpos in float64 and comes back a state.
    const Matrix* qpos = e.state("qpos");
    REQUIRE(qpos != nullptr);
    CHECK(qpos->row(1)[2] == w.state("qpos")->row(1)[2]);
    CHECK(std::none_of(e.infos.begin(), e.infos.end(),
                       [](const NamedMatrix& m) { return m.name == "qpos"; }));
  }
  CHECK(reader.read_episode(1).truncations.back() == 1);
  CHECK(reader.metadata().task == make_metadata().task);
}

TEST_CASE("Convert refuses to overwrite and leaves no partial file on failure", "[replay]") {
  TempDir dir;
  const std::string minari = dir.file("ours.h5");
  TrajectoryWriter(minari, make_metadata()).append(make_episode(3, 1.0));
  const std::string d4rl = dir.file("flat.hdf5");
  convert_to_d4rl(TrajectoryReader(minari), d4rl);
  REQUIRE_THROWS_WITH(convert_to_d4rl(TrajectoryReader(minari), d4rl),
                      Catch::Matchers::Contains("refusing to overwrite"));
  ConvertOptions overwrite;
  overwrite.overwrite = true;
  CHECK(convert_to_d4rl(TrajectoryReader(minari), d4rl, overwrite) == 3);
  size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  CHECK(files == 2);
}

TEST_CASE("D4RL -> Minari keeps the spaces and states: the round trip re-simulates", "[replay]") {
  TempDir dir;
  const std::string recorded = dir.file("hopper.h5");
  auto env = tlb::envs::make_env("Hopper-v5:max_episode_steps=40");
  tlb::envs::UniformRandomPolicy policy(env->action_space());
  RecordOptions options;
  options.episodes = 2;
  options.seed = 3;
  options.writer.sync_to_disk = false;
  record_episodes(*env, policy, recorded, options);
  const std::string d4rl = dir.file("flat.hdf5");
  convert_to_d4rl(TrajectoryReader(recorded), d4rl);
  const std::string back = dir.file("back.h5");
  REQUIRE(convert_to_minari(D4rlReader(d4rl), back) == 2);
  const TrajectoryReader reader(back);
  CHECK(reader.metadata().observation_space ==
        TrajectoryReader(recorded).metadata().observation_space);
  CHECK(reader.metadata().action_space == TrajectoryReader(recorded).metadata().action_space);
  CHECK(reader.stored_as_float32("observations"));  // D4RL's float32, now float64 values
  // D4RL stores actions as float32: the re-simulation applies the rounded actions, so the
  // states differ from the recording by that rounding's effect, small over 40 steps.
  auto replay_env = make_recorded_env(reader);
  ResimulateOptions loose;
  loose.tolerance = 1e-3;
  for (size_t i = 0; i < reader.num_episodes(); ++i) {
    INFO("episode " << i);
    const EpisodeReplay r = resimulate_episode(reader, i, *replay_env, loose);
    CHECK(r.steps == TrajectoryReader(recorded).episode_steps(i));
    CHECK(r.max_qpos_deviation < 1e-3);
    CHECK(r.max_qvel_deviation < 1e-3);
    CHECK(r.max_observation_deviation < 1e-3);
    CHECK(r.notes.empty());  // every state field came through
    CHECK_FALSE(r.drifted);
  }
}

TEST_CASE("Conversion refuses non-finite values unless asked", "[replay]") {
  TempDir dir;
  const std::string minari = dir.file("nan.h5");
  Episode e = make_episode(5, 1.0);
  e.rewards[3] = NAN;
  TrajectoryWriter(minari, make_metadata()).append(e);
  REQUIRE_THROWS_WITH(convert_to_d4rl(TrajectoryReader(minari), dir.file("flat.hdf5")),
                      Catch::Matchers::Contains("rewards[3] is nan") &&
                          Catch::Matchers::Contains("--allow-nonfinite"));
  CHECK_FALSE(std::filesystem::exists(dir.file("flat.hdf5")));
  ConvertOptions allow;
  allow.allow_nonfinite = true;
  CHECK(convert_to_d4rl(TrajectoryReader(minari), dir.file("flat.hdf5"), allow) == 5);
}
