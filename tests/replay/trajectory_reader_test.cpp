// Tests replay/trajectory_reader.cpp and replay/d4rl_reader.cpp on damaged and foreign files:
// each gives one clean std::runtime_error naming the file and the dataset, never a crash.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "replay/episode_source.h"
#include "replay/hdf5_io.h"
#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using Catch::Matchers::Contains;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

namespace {

std::string write_valid(const TempDir& dir, const std::string& name) {
  const std::string path = dir.file(name);
  TrajectoryWriter writer(path, make_metadata());
  writer.append(make_episode(6, 1.0));
  writer.append(make_episode(9, 2.0));
  return path;
}

// Replaces dataset `name` in group `group` of `path` by a float64 (rows,) or bool dataset.
void replace_dataset(const std::string& path, const std::string& group, const std::string& name,
                     size_t rows, bool as_bool) {
  Hdf5File file = open_hdf5_file(path, true);
  GroupHandle g = open_group(file.handle.get(), group, path);
  REQUIRE(H5Ldelete(g.get(), name.c_str(), H5P_DEFAULT) >= 0);
  const std::vector<double> values(rows, 1.0);
  const std::vector<uint8_t> bools(rows, 0);
  if (as_bool) {
    write_bools(g.get(), name, bools.data(), rows, {}, path);
  } else {
    write_floats(g.get(), name, values.data(), {rows}, {}, path);
  }
}

}  // namespace

TEST_CASE("A file that is not HDF5 gives one clean error", "[replay]") {
  TempDir dir;
  const std::string text = dir.file("notes.h5");
  std::ofstream(text) << "episode_0,1,2,3\nthis is not HDF5\n";
  REQUIRE_THROWS_WITH(open_episode_source(text),
                      Contains("cannot open as an HDF5 file (" + text + ")"));
  const std::string empty = dir.file("empty.h5");
  std::ofstream{empty};
  REQUIRE_THROWS_WITH(open_episode_source(empty), Contains(empty));
  REQUIRE_THROWS_WITH(open_episode_source(dir.file("missing.h5")), Contains("missing.h5"));
}

TEST_CASE("A truncated file gives one clean error at every cut", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "full.h5");
  const auto size = std::filesystem::file_size(path);
  for (const double fraction : {0.02, 0.3, 0.6, 0.9, 0.999}) {
    const std::string cut = dir.file("cut.h5");
    std::filesystem::copy_file(path, cut, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::resize_file(cut, static_cast<uintmax_t>(fraction * static_cast<double>(size)));
    INFO("cut at " << fraction);
    REQUIRE_THROWS_AS(open_episode_source(cut), std::runtime_error);
    REQUIRE_THROWS_WITH(open_episode_source(cut), Contains(cut));
  }
}

TEST_CASE("A missing dataset is named", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "missing.h5");
  {
    Hdf5File file = open_hdf5_file(path, true);
    REQUIRE(H5Ldelete(file.handle.get(), "episode_1/rewards", H5P_DEFAULT) >= 0);
  }
  REQUIRE_THROWS_WITH(TrajectoryReader(path),
                      Contains("episode_1/rewards is missing") && Contains(path));
}

TEST_CASE("A wrong dtype is named with expected and found", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "dtype.h5");
  replace_dataset(path, "episode_0", "terminations", 6, /*as_bool=*/false);
  REQUIRE_THROWS_WITH(TrajectoryReader(path),
                      Contains("episode_0/terminations holds float64 (6,), expected bool (6,)"));
  const std::string other = write_valid(dir, "dtype2.h5");
  replace_dataset(other, "episode_1", "rewards", 9, /*as_bool=*/true);
  REQUIRE_THROWS_WITH(TrajectoryReader(other),
                      Contains("episode_1/rewards holds bool (9,), expected float"));
}

TEST_CASE("Mismatched lengths are named with expected and found", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "lengths.h5");
  replace_dataset(path, "episode_1", "rewards", 8, false);
  REQUIRE_THROWS_WITH(TrajectoryReader(path), Contains("episode_1/rewards has 8 rows, expected 9"));
  const std::string states = write_valid(dir, "states.h5");
  replace_dataset(states, "episode_0/states", "time", 6, false);
  REQUIRE_THROWS_WITH(TrajectoryReader(states),
                      Contains("episode_0/states/time has 6 rows, expected 7"));
}

TEST_CASE("Observation widths must agree across episodes", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("widths.h5");
  TrajectoryWriter writer(path, make_metadata());
  writer.append(make_episode(3, 1.0));
  Episode wide = make_episode(3, 2.0);
  wide.observations = Matrix(4, 6);
  writer.append(wide);
  writer.close();
  REQUIRE_THROWS_WITH(TrajectoryReader(path),
                      Contains("episode_1/observations has 6 columns, expected 5"));
}

TEST_CASE("total_episodes disagreeing with the groups is an error", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "count.h5");
  {
    Hdf5File file = open_hdf5_file(path, true);
    write_int_attribute(file.handle.get(), "total_episodes", 5, path);
  }
  REQUIRE_THROWS_WITH(TrajectoryReader(path),
                      Contains("total_episodes is 5, but 2 episode groups were found"));
}

TEST_CASE("An HDF5 file of neither layout is refused", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("foreign.h5");
  {
    Hdf5File file = create_hdf5_file(path);
    const double x[2] = {1, 2};
    write_floats(file.handle.get(), "weights", x, {2}, {}, path);
  }
  REQUIRE_THROWS_WITH(open_episode_source(path), Contains("neither a Minari") && Contains(path));
}

TEST_CASE("A D4RL file with mismatched lengths or flags of the wrong type is named", "[replay]") {
  TempDir dir;
  auto write_flat = [&](const std::string& name, size_t action_rows, bool float_terminals) {
    const std::string path = dir.file(name);
    Hdf5File file = create_hdf5_file(path);
    const hid_t root = file.handle.get();
    const std::vector<double> values(40, 0.5);
    const std::vector<uint8_t> flags(10, 0);
    write_floats(root, "observations", values.data(), {10, 4}, {}, path);
    write_floats(root, "actions", values.data(), {action_rows, 2}, {}, path);
    write_floats(root, "rewards", values.data(), {10}, {}, path);
    if (float_terminals) {
      write_floats(root, "terminals", values.data(), {10}, {}, path);
    } else {
      write_bools(root, "terminals", flags.data(), 10, {}, path);
    }
    return path;
  };
  const std::string short_actions = write_flat("short.hdf5", 9, false);
  REQUIRE_THROWS_WITH(
      open_episode_source(short_actions),
      Contains("actions has 9 rows, expected 10 (as observations)") && Contains(short_actions));
  REQUIRE_THROWS_WITH(open_episode_source(write_flat("float_flags.hdf5", 10, true)),
                      Contains("terminals holds float64 (10,), expected bool (10,)"));
  const auto fine = open_episode_source(write_flat("fine.hdf5", 10, false));
  CHECK(fine->num_episodes() == 1);
  CHECK(fine->episode_steps(0) == 9);  // no next_observations: the last transition is dropped
}

TEST_CASE("Every dataset's rank is checked: rewards of shape (T, 5) are refused", "[replay]") {
  TempDir dir;
  const std::string path = write_valid(dir, "rank.h5");
  {
    Hdf5File file = open_hdf5_file(path, true);
    GroupHandle g = open_group(file.handle.get(), "episode_0", path);
    REQUIRE(H5Ldelete(g.get(), "rewards", H5P_DEFAULT) >= 0);
    const std::vector<double> values(6 * 5, 1.0);
    write_floats(g.get(), "rewards", values.data(), {6, 5}, {}, path);
  }
  REQUIRE_THROWS_WITH(TrajectoryReader(path),
                      Contains("episode_0/rewards holds float64 (6, 5), expected float (rows,)"));
}

TEST_CASE("Non-finite values are found and named", "[replay]") {
  Episode e = make_episode(4, 1.0);
  CHECK(e.first_non_finite().empty());
  CHECK(e.count_non_finite() == 0);
  e.rewards[2] = NAN;
  e.observations.row(3)[1] = INFINITY;
  CHECK(e.first_non_finite() == "observations[3, 1] is inf");
  CHECK(e.count_non_finite() == 2);
}
