// Tests apps/train_command.cpp, apps/eval_command.cpp and apps/record_command.cpp end to end: a
// short `tlb train` on a real env writes its run folder, `tlb eval` runs its checkpoint (and
// records it), `tlb record CHECKPOINT` writes the policy's identity (like CleanRL's
// tests/test_mujoco.py, this proves the pipeline, not learning).
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "common/local_launcher.h"
#include "temp_dir.h"

namespace {

const std::string kTlb = std::string(TLB_BINARY_DIR) + "/apps/tlb";

// Runs `command` with stdout and stderr captured into `output`; returns the exit status.
int run(const std::string& command, std::string& output, const std::filesystem::path& log) {
  const int status = std::system((command + " > " + log.string() + " 2>&1").c_str());
  std::ifstream in(log);
  std::stringstream s;
  s << in.rdbuf();
  output = s.str();
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("tlb train runs a short PPO on Hopper-v5 and tlb eval runs its checkpoint", "[agents]") {
  tlb::agents::testing::TempDir dir;
  const auto run_dir = dir.path() / "run";
  std::string out;
  const int rc =
      run(kTlb + " train --algo ppo --env Hopper-v5 --backbone mlp --total-timesteps 256" +
              " --num-steps 128 --num-minibatches 4 --update-epochs 2 --seed 1" +
              " --device cpu --threads 1 --run-dir " + run_dir.string(),
          out, dir.path() / "train.log");
  INFO(out);
  REQUIRE(rc == 0);
  for (const char* name : {"config.ini", "metrics.csv", "metrics.jsonl", "episodes.csv",
                           "learning_curve.svg", "latest.pt"}) {
    INFO(name);
    REQUIRE(std::filesystem::exists(run_dir / name));
  }
  const int eval_rc =
      run(kTlb + " eval " + (run_dir / "latest.pt").string() + " --episodes 2 --deterministic", out,
          dir.path() / "eval.log");
  INFO(out);
  REQUIRE(eval_rc == 0);
  REQUIRE(out.find("over 2 episodes") != std::string::npos);
  const std::string eval_table = out.substr(out.find("episode "));

  // The same evaluation, recorded: the same episodes, and a file whose replay reproduces them.
  const auto recorded = dir.path() / "eval.h5";
  REQUIRE(run(kTlb + " eval " + run_dir.string() + " --episodes 2 --deterministic --record " +
                  recorded.string(),
              out, dir.path() / "eval_record.log") == 0);
  INFO(out);
  REQUIRE(out.substr(out.find("episode ")) == eval_table);
  REQUIRE(run(kTlb + " replay " + recorded.string(), out, dir.path() / "replay.log") == 0);
  REQUIRE(out.find("DRIFT") == std::string::npos);

  // tlb record CHECKPOINT writes the policy's identity into the file's metadata.
  const auto record_file = dir.path() / "record.h5";
  REQUIRE(run(kTlb + " record " + (run_dir / "latest.pt").string() + " --episodes 1 --out " +
                  record_file.string(),
              out, dir.path() / "record.log") == 0);
  REQUIRE(run(kTlb + " data info " + record_file.string(), out, dir.path() / "info.log") == 0);
  REQUIRE(out.find("algorithm_name: ppo-mlp") != std::string::npos);
  REQUIRE(out.find("policy_checkpoint_hash: ") != std::string::npos);
}

TEST_CASE("tlb train rejects bad options with one line and exit code 2", "[agents]") {
  tlb::agents::testing::TempDir dir;
  std::string out;
  REQUIRE(run(kTlb + " train --clip-coef lots", out, dir.path() / "log") == 2);
  REQUIRE(out.find("--clip-coef: expected a number, found 'lots'") != std::string::npos);
  REQUIRE(run(kTlb + " train --backbone mlp --lstm.hidden 8", out, dir.path() / "log") == 2);
  REQUIRE(out.find("is an option of backbone 'lstm'") != std::string::npos);
  REQUIRE(run(kTlb + " eval " + (dir.path() / "missing.pt").string(), out, dir.path() / "log") ==
          1);
  REQUIRE(out.find("does not exist") != std::string::npos);
}

TEST_CASE("tlb train --record writes a file tlb replay reproduces, and never clobbers one",
          "[agents]") {
  tlb::agents::testing::TempDir dir;
  const auto file = dir.path() / "train.h5";
  const std::string train = kTlb +
                            " train --env InvertedPendulum-v5:max_episode_steps=8 --backbone mlp"
                            " --total-timesteps 128 --num-envs 2 --num-steps 32"
                            " --num-minibatches 2 --update-epochs 1 --device cpu --record " +
                            file.string() + " --run-dir ";
  std::string out;
  REQUIRE(run(train + (dir.path() / "a").string(), out, dir.path() / "train.log") == 0);
  INFO(out);
  REQUIRE(out.find("recorded ") != std::string::npos);
  REQUIRE(run(kTlb + " replay " + file.string(), out, dir.path() / "replay.log") == 0);
  REQUIRE(out.find(" ok") != std::string::npos);
  REQUIRE(out.find("DRIFT") == std::string::npos);
  REQUIRE(run(kTlb + " data info " + file.string(), out, dir.path() / "info.log") == 0);
  REQUIRE(out.find("source: training") != std::string::npos);
  // A second run into the same file: refused with one line, exit code 2, file kept.
  REQUIRE(run(train + (dir.path() / "b").string(), out, dir.path() / "again.log") == 2);
  REQUIRE(out.find("--record-overwrite") != std::string::npos);
  REQUIRE(run(train + (dir.path() / "b").string() + " --record-overwrite", out,
              dir.path() / "overwrite.log") == 0);
}

TEST_CASE("tlb train --nproc 2 trains on two ranks and rank 0 writes global step counts",
          "[agents][distributed]") {
  tlb::agents::testing::TempDir dir;
  const auto run_dir = dir.path() / "run";
  std::string out;
  REQUIRE(run(kTlb + " train --nproc 2 --env InvertedPendulum-v5 --backbone mlp" +
                  " --total-timesteps 256 --num-envs 1 --num-steps 64 --num-minibatches 2" +
                  " --update-epochs 1 --device cpu --dist.timeout 20 --run-dir " + run_dir.string(),
              out, dir.path() / "train.log") == 0);
  INFO(out);
  REQUIRE(out.find("2 ranks (gloo)") != std::string::npos);
  REQUIRE(out.find("in collectives") != std::string::npos);
  // Two updates of 2 ranks x 64 steps: rows at global steps 128 and 256.
  std::ifstream metrics(run_dir / "metrics.csv");
  std::string header, first, second, extra;
  std::getline(metrics, header);
  std::getline(metrics, first);
  std::getline(metrics, second);
  REQUIRE(first.rfind("128,", 0) == 0);
  REQUIRE(second.rfind("256,", 0) == 0);
  REQUIRE(!std::getline(metrics, extra));
  REQUIRE(run(kTlb + " train --nproc 0 --env InvertedPendulum-v5", out, dir.path() / "bad.log") ==
          2);
  REQUIRE(out.find("--nproc: expected at least 1, found 0") != std::string::npos);
}

TEST_CASE("Ranks started with different run settings stop with one line naming them",
          "[agents][distributed]") {
  tlb::agents::testing::TempDir dir;
  // The launcher's ranks are shells that start tlb with 64 steps on rank 0, 128 on rank 1.
  tlb::common::LocalLaunchOptions launch;
  launch.nproc = 2;
  launch.grace_s = 20;
  const std::string command =
      "exec " + kTlb + " train --env InvertedPendulum-v5 --backbone mlp --total-timesteps 512" +
      " --num-steps $((64 + 64 * RANK)) --device cpu --dist.timeout 20 --run-dir " +
      (dir.path() / "run").string() + " 2> " + (dir.path() / "rank").string() + "$RANK.log";
  REQUIRE(tlb::common::launch_local_ranks("/bin/sh", {"-c", command}, launch) == 1);
  for (const char* rank : {"0", "1"}) {
    std::ifstream in(dir.path() / ("rank" + std::string(rank) + ".log"));
    std::stringstream text;
    text << in.rdbuf();
    INFO(text.str());
    REQUIRE(text.str().find("error: distributed: rank 1's run settings differ from rank 0's") !=
            std::string::npos);
  }
}
