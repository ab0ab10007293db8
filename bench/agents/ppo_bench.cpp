// PPO end to end (rollout + learning) on one env: steps per second and the returns reached.
// Prints one JSON object.
//
//   ppo_bench ENV BACKBONE STEPS [NUM_ENVS NUM_STEPS THREADS ENV_THREADS SEED]
//
// BACKBONE is any kind of tlb::make_backbone, with its default options.
#include <torch/torch.h>

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "agents/ppo.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"

using namespace tlb;

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: ppo_bench ENV BACKBONE STEPS [NUM_ENVS NUM_STEPS THREADS ENV_THREADS "
                 "SEED]\n");
    return 2;
  }
  try {
    agents::PpoOptions o;
    o.env_id = argv[1];
    o.backbone = argv[2];
    o.total_timesteps = std::stoll(argv[3]);
    if (argc > 4) o.num_envs = std::stoll(argv[4]);
    if (argc > 5) o.num_steps = std::stoll(argv[5]);
    if (argc > 6) o.threads = std::stoll(argv[6]);
    if (argc > 7) o.env_threads = std::stoll(argv[7]);
    if (argc > 8) o.seed = std::stoull(argv[8]);
    o.device = "cpu";
    o.checkpoint_interval = 1000000;  // only the final one
    const auto dir =
        std::filesystem::temp_directory_path() / ("ppo_bench_" + std::to_string(::getpid()));
    o.run_dir = dir.string();
    agents::Factories factories{[](const std::string& id) { return envs::make_env(id); },
                                tlb::make_backbone};
    const auto start = std::chrono::steady_clock::now();
    agents::PpoTrainer trainer(o, factories);
    trainer.train();
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // Mean return of the first and last 10 episodes.
    std::ifstream in(dir / "episodes.csv");
    std::string line;
    std::getline(in, line);
    std::vector<double> returns;
    while (std::getline(in, line)) returns.push_back(std::stod(line.substr(line.find(',') + 1)));
    auto mean = [&](size_t begin, size_t end) {
      double s = 0;
      for (size_t i = begin; i < end; ++i) s += returns[i];
      return end > begin ? s / (end - begin) : 0.0;
    };
    const size_t n = returns.size(), k = std::min<size_t>(10, n);
    std::printf(
        "{\"env\": \"%s\", \"backbone\": \"%s\", \"steps\": %lld, \"num_envs\": %lld, "
        "\"num_steps\": %lld, \"threads\": %lld, \"env_threads\": %lld, \"seed\": %llu, "
        "\"wall_s\": %.2f, \"sps\": %.1f, \"episodes\": %zu, \"first10_return\": %.1f, "
        "\"last10_return\": %.1f}\n",
        o.env_id.c_str(), o.backbone.c_str(), static_cast<long long>(trainer.global_step()),
        static_cast<long long>(o.num_envs), static_cast<long long>(o.num_steps),
        static_cast<long long>(o.threads), static_cast<long long>(o.env_threads),
        static_cast<unsigned long long>(o.seed), wall, trainer.global_step() / wall, n, mean(0, k),
        mean(n - k, n));
    std::filesystem::remove_all(dir);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ppo_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
