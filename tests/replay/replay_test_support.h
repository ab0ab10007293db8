// Helpers for replay/ tests: a temporary folder, and synthetic episodes whose every field
// differs, so a round trip that mixes up fields or rows fails.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

#include "replay/dataset_metadata.h"
#include "replay/episode.h"

namespace tlb::replay::testing {

// A fresh folder under $TMPDIR, removed with everything in it at scope exit.
class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base ? base : "/tmp") + "/tlb_replay_test_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// An episode of `steps` steps with observation width 5, action width 3, two info keys and
// the state fields a MuJoCo env records; values depend on `salt`.
inline Episode make_episode(size_t steps, double salt, bool terminated = false) {
  Episode e;
  e.seed = static_cast<uint64_t>(salt * 1000) + 7;
  e.observations = Matrix(steps + 1, 5);
  for (size_t i = 0; i < e.observations.values.size(); ++i) {
    e.observations.values[i] = salt + 0.001 * static_cast<double>(i) + 1e-13;
  }
  e.actions = Matrix(steps, 3);
  for (size_t i = 0; i < e.actions.values.size(); ++i) {
    e.actions.values[i] = -salt + 0.01 * static_cast<double>(i) + 1e-15;
  }
  for (size_t t = 0; t < steps; ++t) {
    e.rewards.push_back(salt * 0.5 + static_cast<double>(t));
    e.terminations.push_back(terminated && t + 1 == steps);
    e.truncations.push_back(!terminated && t + 1 == steps);
  }
  NamedMatrix x{"x_position", Matrix(steps + 1, 1)};
  NamedMatrix ctrl{"reward_ctrl", Matrix(steps + 1, 1)};
  for (size_t t = 0; t <= steps; ++t) {
    x.data.values[t] = salt + 0.1 * static_cast<double>(t);
    ctrl.data.values[t] = -0.01 * static_cast<double>(t);
  }
  e.infos = {x, ctrl};
  const std::pair<const char*, size_t> fields[] = {{"qpos", 4}, {"qvel", 3},           {"act", 0},
                                                   {"ctrl", 3}, {"qacc_warmstart", 3}, {"time", 1}};
  for (const auto& [name, width] : fields) {
    NamedMatrix field{name, Matrix(steps + 1, width)};
    for (size_t i = 0; i < field.data.values.size(); ++i) {
      field.data.values[i] = salt * 3 + 1.0 / (1.0 + static_cast<double>(i));
    }
    e.states.push_back(field);
  }
  return e;
}

inline DatasetMetadata make_metadata() {
  DatasetMetadata m;
  m.dataset_id = "test-synthetic-v0";
  m.env_spec = R"({"id": "Hopper-v5", "kwargs": {}, "additional_wrappers": []})";
  m.observation_space =
      R"({"type": "Box", "dtype": "float64", "shape": [5], "low": [-1, -1, -1, -1, -1], )"
      R"("high": [1, 1, 1, 1, 1]})";
  m.action_space = R"({"type": "Box", "dtype": "float64", "shape": [3], "low": [-1, -1, -1], )"
                   R"("high": [1, 1, 1]})";
  m.algorithm_name = "random";
  m.task = "Hopper-v5:ctrl_cost_weight=0.01";
  m.model_hash = "abc123";
  m.mujoco_version = "2.2.2";
  m.policy_checkpoint = "runs/x/checkpoint.pt";
  m.policy_checkpoint_hash = "def456";
  m.source = "training";
  m.backbone = "gru";
  m.training_run = "runs/x";
  m.training_config = "env = Hopper-v5\nseed = 42\n";
  m.seed = 42;
  m.tlb_version = "0.1.0";
  return m;
}

}  // namespace tlb::replay::testing
