// Tests replay/shuffled_episode_reader.cpp: every episode once per pass, in a seeded random
// order, never more than the buffer read ahead, and read errors reach the consumer.
#include "replay/shuffled_episode_reader.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <stdexcept>

#include "replay_test_support.h"

using namespace tlb::replay;

namespace {

// Episodes made in memory; episode i has i + 1 steps. Counts reads; fails at `bad` if set.
class MemorySource : public EpisodeSource {
 public:
  explicit MemorySource(size_t n, long bad = -1) : n_(n), bad_(bad) {}
  const std::string& path() const override { return path_; }
  std::string layout() const override { return "memory"; }
  const DatasetMetadata& metadata() const override { return metadata_; }
  size_t num_episodes() const override { return n_; }
  size_t episode_steps(size_t index) const override { return index + 1; }
  Episode read_episode(size_t index) const override {
    if (static_cast<long>(index) == bad_) throw std::runtime_error("unreadable episode");
    ++reads;
    Episode e = testing::make_episode(index + 1, static_cast<double>(index));
    e.id = static_cast<int64_t>(index);
    return e;
  }
  mutable std::atomic<size_t> reads{0};

 private:
  size_t n_;
  long bad_;
  std::string path_ = "memory";
  DatasetMetadata metadata_;
};

std::vector<EpisodeRef> all_of(size_t source, size_t n) {
  std::vector<EpisodeRef> refs;
  for (size_t i = 0; i < n; ++i) refs.push_back({source, i});
  return refs;
}

std::vector<int64_t> drain(ShuffledEpisodeReader& reader) {
  std::vector<int64_t> ids;
  while (auto e = reader.next()) ids.push_back(e->id);
  return ids;
}

}  // namespace

TEST_CASE("ShuffledEpisodeReader hands out every episode once, in a seeded order", "[replay]") {
  MemorySource a(20), b(5);
  std::vector<EpisodeRef> refs = all_of(0, 20);
  for (const auto& r : all_of(1, 5)) refs.push_back(r);
  ShuffledEpisodeReader first({&a, &b}, refs, 4, 9);
  const auto ids = drain(first);
  REQUIRE(ids.size() == 25);
  CHECK(first.next() == nullptr);  // and stays done
  std::multiset<int64_t> seen(ids.begin(), ids.end());
  for (int64_t i = 0; i < 5; ++i) CHECK(seen.count(i) == 2);  // in both sources
  for (int64_t i = 5; i < 20; ++i) CHECK(seen.count(i) == 1);

  ShuffledEpisodeReader again({&a, &b}, refs, 4, 9);
  CHECK(drain(again) == ids);
  ShuffledEpisodeReader other({&a, &b}, refs, 4, 10);
  CHECK(drain(other) != ids);
  std::vector<int64_t> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  CHECK(sorted != ids);
}

TEST_CASE("ShuffledEpisodeReader reads at most its buffer ahead of the consumer", "[replay]") {
  MemorySource source(30);
  ShuffledEpisodeReader reader({&source}, all_of(0, 30), 3, 1);
  size_t handed = 0;
  while (reader.next()) {
    ++handed;
    // Give the reading thread time to run ahead as far as it may.
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    CHECK(source.reads.load() <= handed + 3 + 1);  // the buffer plus the one being read
  }
  CHECK(handed == 30);
}

TEST_CASE("ShuffledEpisodeReader passes a read error to the consumer", "[replay]") {
  MemorySource source(6, /*bad=*/4);
  ShuffledEpisodeReader reader({&source}, all_of(0, 6), 2, 3);
  CHECK_THROWS_WITH(drain(reader), "unreadable episode");
  CHECK_THROWS_AS(ShuffledEpisodeReader({&source}, {{0, 6}}, 2, 3), std::out_of_range);
  CHECK_THROWS_AS(ShuffledEpisodeReader({&source}, all_of(0, 6), 0, 3), std::invalid_argument);
}
