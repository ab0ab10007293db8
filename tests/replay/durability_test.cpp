// Tests replay/trajectory_writer.cpp's durability: a child process appending episodes in a loop
// is killed with SIGKILL at random moments; the file must open each time and hold every
// episode the child reported as completed (through a pipe), with its exact contents.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "replay/trajectory_reader.h"
#include "replay/trajectory_writer.h"
#include "replay_test_support.h"

using namespace tlb::replay;
using tlb::replay::testing::make_episode;
using tlb::replay::testing::make_metadata;
using tlb::replay::testing::TempDir;

namespace {

// The episode with id `id`: its length and values are a function of the id.
Episode episode_for(int64_t id) {
  return make_episode(100 + static_cast<size_t>(id % 37) * 5, static_cast<double>(id));
}

// Runs in the forked child: appends episodes forever, reporting each completed id.
[[noreturn]] void write_forever(const std::string& path, int report_fd) {
  try {
    TrajectoryWriterOptions options;
    options.mode = OpenMode::kAppend;
    options.sync_to_disk = false;  // a killed process loses nothing from the page cache
    TrajectoryWriter writer(path, make_metadata(), options);
    const int64_t opened = -1;
    if (write(report_fd, &opened, sizeof opened) != sizeof opened) _exit(4);
    while (true) {
      const int64_t id = writer.append(episode_for(writer.next_id()));
      if (write(report_fd, &id, sizeof id) != sizeof id) _exit(4);
    }
  } catch (...) {
    _exit(3);
  }
}

}  // namespace

TEST_CASE("SIGKILL at random moments never loses or corrupts a completed episode", "[replay]") {
  TempDir dir;
  const std::string path = dir.file("killed.h5");
  std::mt19937 rng(20261129);
  // Most kills land while episodes are being committed (after the child reports it has
  // opened the file, within a few commits' time); every fourth lands anywhere, opening included.
  std::uniform_int_distribution<int> delay_us(0, 60000);
  std::set<int64_t> completed;
  constexpr int kRounds = 20;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      close(fds[0]);
      write_forever(path, fds[1]);
    }
    close(fds[1]);
    int64_t id = 0;
    if (round % 4 != 0) {
      REQUIRE(read(fds[0], &id, sizeof id) == sizeof id);
      REQUIRE(id == -1);
    }
    if (round % 2 == 1) {
      // Half the rounds wait for a first commit, so the kills land after some commits however
      // slowly the child runs (a sanitizer build is ~10x slower than Release).
      REQUIRE(read(fds[0], &id, sizeof id) == sizeof id);
      REQUIRE(id >= 0);
      completed.insert(id);
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(rng)));
    REQUIRE(kill(child, SIGKILL) == 0);
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    INFO("round " << round << ": the child exited by itself with status " << status);
    REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    while (read(fds[0], &id, sizeof id) == sizeof id) {
      if (id >= 0) completed.insert(id);
    }
    close(fds[0]);

    if (!std::filesystem::exists(path)) {
      REQUIRE(completed.empty());  // killed before the first create finished
      continue;
    }
    const TrajectoryReader reader(path);  // must open
    std::set<int64_t> present;
    for (size_t i = 0; i < reader.num_episodes(); ++i) present.insert(reader.summary(i).id);
    for (int64_t done : completed) {
      INFO("round " << round << ": episode " << done << " was reported complete");
      REQUIRE(present.count(done) == 1);
    }
    // Ids are contiguous and each episode's content is exactly what was written.
    REQUIRE(present.size() == reader.num_episodes());
    if (!present.empty()) REQUIRE(*present.rbegin() == static_cast<int64_t>(present.size()) - 1);
    const size_t last = reader.num_episodes() - (present.empty() ? 0 : 1);
    if (!present.empty()) {
      const Episode read = reader.read_episode(last);
      const Episode expected = episode_for(read.id);
      REQUIRE(read.observations.values == expected.observations.values);
      REQUIRE(read.states.size() == expected.states.size());
    }
  }
  // The rounds must have got somewhere: the kill did land after some commits.
  CHECK(completed.size() >= 5);
}
