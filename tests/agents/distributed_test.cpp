// Tests agents/distributed.cpp and PPO's data-parallel hooks with real processes: the test
// executable starts copies of itself as two ranks over Gloo (common/local_launcher), each of
// which runs the hidden "[dist_worker]" case below and saves what it holds for the parent to
// compare.
#include "agents/distributed.h"

#include <torch/torch.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "agents/checkpoint.h"
#include "agents/policy_io.h"
#include "agents/ppo.h"
#include "common/local_launcher.h"
#include "doubles.h"
#include "envs/registry.h"
#include "envs/running_mean_std.h"
#include "temp_dir.h"

using namespace tlb::agents;

namespace {

std::string env_text(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// The parent side: runs two ranks of the worker in `mode`, results under `out`.
int run_ranks(const std::string& mode, const std::filesystem::path& out, double grace_s,
              double timeout_s = 20) {
  ::setenv("TLB_DIST_TEST_MODE", mode.c_str(), 1);
  ::setenv("TLB_DIST_TEST_OUT", out.string().c_str(), 1);
  ::setenv("TLB_DIST_TEST_TIMEOUT", std::to_string(timeout_s).c_str(), 1);
  tlb::common::LocalLaunchOptions launch;
  launch.nproc = 2;
  launch.grace_s = grace_s;
  return tlb::common::launch_local_ranks(tlb::common::current_executable(),
                                         {"[dist_worker]", "--out", "/dev/null"}, launch);
}

std::vector<torch::Tensor> load_tensors(const std::filesystem::path& path) {
  std::vector<torch::Tensor> tensors;
  torch::load(tensors, path.string());
  return tensors;
}

bool all_equal(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!torch::equal(a[i], b[i])) return false;
  }
  return true;
}

// The tiny regression of the gradient test, its data, and one Adam step on rows [begin, end).
struct TinyRegression {
  torch::nn::Linear model{nullptr};
  torch::Tensor x, y;
  TinyRegression() {
    torch::manual_seed(7);
    model = torch::nn::Linear(3, 2);
    x = torch::randn({8, 3});
    y = torch::randn({8, 2});
  }
  void backward(int64_t begin, int64_t end) {
    auto loss = (model(x.slice(0, begin, end)) - y.slice(0, begin, end)).pow(3).abs().mean();
    loss.backward();
  }
  void step(torch::optim::Adam& adam) {
    torch::nn::utils::clip_grad_norm_(model->parameters(), 0.5);
    adam.step();
  }
};

PpoOptions worker_ppo_options(const std::filesystem::path& run_dir) {
  PpoOptions o;
  o.run_dir = run_dir.string();
  o.env_id = "InvertedPendulum-v5";
  o.backbone = "mlp";
  o.num_envs = 2;
  o.num_steps = 32;
  o.num_minibatches = 2;
  o.update_epochs = 2;
  o.total_timesteps = 4 * 2 * 2 * 32;  // 4 updates of 2 ranks
  o.checkpoint_interval = 2;
  o.threads = 1;
  o.device = "cpu";
  o.seed = 5;
  return o;
}

void save_trainer(PpoTrainer& trainer, const std::filesystem::path& path) {
  std::vector<torch::Tensor> saved;
  for (const auto& p : trainer.model()->parameters()) saved.push_back(p.detach().clone());
  const auto stats = trainer.policy_io().observation_statistics();
  saved.push_back(torch::tensor(stats.mean, torch::kFloat64));
  saved.push_back(torch::tensor(stats.var, torch::kFloat64));
  saved.push_back(
      torch::tensor({stats.count, static_cast<double>(trainer.global_step())}, torch::kFloat64));
  torch::save(saved, path.string());
}

}  // namespace

// The worker: hidden, run only by the parent tests below, as one of two ranks.
TEST_CASE("data-parallel worker", "[.dist_worker]") {
  const std::string mode = env_text("TLB_DIST_TEST_MODE");
  const std::filesystem::path out = env_text("TLB_DIST_TEST_OUT");
  REQUIRE(!mode.empty());
  DistOptions d;
  d.timeout_s = std::stod(env_text("TLB_DIST_TEST_TIMEOUT"));
  d = resolve_dist_options(d);
  auto parallel = std::make_shared<DataParallel>(std::make_unique<Communicator>(d, torch::kCPU));
  const std::string rank = std::to_string(parallel->rank());

  if (mode == "gradients") {
    TinyRegression r;
    torch::optim::Adam adam(r.model->parameters(), torch::optim::AdamOptions(0.01));
    parallel->broadcast_from_rank0(r.model->parameters());
    r.backward(parallel->rank() * 4, parallel->rank() * 4 + 4);
    double kl = parallel->rank() == 0 ? 0.25 : 0.75;
    REQUIRE(parallel->average_gradients(r.model->parameters(), /*loss_finite=*/true, kl));
    REQUIRE(kl == 0.5);
    r.step(adam);
    torch::save(r.model->parameters(), (out / ("gradients_rank" + rank + ".pt")).string());
  } else if (mode == "ppo" || mode == "ppo_resume") {
    const auto run_dir = out / ("run_" + mode);
    Factories factories{[](const std::string& id) { return tlb::envs::make_env(id); },
                        testing::make_test_backbone};
    std::unique_ptr<PpoTrainer> trainer =
        std::make_unique<PpoTrainer>(worker_ppo_options(run_dir), factories, parallel);
    if (mode == "ppo_resume") {
      trainer->train(/*stop_after_update=*/2);  // as a kill right after the checkpoint would
      trainer = PpoTrainer::resume(run_dir, factories, {}, parallel);
    }
    trainer->train();
    save_trainer(*trainer, out / (mode + "_rank" + rank + ".pt"));
  } else if (mode == "die" || mode == "hang") {
    auto ping = torch::ones({4});
    parallel->communicator().all_reduce_sum(ping, "a first value");  // both joined
    if (parallel->rank() == 1) {
      if (mode == "die") std::_Exit(3);
      std::this_thread::sleep_for(std::chrono::seconds(60));
      std::_Exit(0);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    const auto start = std::chrono::steady_clock::now();
    std::string message = "(no error)";
    try {
      parallel->communicator().all_reduce_sum(ping, "a second value");
    } catch (const std::runtime_error& e) {
      message = e.what();
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::ofstream(out / (mode + "_rank0.txt")) << seconds << "\n" << message << "\n";
    std::_Exit(1);
  } else {
    FAIL("unknown mode " + mode);
  }
}

TEST_CASE("Merging running statistics inverts and matches one pass over all rows", "[agents]") {
  tlb::envs::RunningMeanStd all(2), first(2);
  std::vector<float> a = {1, 2, 3, 5, -1, 0.5f}, b = {4, 4, 0, 1};
  all.update(a.data(), 3);
  all.update(b.data(), 2);
  first.update(a.data(), 3);
  const auto before = first.state();
  first.update(b.data(), 2);
  const auto added = running_stats_added(before, first.state());
  REQUIRE(added.count == Approx(2));
  REQUIRE(added.mean[0] == Approx(2.0));
  REQUIRE(added.var[1] == Approx(2.25));
  const auto merged = merge_running_stats(before, added);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(merged.mean[i] == Approx(all.state().mean[i]).epsilon(1e-12));
    REQUIRE(merged.var[i] == Approx(all.state().var[i]).epsilon(1e-12));
  }
}

TEST_CASE("A parameter fingerprint changes with any bit", "[agents]") {
  auto t = torch::randn({5});
  const auto h = tensors_fingerprint({t});
  REQUIRE(tensors_fingerprint({t.clone()}) == h);
  auto u = t.clone();
  auto* bits = reinterpret_cast<uint32_t*>(u.data_ptr<float>());
  bits[3] ^= 1u;
  REQUIRE(tensors_fingerprint({u}) != h);
}

TEST_CASE("Bad distributed settings are one clear error", "[agents]") {
  DistOptions d;
  d.world_size = 2;
  d.rank = 2;
  d.master_port = 1234;
  REQUIRE_THROWS_WITH(resolve_dist_options(d), Catch::Contains("dist.rank"));
  d.rank = 0;
  d.timeout_s = 0;
  REQUIRE_THROWS_WITH(resolve_dist_options(d), Catch::Contains("dist.timeout"));
}

TEST_CASE("Two ranks over Gloo: one update over two half-batches equals one over the batch",
          "[agents][distributed]") {
  testing::TempDir dir;
  REQUIRE(run_ranks("gradients", dir.path(), 5) == 0);
  const auto rank0 = load_tensors(dir.path() / "gradients_rank0.pt");
  const auto rank1 = load_tensors(dir.path() / "gradients_rank1.pt");
  REQUIRE(all_equal(rank0, rank1));

  TinyRegression whole;
  torch::optim::Adam adam(whole.model->parameters(), torch::optim::AdamOptions(0.01));
  const auto before = whole.model->parameters()[0].detach().clone();
  whole.backward(0, 8);
  whole.step(adam);
  const auto params = whole.model->parameters();
  REQUIRE(!torch::equal(params[0], before));
  for (size_t i = 0; i < params.size(); ++i) {
    REQUIRE(torch::allclose(rank0[i], params[i], /*rtol=*/1e-6, /*atol=*/1e-7));
  }
}

TEST_CASE("Two PPO ranks over Gloo stay bit-identical, and a killed 2-rank run resumes exactly",
          "[agents][distributed]") {
  testing::TempDir dir;
  REQUIRE(run_ranks("ppo", dir.path(), 5) == 0);
  REQUIRE(run_ranks("ppo_resume", dir.path(), 5) == 0);
  const auto rank0 = load_tensors(dir.path() / "ppo_rank0.pt");
  const auto rank1 = load_tensors(dir.path() / "ppo_rank1.pt");
  // Parameters and normaliser statistics agree to the bit across ranks.
  REQUIRE(all_equal(rank0, rank1));
  // The statistics hold both ranks' observations: per rank, 2 segments' resets of 2 envs and
  // 4 rollouts of 2 x 32 steps.
  const auto counts = rank0.back();
  REQUIRE(counts[0].item<double>() == Approx(2 * (2 * 2 + 4 * 2 * 32) + 1e-4));
  REQUIRE(counts[1].item<double>() == 4 * 2 * 2 * 32);  // the global step count
  // Resumed from the checkpoint after update 2 on both ranks: the uninterrupted run's result.
  REQUIRE(all_equal(load_tensors(dir.path() / "ppo_resume_rank0.pt"), rank0));
  REQUIRE(all_equal(load_tensors(dir.path() / "ppo_resume_rank1.pt"), rank1));
  // Rank 0 alone wrote the run folder; its checkpoint holds the global step count.
  const auto state = read_checkpoint(dir.path() / "run_ppo" / "latest.pt", nullptr, nullptr);
  REQUIRE(state.global_step == 4 * 2 * 2 * 32);
  REQUIRE(state.update == 4);
}

TEST_CASE("A rank that dies or hangs stops the other with one clear line within the timeout",
          "[agents][distributed]") {
  testing::TempDir dir;
  // Dies: the launcher reports rank 1's status and gives rank 0 time to notice on its own.
  REQUIRE(run_ranks("die", dir.path(), /*grace_s=*/30, /*timeout_s=*/3) == 3);
  // Hangs: rank 0 gives up after the timeout; the launcher then stops rank 1.
  REQUIRE(run_ranks("hang", dir.path(), /*grace_s=*/0, /*timeout_s=*/3) == 1);
  for (const char* mode : {"die", "hang"}) {
    std::ifstream in(dir.path() / (std::string(mode) + "_rank0.txt"));
    double seconds = -1;
    std::string message;
    in >> seconds;
    in.ignore();
    std::getline(in, message);
    INFO(mode << ": " << seconds << " s: " << message);
    REQUIRE(message.rfind("distributed: rank 0 of 2: all-reduce of a second value failed: ", 0) ==
            0);
    REQUIRE(message.find("timeout 3 s") != std::string::npos);
    if (std::string(mode) == "die") {
      REQUIRE(seconds < 2.5);  // the closed socket, not the 3 s timeout
    } else {
      REQUIRE(seconds > 2.5);  // the timeout, and not much more
      REQUIRE(seconds < 3 + 5);
    }
  }
}
