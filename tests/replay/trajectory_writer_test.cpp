// Tests replay/trajectory_writer.cpp and replay/trajectory_reader.cpp: a round trip of every
// field, appending, and refusing to overwrite.
#include <catch2/catch.hpp>

#include <filesystem>

#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

namespace {

void require_same_matrix(const Matrix& a, const Matrix& b) {
  REQUIRE(a.rows == b.rows);
  REQUIRE(a.cols == b.cols);
  REQUIRE(a.values == b.values);  // bit-exact: float64 on disk
}

void require_same_named(const std::vector<NamedMatrix>& a, const std::vector<NamedMatrix>& b) {
  REQUIRE(a.size() == b.size());
  for (const auto& field : a) {
    const auto it = std::find_if(b.begin(), b.end(),
                                 [&](const NamedMatrix& m) { return m.name == field.name; });
    REQUIRE(it != b.end());
    require_same_matrix(field.data, it->data);
  }
}

}  // namespace

TEST_CASE("Every field and metadata key survives a write and a read", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("run.h5");
  const Episode first = make_episode(7, 1.0, /*terminated=*/true);
  const Episode second = make_episode(12, 2.0);
  {
    TrajectoryWriter writer(path, make_metadata());
    CHECK(writer.append(first) == 0);
    CHECK(writer.append(second) == 1);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file(".run.h5.tlb-scratch")));
  const TrajectoryReader reader(path);
  const DatasetMetadata expected = make_metadata();
  const DatasetMetadata& m = reader.metadata();
  CHECK(m.dataset_id == expected.dataset_id);
  CHECK(m.env_spec == expected.env_spec);
  CHECK(m.observation_space == expected.observation_space);
  CHECK(m.action_space == expected.action_space);
  CHECK(m.algorithm_name == expected.algorithm_name);
  CHECK(m.task == expected.task);
  CHECK(m.model_hash == expected.model_hash);
  CHECK(m.mujoco_version == expected.mujoco_version);
  CHECK(m.policy_checkpoint == expected.policy_checkpoint);
  CHECK(m.policy_checkpoint_hash == expected.policy_checkpoint_hash);
  CHECK(m.seed == 42);
  CHECK(m.tlb_version == expected.tlb_version);
  CHECK(m.source == expected.source);
  CHECK(m.backbone == expected.backbone);
  CHECK(m.training_run == expected.training_run);
  CHECK(m.training_config == expected.training_config);
  CHECK(m.format_version == kTrajectoryFormatVersion);
  CHECK(m.total_episodes == 2);
  CHECK(m.total_steps == 19);
  REQUIRE(reader.num_episodes() == 2);
  CHECK(reader.observation_size() == 5);
  CHECK(reader.action_size() == 3);

  const Episode* written[] = {&first, &second};
  for (size_t i = 0; i < 2; ++i) {
    const Episode read = reader.read_episode(i);
    const Episode& w = *written[i];
    CHECK(read.id == static_cast<int64_t>(i));
    CHECK(read.seed == w.seed);
    require_same_matrix(read.observations, w.observations);
    require_same_matrix(read.actions, w.actions);
    CHECK(read.rewards == w.rewards);
    CHECK(read.terminations == w.terminations);
    CHECK(read.truncations == w.truncations);
    require_same_named(read.infos, w.infos);
    require_same_named(read.states, w.states);
  }
}

TEST_CASE("float32 storage rounds observations but keeps states exact", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("f32.h5");
  const Episode episode = make_episode(5, 0.3);
  TrajectoryWriterOptions options;
  options.storage.float_type = FloatType::kFloat32;
  TrajectoryWriter(path, make_metadata(), options).append(episode);
  const Episode read = TrajectoryReader(path).read_episode(0);
  CHECK(read.observations.values[3] ==
        static_cast<double>(static_cast<float>(episode.observations.values[3])));
  CHECK(read.observations.values != episode.observations.values);
  require_same_named(read.states, episode.states);
}

TEST_CASE("Appending continues after the last id and keeps the file's metadata", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("append.h5");
  TrajectoryWriter(path, make_metadata()).append(make_episode(3, 1.0));
  TrajectoryWriterOptions append;
  append.mode = OpenMode::kAppend;
  DatasetMetadata other = make_metadata();
  other.dataset_id = "ignored-on-append";
  {
    TrajectoryWriter writer(path, other, append);
    CHECK(writer.next_id() == 1);
    CHECK(writer.append(make_episode(4, 2.0)) == 1);
    CHECK(writer.append(make_episode(5, 3.0)) == 2);
  }
  const TrajectoryReader reader(path);
  REQUIRE(reader.num_episodes() == 3);
  CHECK(reader.metadata().dataset_id == make_metadata().dataset_id);
  CHECK(reader.metadata().total_steps == 12);
  CHECK(reader.read_episode(2).rewards == make_episode(5, 3.0).rewards);

  other.task = "Walker2d-v5";
  REQUIRE_THROWS_WITH(TrajectoryWriter(path, other, append),
                      Catch::Matchers::Contains("holds task 'Hopper-v5:ctrl_cost_weight=0.01'"));
}

TEST_CASE("Training stamps round-trip and discard_from removes trailing episodes durably",
          "[replay]") {
  TempDir dir;
  const std::string path = dir.file("discard.h5");
  {
    TrajectoryWriter writer(path, make_metadata());
    for (int k = 0; k < 4; ++k) {
      Episode e = make_episode(3 + k, 1.0 + k);
      e.global_step = 100 * (k + 1);
      e.env_index = k % 2;
      writer.append(e);
    }
    writer.append(make_episode(2, 9.0));  // unstamped
  }
  {
    const TrajectoryReader reader(path);
    REQUIRE(reader.num_episodes() == 5);
    CHECK(reader.summary(2).global_step == std::optional<int64_t>(300));
    CHECK(reader.read_episode(3).env_index == std::optional<int64_t>(1));
    CHECK_FALSE(reader.summary(4).global_step.has_value());
    CHECK_FALSE(reader.read_episode(4).env_index.has_value());
  }
  TrajectoryWriterOptions append;
  append.mode = OpenMode::kAppend;
  {
    TrajectoryWriter writer(path, make_metadata(), append);
    CHECK(writer.discard_from(2) == 3);
    CHECK(writer.next_id() == 2);
    CHECK(writer.discard_from(7) == 0);
    // The ids continue where the kept episodes end, over the removed names.
    CHECK(writer.append(make_episode(6, 5.0)) == 2);
  }
  CHECK_FALSE(std::filesystem::exists(dir.file(".discard.h5.tlb-scratch")));
  const TrajectoryReader reader(path);
  REQUIRE(reader.num_episodes() == 3);
  CHECK(reader.metadata().total_episodes == 3);
  CHECK(reader.metadata().total_steps == 3 + 4 + 6);
  CHECK(reader.summary(2).id == 2);
  CHECK(reader.read_episode(2).rewards == make_episode(6, 5.0).rewards);
  CHECK(reader.read_episode(1).rewards == make_episode(4, 2.0).rewards);
}

TEST_CASE("An existing file is never overwritten unless asked", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("keep.h5");
  TrajectoryWriter(path, make_metadata()).append(make_episode(3, 1.0));
  REQUIRE_THROWS_WITH(TrajectoryWriter(path, make_metadata()),
                      Catch::Matchers::Contains("refusing to overwrite"));
  CHECK(TrajectoryReader(path).num_episodes() == 1);

  TrajectoryWriterOptions overwrite;
  overwrite.mode = OpenMode::kOverwrite;
  TrajectoryWriter(path, make_metadata(), overwrite);
  CHECK(TrajectoryReader(path).num_episodes() == 0);
}

TEST_CASE("An episode with inconsistent shapes is rejected and nothing is written", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("bad.h5");
  TrajectoryWriter writer(path, make_metadata());
  Episode bad = make_episode(4, 1.0);
  bad.rewards.pop_back();
  REQUIRE_THROWS_WITH(writer.append(bad),
                      Catch::Matchers::Contains("rewards has 3 rows, expected 4"));
  CHECK(writer.append(make_episode(2, 1.0)) == 0);
  writer.close();
  CHECK(TrajectoryReader(path).num_episodes() == 1);
}

TEST_CASE("In-place mode (no scratch copy) writes the same layout", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("inplace.h5");
  TrajectoryWriterOptions options;
  options.atomic_episodes = false;
  {
    TrajectoryWriter writer(path, make_metadata(), options);
    writer.append(make_episode(3, 1.0));
    writer.append(make_episode(6, 2.0));
  }
  const TrajectoryReader reader(path);
  REQUIRE(reader.num_episodes() == 2);
  CHECK(reader.read_episode(1).actions.values == make_episode(6, 2.0).actions.values);
}
