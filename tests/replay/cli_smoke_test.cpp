// Tests apps/record_command.cpp, apps/replay_command.cpp and apps/data_command.cpp end to end
// through the `tlb` binary: exit codes and the lines users read, for random and scripted
// recordings.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <memory>

#include "replay_test_support.h"

#ifdef TLB_CLI_PATH

namespace {

struct Run {
  int status;
  std::string output;
};

Run run_tlb(const std::string& args) {
  Run run{-1, ""};
  FILE* pipe = popen(("'" TLB_CLI_PATH "' " + args + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.output += buffer.data();
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace

TEST_CASE("tlb record, replay and data work end to end", "[replay]") {
  tlb::replay::testing::TempDir dir;
  const std::string file = "'" + dir.file("h.h5") + "'";
  Run r =
      run_tlb("record --env Hopper-v5:max_episode_steps=30 --episodes 2 --seed 3 --out " + file);
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(r.output.find("wrote 2 episodes") != std::string::npos);

  r = run_tlb("record --env Hopper-v5 --episodes 1 --out " + file);
  CHECK(r.status == 1);
  CHECK(r.output.find("refusing to overwrite") != std::string::npos);
  r = run_tlb("record --env Hopper-v5 --episodes 1 --append --out " + file);
  CHECK(r.status == 1);  // another task (no step limit override) is refused
  CHECK(r.output.find("holds task 'Hopper-v5:max_episode_steps=30'") != std::string::npos);
  CHECK(run_tlb("record --env Hopper-v5:max_episode_steps=30 --episodes 1 --append --out " + file)
            .status == 0);

  r = run_tlb("replay " + file);
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(r.output.find("DRIFT") == std::string::npos);
  CHECK(r.output.find(" ok") != std::string::npos);

  r = run_tlb("data info " + file);
  CHECK(r.status == 0);
  CHECK(r.output.find("episodes: 3") != std::string::npos);
  CHECK(r.output.find("task: Hopper-v5:max_episode_steps=30") != std::string::npos);

  const std::string flat = "'" + dir.file("flat.hdf5") + "'";
  CHECK(run_tlb("data convert " + file + " " + flat + " --to d4rl").status == 0);
  // Bad usage: one line, exit 2 (each run starts a process that loads LibTorch: keep few).
  r = run_tlb("data convert " + file + " x.h5 --to csv");
  CHECK(r.status == 2);
  CHECK(r.output.find("--to must be d4rl or minari, got 'csv'") != std::string::npos);
}

// Scripted demonstrations for behaviour cloning: the expert's episodes replay exactly and carry
// its name.
TEST_CASE("tlb record --policy scripted records the expert, and replay reproduces it", "[replay]") {
  tlb::replay::testing::TempDir dir;
  const std::string file = "'" + dir.file("expert.h5") + "'";
  Run r = run_tlb("record --env MemoryReacher-v0 --policy scripted --episodes 2 --out " + file);
  INFO(r.output);
  REQUIRE(r.status == 0);
  CHECK(r.output.find("wrote 2 episodes (170 steps)") != std::string::npos);

  r = run_tlb("replay " + file);
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(r.output.find("DRIFT") == std::string::npos);
  CHECK(r.output.find(" ok") != std::string::npos);

  r = run_tlb("data info " + file);
  CHECK(r.status == 0);
  CHECK(r.output.find("episodes: 2") != std::string::npos);
  CHECK(r.output.find("algorithm_name: scripted-remembering_expert") != std::string::npos);
  CHECK(r.output.find("dataset_id: memoryreacher_v0-scripted-remembering_expert-v0") !=
        std::string::npos);
  CHECK(r.output.find("non-finite values: 0") != std::string::npos);

  r = run_tlb("record --env Hopper-v5 --policy scripted --episodes 1 --out " + file +
              " --overwrite");
  CHECK(r.status == 1);
  CHECK(r.output.find("no scripted expert for task 'Hopper-v5'") != std::string::npos);
  r = run_tlb("record --env Hopper-v5 --policy expert --episodes 1 --out " + file);
  CHECK(r.status == 2);
  CHECK(r.output.find("--policy must be 'random' or 'scripted', got 'expert'") !=
        std::string::npos);
}

#endif
