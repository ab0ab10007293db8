#include "agents/checkpoint.h"

#include <torch/torch.h>

#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "common/atomic_file.h"

namespace tlb::agents {
namespace {

// Stored under "format"; bump when the layout changes.
constexpr const char* kFormat = "tlb-ppo-checkpoint-1";

torch::Tensor stats_tensor(const std::vector<double>& v) {
  return torch::tensor(v, torch::kFloat64);
}

std::vector<double> stats_vector(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

void write_stats(torch::serialize::OutputArchive& archive, const std::string& name,
                 const envs::RunningMeanStdState& s) {
  archive.write(name + "/mean", stats_tensor(s.mean));
  archive.write(name + "/var", stats_tensor(s.var));
  archive.write(name + "/count", torch::tensor(s.count, torch::kFloat64));
}

envs::RunningMeanStdState read_stats(torch::serialize::InputArchive& archive,
                                     const std::string& name) {
  torch::Tensor mean, var, count;
  archive.read(name + "/mean", mean);
  archive.read(name + "/var", var);
  archive.read(name + "/count", count);
  envs::RunningMeanStdState s;
  s.mean = stats_vector(mean);
  s.var = stats_vector(var);
  s.count = count.item<double>();
  return s;
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

// The bytes of a checkpoint file.
std::string checkpoint_bytes(const CheckpointState& state, torch::nn::Module& model,
                             torch::optim::Optimizer* optimizer) {
  for (const auto& p : model.named_parameters()) {
    if (!torch::isfinite(p.value()).all().item<bool>()) {
      throw std::runtime_error("refusing to write a checkpoint: parameter " + p.key() +
                               " is not finite");
    }
  }
  torch::serialize::OutputArchive archive;
  archive.write("format", c10::IValue(std::string(kFormat)));
  archive.write("config", c10::IValue(state.config_text));
  archive.write("update", torch::tensor(state.update, torch::kInt64));
  archive.write("global_step", torch::tensor(state.global_step, torch::kInt64));
  archive.write("rng_state", state.rng_state.defined() ? state.rng_state : torch::empty({0}));
  write_stats(archive, "obs_stats", state.obs_stats);
  write_stats(archive, "return_stats", state.return_stats);
  torch::serialize::OutputArchive model_archive;
  model.save(model_archive);
  archive.write("model", model_archive);
  if (optimizer) {
    torch::serialize::OutputArchive optimizer_archive;
    optimizer->save(optimizer_archive);
    archive.write("optimizer", optimizer_archive);
  }
  std::ostringstream bytes;
  archive.save_to(bytes);
  return bytes.str();
}

}  // namespace

void write_checkpoint(const std::filesystem::path& run_dir, const CheckpointState& state,
                      torch::nn::Module& model, torch::optim::Optimizer* optimizer) {
  const std::string bytes = checkpoint_bytes(state, model, optimizer);
  char name[64];
  std::snprintf(name, sizeof(name), "checkpoint_%06lld.pt", static_cast<long long>(state.update));
  common::write_file_atomically(run_dir / name, bytes);
  common::write_file_atomically(run_dir / kLatestCheckpoint, bytes);
}

void write_checkpoint_file(const std::filesystem::path& path, const CheckpointState& state,
                           torch::nn::Module& model, torch::optim::Optimizer* optimizer) {
  common::write_file_atomically(path, checkpoint_bytes(state, model, optimizer));
}

CheckpointState read_checkpoint(const std::filesystem::path& path, torch::nn::Module* model,
                                torch::optim::Optimizer* optimizer, torch::Device device) {
  if (!std::filesystem::is_regular_file(path)) {
    throw std::runtime_error("checkpoint '" + path.string() + "' does not exist");
  }
  CheckpointState state;
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string(), device);
    c10::IValue format, config;
    if (!archive.try_read("format", format) || !format.isString() ||
        format.toStringRef() != kFormat) {
      throw std::runtime_error(std::string("expected format ") + kFormat);
    }
    archive.read("config", config);
    state.config_text = config.toStringRef();
    torch::Tensor update, global_step;
    archive.read("update", update);
    archive.read("global_step", global_step);
    state.update = update.item<int64_t>();
    state.global_step = global_step.item<int64_t>();
    archive.read("rng_state", state.rng_state);
    state.rng_state = state.rng_state.to(torch::kCPU);
    state.obs_stats = read_stats(archive, "obs_stats");
    state.return_stats = read_stats(archive, "return_stats");
    if (model) {
      torch::serialize::InputArchive model_archive;
      archive.read("model", model_archive);
      model->load(model_archive);
    }
    if (optimizer) {
      torch::serialize::InputArchive optimizer_archive;
      archive.read("optimizer", optimizer_archive);
      optimizer->load(optimizer_archive);
    }
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot read checkpoint '" + path.string() +
                             "': truncated, corrupt or not a tlb PPO checkpoint (" +
                             first_line(e.what()) + ")");
  }
  return state;
}

}  // namespace tlb::agents
