// Tests apps/record_command.cpp, apps/replay_command.cpp and apps/data_command.cpp end to end
// through the `tlb` binary: exit codes and the lines users read, for random and scripted
// recordings, a recording edited with Debian's h5py (replay's DRIFT), and rendering.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "replay/frame_writer.h"
#include "replay_test_support.h"

#ifdef TLB_CLI_PATH

namespace {

struct Run {
  int status;
  std::string output;
};

Run run_command(const std::string& command) {
  Run run{-1, ""};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) run.output += buffer.data();
  const int status = pclose(pipe);
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

Run run_tlb(const std::string& args) { return run_command("'" TLB_CLI_PATH "' " + args); }

// The number after `before` in `text` (0 when absent).
size_t number_after(const std::string& text, const std::string& before) {
  const size_t at = text.find(before);
  return at == std::string::npos ? 0 : std::stoul(text.substr(at + before.size()));
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
  // The help lists the options its usage line uses, not the positional arguments.
  r = run_tlb("data --help");
  CHECK(r.status == 0);
  CHECK(r.output.find("Usage: tlb data info FILE | convert IN OUT") != std::string::npos);
  for (const char* used : {"--to", "--overwrite", "--allow-nonfinite"}) {
    CHECK(r.output.find(used) != std::string::npos);
  }
  for (const char* unused : {"--action", "--input", "--output"}) {
    CHECK(r.output.find(unused) == std::string::npos);
  }
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

// An adversary edits a recorded reward and an observation in place (h5py): replay names each
// episode's first differing step and quantity and exits 1. Rendering says where it writes, at
// the task's real-time rate, and writes one frame per state.
TEST_CASE("tlb replay reports edited data as DRIFT and says where it renders", "[replay]") {
  tlb::replay::testing::TempDir dir;
  const std::string file = "'" + dir.file("h.h5") + "'";
  Run r =
      run_tlb("record --env Hopper-v5:max_episode_steps=12 --episodes 2 --seed 4 --out " + file);
  INFO(r.output);
  REQUIRE(r.status == 0);
  const size_t frames = number_after(r.output, "episodes (") + 2;  // steps + one reset per episode
  REQUIRE(frames > 2);

  const std::string folder = dir.file("frames");
  r = run_tlb("replay " + file + " --frames '" + folder + "' --width 64 --height 48");
  INFO(r.output);
  CHECK(r.status == 0);
  CHECK(r.output.find("rendering " + std::to_string(frames) + " frames to " + folder +
                      "/ (64x48; real time is 125 fps)") != std::string::npos);
  CHECK(r.output.find("wrote " + std::to_string(frames) + " frames to PNG frames in " + folder +
                      "/") != std::string::npos);
  size_t pngs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    pngs += entry.path().extension() == ".png";
  }
  CHECK(pngs == frames);
  if (tlb::replay::ffmpeg_available()) {
    const std::string video = dir.file("h.mp4");
    r = run_tlb("replay " + file + " --episode 1 --video '" + video + "' --width 64 --height 48");
    INFO(r.output);
    CHECK(r.status == 0);
    CHECK(r.output.find(" frames to " + video + " (64x48, 125 fps: real time, 1/dt of Hopper-v5") !=
          std::string::npos);
    CHECK(r.output.find("frames to video " + video) != std::string::npos);
    CHECK(std::filesystem::file_size(video) > 0);
  }

  const Run edit = run_command(
      "/usr/bin/python3 -c \"import h5py, sys\n"
      "with h5py.File(sys.argv[1], 'r+') as f:\n"
      "    f['episode_0/observations'][5, 2] += 0.5\n"
      "    f['episode_1/rewards'][3] += 0.25\" " +
      file);
  INFO(edit.output);
  REQUIRE(edit.status == 0);
  r = run_tlb("replay " + file);
  INFO(r.output);
  CHECK(r.status == 1);
  CHECK(r.output.find("DRIFT at step 4: observation") != std::string::npos);
  CHECK(r.output.find("DRIFT at step 3: reward") != std::string::npos);
  CHECK(r.output.find("2 of 2 episodes drifted beyond tolerance 0") != std::string::npos);
  CHECK(r.output.find(" ok") == std::string::npos);
  // Enough tolerance accepts both edits.
  CHECK(run_tlb("replay " + file + " --tolerance 1").status == 0);
}

#endif
