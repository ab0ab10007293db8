// Tests replay/trajectory_writer.cpp and replay/d4rl_reader.cpp against h5py (Debian's
// python3-h5py): h5py reads our files as Minari's layout with numpy bools, and we read a
// D4RL file that h5py wrote. Fails when /usr/bin/python3 or h5py is missing.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <sstream>

#include "replay/convert.h"
#include "replay/d4rl_reader.h"
#include "replay/episode_source.h"
#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

namespace {

// Runs `command`, returns its exit status and fills `output` with its stdout and stderr.
int run(const std::string& command, std::string& output) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen((command + " 2>&1").c_str(), "r"), pclose);
  REQUIRE(pipe != nullptr);
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) output += buffer.data();
  const int status = pclose(pipe.release());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string script(const std::string& name) {
  return "/usr/bin/python3 '" + std::string(TLB_SOURCE_DIR) + "/tests/replay/" + name + "'";
}

}  // namespace

TEST_CASE("h5py reads our file as Minari's layout with numpy bools", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("ours.h5");
  const Episode first = make_episode(7, 1.0, true);
  const Episode second = make_episode(11, 2.5);
  {
    TrajectoryWriter writer(path, make_metadata());
    writer.append(first);
    writer.append(second);
  }
  std::string output;
  const int status = run(script("check_minari_layout.py") + " '" + path + "'", output);
  INFO(output);
  REQUIRE(status == 0);
  std::ostringstream expected;
  expected.precision(17);
  // Python's repr of a float64 is its shortest round-trip form; compare as numbers.
  std::istringstream lines(output);
  std::string name;
  size_t steps = 0;
  double sum = 0;
  lines >> name >> steps >> sum;
  CHECK(name == "episode_0");
  CHECK(steps == 7);
  CHECK(sum == first.total_reward());
  lines >> name >> steps >> sum;
  CHECK(name == "episode_1");
  CHECK(steps == 11);
  CHECK(sum == second.total_reward());
  CHECK(output.find("\nok") != std::string::npos);
}

TEST_CASE("We read a D4RL file written by h5py, episodes cut at terminals or timeouts",
          "[replay]") {
  TempDir dir;
  const std::string path = dir.file("d4rl.hdf5");
  std::string output;
  REQUIRE(run(script("write_d4rl.py") + " '" + path + "'", output) == 0);
  const auto source = open_episode_source(path);
  CHECK(source->layout() == "d4rl");
  REQUIRE(source->num_episodes() == 3);
  CHECK(source->episode_steps(0) == 10);
  CHECK(source->episode_steps(1) == 10);
  CHECK(source->episode_steps(2) == 5);
  CHECK(source->metadata().total_steps == 25);

  const Episode second = source->read_episode(1);  // rows 10..19
  REQUIRE(second.observations.rows == 11);
  CHECK(second.observations.row(0)[1] == Approx(10.1f));
  CHECK(second.observations.row(10)[0] == Approx(19.5f));  // last next_observation
  CHECK(second.actions.row(3)[1] == Approx(-13.01f));
  CHECK(second.rewards[9] == 19.0 / 4);
  CHECK(second.truncations[9] == 1);
  CHECK(second.terminations[9] == 0);
  CHECK(source->read_episode(0).terminations[9] == 1);
  // infos/qpos and infos/qvel are the simulator state: states, not infos.
  CHECK(second.infos.empty());
  const Matrix* qpos = second.state("qpos");
  REQUIRE(qpos != nullptr);
  REQUIRE(second.state("qvel") != nullptr);
  CHECK(qpos->row(2)[2] == 1202.0);
  CHECK(std::isnan(qpos->row(10)[0]));  // the state after the last step is not in the file

  CHECK(source->read_episode(2).truncations.back() == 1);  // the data ends there
}

TEST_CASE("Without next_observations, D4RL episodes keep their ends", "[replay]") {
  TempDir dir;
  std::string output;
  const std::string bare = dir.file("bare.hdf5");
  REQUIRE(run(script("write_d4rl.py") + " '" + bare + "' --no-next", output) == 0);
  const D4rlReader reader(bare);
  REQUIRE(reader.num_episodes() == 3);
  // Rows 0..9 end in a terminal: all 10 steps kept, terminated, the final observation repeated.
  CHECK(reader.episode_steps(0) == 10);
  const Episode first = reader.read_episode(0);
  CHECK(first.terminations.back() == 1);
  CHECK(first.truncations.back() == 0);
  CHECK(first.rewards.back() == 9.0 / 4);
  CHECK(first.observations.row(10)[0] == first.observations.row(9)[0]);
  // Rows 10..19 end by a timeout: the last row's next observation is unknown, so 9 steps, the
  // last truncated; likewise rows 20..24, where the data ends.
  CHECK(reader.episode_steps(1) == 9);
  const Episode second = reader.read_episode(1);
  CHECK(second.truncations.back() == 1);
  CHECK(second.terminations.back() == 0);
  CHECK(second.observations.row(9)[0] == Approx(19.0));
  CHECK(reader.episode_steps(2) == 4);
  CHECK(reader.read_episode(2).truncations.back() == 1);
  CHECK(reader.dropped_rows() == 2);
  CHECK(reader.repeated_final_observations() == 1);
  CHECK(reader.notes().size() == 2);

  // A terminal on every row: each row is a one-step episode (never a zero-step one).
  const std::string terminal = dir.file("terminal.hdf5");
  REQUIRE(run(script("write_d4rl.py") + " '" + terminal + "' --no-next --all-terminal", output) ==
          0);
  const D4rlReader each(terminal);
  REQUIRE(each.num_episodes() == 25);
  for (size_t i = 0; i < each.num_episodes(); ++i) {
    INFO(i);
    const Episode e = each.read_episode(i);
    REQUIRE(e.steps() == 1);
    CHECK(e.terminations[0] == 1);
    CHECK(e.actions.row(0)[0] == Approx(-static_cast<double>(i)));
  }
}

TEST_CASE("Our recording and a converted D4RL file pass Minari's loader rules", "[replay]") {
  TempDir dir;
  std::string output;
  const std::string d4rl = dir.file("d4rl.hdf5");
  REQUIRE(run(script("write_d4rl.py") + " '" + d4rl + "' --no-next", output) == 0);
  const std::string folder = dir.file("d4rl_test-converted-v0") + "/";
  CHECK(convert_to_minari(D4rlReader(d4rl), folder) == 3);
  output.clear();
  const int status = run(script("check_minari_layout.py") + " '" + folder + "'", output);
  INFO(output);
  CHECK(status == 0);
  const TrajectoryReader reader(folder + "data/main_data.hdf5");
  CHECK(reader.metadata().dataset_id == "d4rl_test-converted-v0");
  CHECK(reader.metadata().env_spec.empty());  // no task known: no env_spec for Gymnasium
  CHECK(reader.metadata().observation_space.find("\"shape\": [4]") != std::string::npos);
  CHECK(reader.read_episode(0).terminations.back() == 1);
  // A folder name Minari would refuse as a dataset id is refused before anything is written.
  REQUIRE_THROWS_WITH(convert_to_minari(D4rlReader(d4rl), dir.file("no_version") + "/"),
                      Catch::Matchers::Contains("expected <env>-<name>-v<N>"));
}
