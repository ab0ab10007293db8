// Tests agents/checkpoint.cpp: round trip, atomic replacement, clear errors.
#include "agents/checkpoint.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "temp_dir.h"

using namespace tlb::agents;

namespace {

CheckpointState sample_state(int64_t update) {
  CheckpointState s;
  s.config_text = "seed = 7\n";
  s.update = update;
  s.global_step = update * 100;
  s.rng_state = at::make_generator<at::CPUGeneratorImpl>(3).get_state();
  s.obs_stats.mean = {1.5, -2.0};
  s.obs_stats.var = {1.0, 4.0};
  s.obs_stats.count = 42;
  s.return_stats.mean = {0.0};
  s.return_stats.var = {2.0};
  s.return_stats.count = 7;
  return s;
}

}  // namespace

TEST_CASE("A checkpoint restores model, optimizer, statistics and counters", "[agents]") {
  testing::TempDir dir;
  torch::nn::Linear model(3, 2);
  torch::optim::Adam adam(model->parameters(), torch::optim::AdamOptions(1e-3));
  model(torch::ones({4, 3})).sum().backward();
  adam.step();
  write_checkpoint(dir.path(), sample_state(5), *model, &adam);
  REQUIRE(std::filesystem::exists(dir.path() / "checkpoint_000005.pt"));

  torch::nn::Linear other(3, 2);
  torch::optim::Adam other_adam(other->parameters(), torch::optim::AdamOptions(1e-3));
  auto s = read_checkpoint(dir.path() / kLatestCheckpoint, other.get(), &other_adam);
  REQUIRE(s.update == 5);
  REQUIRE(s.global_step == 500);
  REQUIRE(s.config_text == "seed = 7\n");
  REQUIRE(s.obs_stats.mean == std::vector<double>{1.5, -2.0});
  REQUIRE(s.obs_stats.count == 42);
  REQUIRE(torch::equal(other->weight, model->weight));
  REQUIRE(torch::equal(s.rng_state, sample_state(0).rng_state));
  // Same optimizer state: one more identical step keeps the two equal.
  model->zero_grad();
  other->zero_grad();
  model(torch::ones({4, 3})).sum().backward();
  other(torch::ones({4, 3})).sum().backward();
  adam.step();
  other_adam.step();
  REQUIRE(torch::equal(other->weight, model->weight));
}

TEST_CASE("A stale temporary file never becomes the latest checkpoint", "[agents]") {
  testing::TempDir dir;
  torch::nn::Linear model(3, 2);
  write_checkpoint(dir.path(), sample_state(1), *model, nullptr);
  // What a kill in the middle of writing leaves behind: a half-written temporary.
  std::ofstream(dir.path() / ".latest.pt.tmp-99999") << "half a checkpoint";
  auto s = read_checkpoint(dir.path() / kLatestCheckpoint, nullptr, nullptr);
  REQUIRE(s.update == 1);
  write_checkpoint(dir.path(), sample_state(2), *model, nullptr);
  REQUIRE(read_checkpoint(dir.path() / kLatestCheckpoint, nullptr, nullptr).update == 2);
  REQUIRE(read_checkpoint(dir.path() / "checkpoint_000001.pt", nullptr, nullptr).update == 1);
}

TEST_CASE("A corrupt or missing checkpoint gives a clear error", "[agents]") {
  testing::TempDir dir;
  torch::nn::Linear model(3, 2);
  write_checkpoint(dir.path(), sample_state(1), *model, nullptr);
  const auto path = dir.path() / kLatestCheckpoint;
  const auto size = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, size / 2);
  REQUIRE_THROWS_WITH(read_checkpoint(path, nullptr, nullptr),
                      Catch::Matchers::Contains("cannot read checkpoint") &&
                          Catch::Matchers::Contains("truncated, corrupt"));
  REQUIRE_THROWS_WITH(read_checkpoint(dir.path() / "nope.pt", nullptr, nullptr),
                      Catch::Matchers::Contains("does not exist"));
}

TEST_CASE("A model with a non-finite parameter is never checkpointed", "[agents]") {
  testing::TempDir dir;
  torch::nn::Linear model(3, 2);
  write_checkpoint(dir.path(), sample_state(1), *model, nullptr);
  {
    torch::NoGradGuard no_grad;
    model->weight[0][0] = std::nanf("");
  }
  REQUIRE_THROWS_WITH(write_checkpoint(dir.path(), sample_state(2), *model, nullptr),
                      Catch::Matchers::Contains("not finite"));
  REQUIRE(read_checkpoint(dir.path() / kLatestCheckpoint, nullptr, nullptr).update == 1);
}
