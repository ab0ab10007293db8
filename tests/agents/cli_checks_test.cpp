// Tests the command line's checks of its input (apps/command.cpp, apps/*_command.cpp, with
// agents/ppo_options.cpp behind them): every bad invocation is refused up front with one line
// naming the option, what was expected and what was found, and exit code 2; nothing is
// created. Also what `tlb train` says about rounding, resumes and finished runs.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

const std::string kTlbCli = std::string(TLB_BINARY_DIR) + "/apps/tlb";

struct CliResult {
  int code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `tlb ARGS` in `dir` with its output captured.
CliResult run_cli(const fs::path& dir, const std::string& args) {
  const auto log = dir / "cli.log";
  const int status = std::system(
      ("cd " + dir.string() + " && " + kTlbCli + " " + args + " > " + log.string() + " 2>&1")
          .c_str());
  std::ifstream in(log);
  std::stringstream text;
  text << in.rdbuf();
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text.str()};
}

size_t line_count(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// `tlb ARGS` exits 2 with exactly one line that contains `message`.
void require_usage_error(const fs::path& dir, const std::string& args, const std::string& message) {
  const CliResult r = run_cli(dir, args);
  INFO("tlb " << args << "\n" << r.output);
  CHECK(r.code == 2);
  CHECK(line_count(r.output) == 1);
  CHECK(r.output.find(message) != std::string::npos);
}

// A short PPO run on Hopper-v5 in `dir`/`name`: 2 updates of 128 steps by default.
CliResult train_short(const fs::path& dir, const std::string& name, const std::string& extra = "",
                      const std::string& total_timesteps = "256") {
  return run_cli(dir,
                 "train --env Hopper-v5 --backbone mlp --num-steps 128 --num-minibatches 4"
                 " --update-epochs 1 --device cpu --total-timesteps " +
                     total_timesteps + " --run-dir " + name + " " + extra);
}

}  // namespace

TEST_CASE("Integer options are read with sign and range checks", "[agents]") {
  tlb::agents::testing::TempDir dir;
  require_usage_error(dir.path(), "record --env Hopper-v5 --episodes -1 --out f.h5",
                      "--episodes: expected an integer in [1, 1000000], found '-1'");
  require_usage_error(dir.path(), "record --env Hopper-v5 --seed ' 1' --out f.h5",
                      "--seed: expected an integer in [0, 18446744073709551615], found ' 1'");
  require_usage_error(dir.path(), "eval x.pt --episodes 0", "--episodes: expected an integer in");
  require_usage_error(dir.path(), "envs Hopper-v5 --random -3", "--random: expected an integer");
  require_usage_error(dir.path(), "plot --out p.svg --bins -1 a", "--bins: expected an integer");
  CHECK_FALSE(fs::exists(dir.path() / "f.h5"));
  require_usage_error(dir.path(), "train --total-timesteps 9223372036854775808",
                      "--total-timesteps: expected an integer, found '9223372036854775808'");
  require_usage_error(dir.path(), "train --total-timesteps 9223372036854775807 --run-dir r",
                      "--total-timesteps: expected an integer in [1, 1000000000000000]");
  require_usage_error(dir.path(), "train --num-envs 9007199254740993 --run-dir r",
                      "--num-envs: expected an integer in [1, 4096], found '9007199254740993'");
  require_usage_error(dir.path(), "train --seed ' 1' --run-dir r",
                      "--seed: expected an unsigned integer, found ' 1'");
  require_usage_error(dir.path(), "train --threads 100000 --run-dir r",
                      "--threads: expected <= 0 (all cores) or at most 256, found '100000'");
  CHECK_FALSE(fs::exists(dir.path() / "r"));
}

TEST_CASE("The config option must name a readable file", "[agents]") {
  tlb::agents::testing::TempDir dir;
  fs::create_directories(dir.path() / "conf");
  require_usage_error(dir.path(), "train --config conf --run-dir r",
                      "--config: expected an INI file, found the folder 'conf'");
  require_usage_error(dir.path(), "envs --config missing.ini",
                      "--config: cannot read config file 'missing.ini'");
  CHECK_FALSE(fs::exists(dir.path() / "r"));
}

TEST_CASE("Bad backbone and algorithm options fail in one line before a run folder exists",
          "[agents]") {
  tlb::agents::testing::TempDir dir;
  const std::string train = "train --env Hopper-v5 --run-dir r ";
  require_usage_error(dir.path(), train + "--backbone tlb --tlb.chunk 0",
                      "tlb: chunk expected >= 1, found 0");
  require_usage_error(dir.path(), train + "--backbone tlb --tlb.heads 3",
                      "tlb: width expected a positive multiple of heads (3)");
  require_usage_error(dir.path(), train + "--adam-eps -1",
                      "--adam-eps: expected a finite number > 0, found '-1'");
  require_usage_error(dir.path(), train + "--backbone lstm --num-minibatches 200",
                      "--num-minibatches: expected at most the rollout's sequences");
  require_usage_error(dir.path(), train + "--ent-coef nan",
                      "--ent-coef: expected a number, found 'nan'");
  require_usage_error(dir.path(), train + "--vf-coef inf",
                      "--vf-coef: expected a finite number >= 0, found 'inf'");
  require_usage_error(dir.path(), train + "--learning-rate 0",
                      "--learning-rate: expected a finite number > 0, found '0'");
  require_usage_error(dir.path(), train + "--learning-rate inf",
                      "--learning-rate: expected a finite number > 0, found 'inf'");
  require_usage_error(dir.path(), "train --algo bc --data x.h5 --run-dir r --threads 100000",
                      "--threads: expected <= 0 (all cores) or at most 256");
  require_usage_error(dir.path(), "train --algo bc --data x.h5 --run-dir r --adam-eps -1",
                      "--adam-eps: expected a finite number > 0");
  CHECK_FALSE(fs::exists(dir.path() / "r"));
}

TEST_CASE("An unknown task or task option exits 2 in every subcommand", "[agents]") {
  tlb::agents::testing::TempDir dir;
  require_usage_error(dir.path(), "train --env Nope-v0 --run-dir r", "Nope-v0");
  require_usage_error(dir.path(), "record --env Nope-v0 --out f.h5", "Nope-v0");
  require_usage_error(dir.path(), "envs Nope-v0", "Nope-v0");
  require_usage_error(dir.path(), "envs Hopper-v5:foo=1", "foo");
  CHECK_FALSE(fs::exists(dir.path() / "r"));
  REQUIRE(train_short(dir.path(), "run").code == 0);
  require_usage_error(dir.path(), "eval run --env Nope-v0", "Nope-v0");
  // Another task with other sizes: the message names the task the checkpoint knows.
  require_usage_error(dir.path(), "eval run --env Walker2d-v5",
                      "--env Walker2d-v5: the checkpoint was trained on Hopper-v5 (observations "
                      "of 11, actions of 3); Walker2d-v5 has observations of 17, actions of 6");
}

TEST_CASE("tlb train says how it rounds, where a resume starts, and that a run is finished",
          "[agents]") {
  tlb::agents::testing::TempDir dir;
  CliResult r = train_short(dir.path(), "run", "", "300");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK(r.output.find("--total-timesteps 300 is not a whole number of rollouts (num_envs * "
                      "num_steps = 128): running 2 updates, 256 steps (rounded down)") !=
        std::string::npos);

  // A finished run: said, and nothing done.
  r = run_cli(dir.path(), "train --resume run");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK(line_count(r.output) == 1);
  CHECK(r.output.find("the run in run is finished (update 2 of 2, step 256); nothing to do") !=
        std::string::npos);

  // A longer run resumes, says from where, and removes what a kill left.
  const auto stale = dir.path() / "run" / ".checkpoint_000003.pt.tmp-99999999";
  std::ofstream(stale).flush();
  r = run_cli(dir.path(), "train --resume run --total-timesteps 384");
  INFO(r.output);
  CHECK(r.code == 0);
  CHECK(r.output.find("resuming run from update 2 of 3 (step 256)") != std::string::npos);
  CHECK_FALSE(fs::exists(stale));

  // latest.pt of another run is refused, in one line.
  REQUIRE(train_short(dir.path(), "other", "--seed 2").code == 0);
  fs::copy_file(dir.path() / "other" / "latest.pt", dir.path() / "run" / "latest.pt",
                fs::copy_options::overwrite_existing);
  require_usage_error(dir.path(), "train --resume run",
                      "latest.pt belongs to another run (latest.pt has seed = 2, config.ini has "
                      "seed = 1)");
}

TEST_CASE("tlb train --eval-interval logs eval/return and keeps best.pt", "[agents]") {
  tlb::agents::testing::TempDir dir;
  const CliResult r = train_short(dir.path(), "run", "--eval-interval 1 --eval-episodes 1");
  INFO(r.output);
  REQUIRE(r.code == 0);
  CHECK(r.output.find("evaluating every 1 updates (best.pt)") != std::string::npos);
  CHECK(fs::exists(dir.path() / "run" / "best.pt"));
  std::ifstream metrics(dir.path() / "run" / "metrics.csv");
  std::string header;
  std::getline(metrics, header);
  CHECK(header.find("eval/return") != std::string::npos);
  CHECK(run_cli(dir.path(), "eval run/best.pt --episodes 1").code == 0);
}

TEST_CASE("tlb record names its overwrite and append flags, and tlb data help lists what it uses",
          "[agents]") {
  tlb::agents::testing::TempDir dir;
  std::ofstream(dir.path() / "f.h5") << "x";
  const CliResult refused = run_cli(dir.path(), "record --env Hopper-v5 --out f.h5");
  INFO(refused.output);
  CHECK(refused.code == 1);
  CHECK(line_count(refused.output) == 1);
  CHECK(refused.output.find("refusing to overwrite existing file 'f.h5': pass --overwrite to "
                            "replace it or --append to add episodes to it") != std::string::npos);
  const CliResult help = run_cli(dir.path(), "data --help");
  INFO(help.output);
  CHECK(help.code == 0);
  CHECK(help.output.find("--to") != std::string::npos);
  for (const char* unused : {"--action", "--input", "--output"}) {
    INFO(unused);
    CHECK(help.output.find(unused) == std::string::npos);
  }
}
