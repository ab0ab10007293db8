// Tests agents/policy_export.cpp: an exported MLP policy, run by the Python lines of
// docs/export.md with Debian's python3-torch, acts as the checkpoint does in `tlb eval`
// (deterministic); other policies are refused. Fails when /usr/bin/python3 or torch is missing.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>

#include "agents/checkpoint_policy.h"
#include "agents/policy_export.h"
#include "agents/ppo.h"
#include "doubles.h"
#include "temp_dir.h"
#include "tlb/backbone_factory.h"

using namespace tlb::agents;

namespace {

Factories export_factories() {
  return {[](const std::string&) { return std::make_unique<testing::PointEnv>(20); },
          tlb::make_backbone};
}

// Trains a few updates of a small policy into `run_dir`.
void train_small(const std::filesystem::path& run_dir, const std::string& backbone) {
  PpoOptions o;
  o.run_dir = run_dir.string();
  o.backbone = backbone;
  o.backbone_options = {{backbone == "mlp" ? "width" : "hidden", "16"}};
  o.num_envs = 2;
  o.num_steps = 16;
  o.num_minibatches = 2;
  o.sequence_length = 4;
  o.update_epochs = 2;
  o.total_timesteps = 3 * 2 * 16;
  o.threads = 1;
  o.device = "cpu";
  PpoTrainer(o, export_factories()).train();
}

int run(const std::string& command, std::string& output) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 512> buffer{};
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) output += buffer.data();
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

TEST_CASE("The Python lines of docs/export.md act as tlb eval does", "[agents]") {
  testing::TempDir dir;
  train_small(dir.path() / "run", "mlp");
  const std::string out = (dir.path() / "policy.pt").string();
  const PolicyExport done = export_policy(dir.path() / "run", out, false, export_factories());
  CHECK(done.backbone == "mlp");
  CHECK(done.tensors == 2 * 2 + 2 + 4);  // two hidden layers, the head, statistics and box
  REQUIRE_THROWS_WITH(export_policy(dir.path() / "run", out, false, export_factories()),
                      Catch::Matchers::Contains("refusing to overwrite"));

  // Observations spread widely, so normalisation clips some entries.
  std::mt19937_64 rng(5);
  std::normal_distribution<double> normal(0.0, 3.0);
  std::vector<std::vector<double>> observations(40, std::vector<double>(3));
  std::ofstream text(dir.path() / "observations.txt");
  text.precision(17);
  for (auto& obs : observations) {
    for (double& v : obs) v = normal(rng);
    text << obs[0] << " " << obs[1] << " " << obs[2] << "\n";
  }
  text.close();

  CheckpointPolicyOptions deterministic;
  deterministic.deterministic = true;
  auto loaded = load_checkpoint_on_env(dir.path() / "run", "", deterministic, export_factories());
  loaded.policy->reset(0);

  std::string output;
  const int status = run("cd '" + dir.path().string() +
                             "' && /usr/bin/python3 '" TLB_SOURCE_DIR
                             "/tests/agents/run_export_doc.py' '" TLB_SOURCE_DIR
                             "/docs/export.md' observations.txt",
                         output);
  INFO(output);
  REQUIRE(status == 0);
  std::istringstream lines(output);
  double largest = 0;
  for (const auto& obs : observations) {
    const std::vector<double> expected = loaded.policy->act(obs);
    REQUIRE(expected.size() == 2);
    for (double e : expected) {
      double got = NAN;
      REQUIRE(lines >> got);
      largest = std::max(largest, std::fabs(got - e));
    }
  }
  INFO("largest difference " << largest);
  CHECK(largest <= 1e-5);

  // torch.load gives a plain dict: strings as str, numbers as int, float and bool.
  output.clear();
  const int loaded_status =
      run("cd '" + dir.path().string() +
              "' && /usr/bin/python3 -c \"import torch\n"
              "p = torch.load('policy.pt')\n"
              "keys = ['env_id', 'backbone', 'algorithm', 'activation', 'format', 'norm_obs',"
              " 'obs_clip', 'obs_epsilon']\n"
              "print(type(p).__name__, *(k + '=' + repr(p[k]) for k in keys),"
              " p['obs_mean'].dtype, p['action_low'].dtype)\"",
          output);
  INFO(output);
  REQUIRE(loaded_status == 0);
  const std::filesystem::path latest = dir.path() / "run" / "latest.pt";
  CHECK(output.find("dict env_id='" + trained_options(latest).env_id +
                    "' backbone='mlp' algorithm='" + trained_algorithm(latest) +
                    "' activation='tanh' format=1 norm_obs=True obs_clip=10.0 "
                    "obs_epsilon=1e-08 torch.float64 torch.float32\n") != std::string::npos);
}

TEST_CASE("Export refuses policies the Python lines cannot run", "[agents]") {
  testing::TempDir dir;
  train_small(dir.path() / "run", "gru");
  REQUIRE_THROWS_WITH(
      export_policy(dir.path() / "run", (dir.path() / "p.pt").string(), false, export_factories()),
      Catch::Matchers::Contains("expected a memoryless mlp policy") &&
          Catch::Matchers::Contains("found backbone gru"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "p.pt"));
}
