// Tests tlb/weights_export.cpp against bench/tlb/tlb_reference.py: the exported TLB weights
// run through the Python reference reproduce the C++ outputs.
#include "tlb/weights_export.h"

#include <torch/torch.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "tlb/temporal_latent_bottleneck.h"

namespace fs = std::filesystem;

namespace {

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, the one with python3-torch

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run_command(const std::string& command) {
  std::array<char, 512> buffer{};
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  REQUIRE(pipe != nullptr);
  while (fgets(buffer.data(), buffer.size(), pipe)) output += buffer.data();
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

// A fresh directory under TMPDIR, removed when the test ends.
struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tlb_reference_XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { fs::remove_all(path); }
};

}  // namespace

TEST_CASE("Python reference reproduces the C++ TLB outputs from exported weights",
          "[tlb][python]") {
  INFO("needs " << kPython << " with python3-torch (set-up installs it)");
  REQUIRE(access(kPython, X_OK) == 0);
  const auto probe = run_command(std::string(kPython) + " -c 'import torch'");
  INFO(probe.output);
  REQUIRE(probe.status == 0);

  const std::string script = std::string(TLB_SOURCE_DIR) + "/bench/tlb/tlb_reference.py";
  auto base = tlb::TlbOptions(6).width(16).heads(4).chunk(5).latents(3).mlp_width(20);
  auto gated = tlb::TlbOptions(base)
                   .groups(2)
                   .slow_update(tlb::SlowUpdate::kGated)
                   .initial_latents(tlb::InitialLatents::kSinusoidal);
  auto deep = tlb::TlbOptions(base).self_layers(2);
  int config = 0;
  for (const auto& options : {base, gated, deep}) {
    torch::manual_seed(11 + config);
    tlb::TlbBackbone model(options);
    model->eval();
    auto inputs = torch::randn({3, 13, 6});  // two full chunks and a partial one
    torch::Tensor outputs;
    {
      torch::NoGradGuard no_grad;
      outputs = model
                    ->forward_sequence(inputs, model->initial_state(3),
                                       torch::zeros({3, 13}, torch::kBool))
                    .features;
    }
    TempDir dir;
    const auto weights = (dir.path / "weights.pt").string();
    const auto input_file = (dir.path / "inputs.pt").string();
    const auto output_file = (dir.path / "outputs.pt").string();
    tlb::export_weights(*model, weights);
    tlb::save_tensor_dict({{"inputs", inputs},
                           {"heads", torch::tensor(options.heads())},
                           {"self_layers", torch::tensor(options.self_layers())},
                           {"groups", torch::tensor(options.groups())}},
                          input_file);
    tlb::save_tensor_dict({{"outputs", outputs}}, output_file);
    const std::string command = std::string(kPython) + " " + script + " " + weights + " " +
                                input_file + " --compare " + output_file;
    const auto result = run_command(command);
    INFO("config " << config << ": " << command << "\n" << result.output);
    CHECK(result.status == 0);
    CHECK(result.output.find("max_abs_diff=") != std::string::npos);

    // The comparison can fail: outputs off by 1e-3 must be rejected.
    tlb::save_tensor_dict({{"outputs", outputs + 1e-3}}, output_file);
    const auto perturbed = run_command(command);
    INFO("perturbed: " << perturbed.output);
    CHECK(perturbed.status == 1);
    ++config;
  }
}

TEST_CASE("Exported weights hold every parameter and buffer by name", "[tlb]") {
  tlb::TlbBackbone model(
      tlb::TlbOptions(4).width(8).heads(2).initial_latents(tlb::InitialLatents::kSinusoidal));
  TempDir tmp;
  const std::string dir = (tmp.path / "weights.pt").string();
  tlb::export_weights(*model, dir);
  auto loaded = tlb::load_tensor_dict(dir);
  fs::remove(dir);
  CHECK(loaded.size() == model->named_parameters().size() + model->named_buffers().size());
  CHECK(torch::equal(loaded.at("initial_latents"), model->initial_latents));
  CHECK(torch::equal(loaded.at("embed.weight"), model->embed->weight));
  REQUIRE_THROWS_WITH(tlb::load_tensor_dict(dir), Catch::Matchers::Contains("expected"));
}
