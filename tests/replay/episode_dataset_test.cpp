// Tests replay/episode_dataset.cpp: windows aligned to episode starts, a split by episode,
// seeded shuffles, returns-to-go, and episodes read lazily through a bounded cache.
#include <catch2/catch.hpp>

#include <set>

#include "replay/episode_dataset.h"
#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

namespace {

// Counts the episodes read from the file.
class CountingSource : public EpisodeSource {
 public:
  CountingSource(std::unique_ptr<EpisodeSource> inner, size_t* reads)
      : inner_(std::move(inner)), reads_(reads) {}
  const std::string& path() const override { return inner_->path(); }
  std::string layout() const override { return inner_->layout(); }
  const DatasetMetadata& metadata() const override { return inner_->metadata(); }
  size_t num_episodes() const override { return inner_->num_episodes(); }
  size_t episode_steps(size_t i) const override { return inner_->episode_steps(i); }
  Episode read_episode(size_t i) const override {
    ++*reads_;
    return inner_->read_episode(i);
  }

 private:
  std::unique_ptr<EpisodeSource> inner_;
  size_t* reads_;
};

std::string write_file(const TempDir& dir, size_t episodes) {
  const std::string path = dir.file("data.h5");
  TrajectoryWriterOptions options;
  options.atomic_episodes = false;
  TrajectoryWriter writer(path, make_metadata(), options);
  for (size_t i = 0; i < episodes; ++i) writer.append(make_episode(5 + i, static_cast<double>(i)));
  return path;
}

}  // namespace

TEST_CASE("Windows start at 0, W, 2W of each episode and cover it once", "[replay]") {
  TempDir dir;
  const std::string path = write_file(dir, 10);  // episodes of 5..14 steps
  EpisodeDatasetOptions options;
  options.window_length = 4;
  options.validation_fraction = 0.2;
  options.seed = 7;
  EpisodeDataset dataset(std::make_unique<TrajectoryReader>(path), options);
  const auto& train = dataset.episodes(Split::kTrain);
  const auto& validation = dataset.episodes(Split::kValidation);
  CHECK(train.size() == 8);
  CHECK(validation.size() == 2);
  std::set<size_t> all(train.begin(), train.end());
  for (size_t e : validation) CHECK(all.insert(e).second);  // disjoint
  CHECK(all.size() == 10);

  const auto windows = dataset.windows(Split::kTrain, 0);
  size_t covered = 0;
  for (const auto& w : windows) {
    CHECK(w.start % 4 == 0);
    CHECK(all.count(w.episode) == 1);
    CHECK(std::find(validation.begin(), validation.end(), w.episode) == validation.end());
    covered += w.length;
  }
  size_t expected = 0;
  for (size_t e : train) expected += 5 + e;
  CHECK(covered == expected);
  // Same seed and epoch: same order; another epoch: another order.
  const auto again = dataset.windows(Split::kTrain, 0);
  const auto next = dataset.windows(Split::kTrain, 1);
  auto key = [](const std::vector<WindowRef>& v) {
    std::vector<std::pair<size_t, size_t>> k;
    for (const auto& w : v) k.emplace_back(w.episode, w.start);
    return k;
  };
  CHECK(key(again) == key(windows));
  CHECK(key(next) != key(windows));
}

TEST_CASE("A window holds its episode's rows and returns-to-go", "[replay]") {
  TempDir dir;
  const std::string path = write_file(dir, 3);
  EpisodeDatasetOptions options;
  options.window_length = 4;
  options.validation_fraction = 0;
  EpisodeDataset dataset(std::make_unique<TrajectoryReader>(path), options);
  const Episode e = make_episode(7, 2.0);  // episode 2
  const Window w = dataset.read({2, 4, 3});
  CHECK(w.observations.rows == 4);
  CHECK(w.observations.row(0)[0] == e.observations.row(4)[0]);
  CHECK(w.observations.row(3)[4] == e.observations.row(7)[4]);
  CHECK(w.actions.row(2)[1] == e.actions.row(6)[1]);
  CHECK(w.rewards == std::vector<double>(e.rewards.begin() + 4, e.rewards.end()));
  CHECK(w.returns_to_go[0] == Approx(e.rewards[4] + e.rewards[5] + e.rewards[6]));
  CHECK(w.truncations.back() == 1);
  const Window head = dataset.read({2, 0, 4});
  CHECK(head.returns_to_go[0] == Approx(e.total_reward()));
  REQUIRE_THROWS_AS(dataset.read({2, 4, 4}), std::out_of_range);
}

TEST_CASE("Episodes are read lazily through a bounded cache", "[replay]") {
  TempDir dir;
  const std::string path = write_file(dir, 12);
  size_t reads = 0;
  EpisodeDatasetOptions options;
  options.window_length = 2;
  options.validation_fraction = 0;
  options.cache_episodes = 2;
  EpisodeDataset dataset(
      std::make_unique<CountingSource>(std::make_unique<TrajectoryReader>(path), &reads), options);
  CHECK(reads == 0);  // building the view reads no episode
  dataset.read({3, 0, 2});
  dataset.read({3, 2, 2});
  dataset.read({3, 4, 1});
  CHECK(reads == 1);  // the cache serves the same episode
  for (size_t e = 0; e < 12; ++e) dataset.read({e, 0, 2});
  // Episode 3 was evicted by 1 and 2 before the loop came back to it: 12 more reads.
  CHECK(reads == 13);
  dataset.read({11, 0, 2});
  CHECK(reads == 13);  // the last one read is still cached
  dataset.read({0, 0, 2});
  CHECK(reads == 14);  // 0 was evicted long ago: at most 2 episodes are held
}
