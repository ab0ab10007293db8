// Checkpoints of a PPO run: model, optimizer, normaliser statistics, the torch generator's
// state, step counters and the full configuration (as the INI text of ppo_options_to_text).
//
// Files in the run folder: checkpoint_<update>.pt for each one written, and latest.pt, the
// one to resume from. Each file is written by common::write_file_atomically (temporary name,
// fsync, rename, fsync of the folder), so a kill at any moment leaves latest.pt either the old
// complete file or the new complete file, never half of one; a temporary left behind by a kill
// is never read.
#pragma once

#include <torch/nn/module.h>
#include <torch/optim/optimizer.h>
#include <torch/types.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "envs/running_mean_std.h"

namespace tlb::agents {

// Everything a checkpoint holds besides the model and optimizer tensors.
struct CheckpointState {
  std::string config_text;                 // ppo_options_to_text of the run
  int64_t update = 0;                      // updates completed
  int64_t global_step = 0;                 // env steps completed over all envs
  torch::Tensor rng_state;                 // state of the run's torch CPU generator (uint8)
  envs::RunningMeanStdState obs_stats;     // observation normaliser
  envs::RunningMeanStdState return_stats;  // reward scaler (discounted-return variance)
};

// Name of the file resumed from.
inline constexpr const char* kLatestCheckpoint = "latest.pt";

// Writes checkpoint_<update>.pt and then latest.pt in `run_dir`, each atomically. Throws
// std::runtime_error (writing nothing) if a model parameter is not finite, or on I/O errors.
void write_checkpoint(const std::filesystem::path& run_dir, const CheckpointState& state,
                      torch::nn::Module& model, torch::optim::Optimizer* optimizer);

// Writes one checkpoint file at `path` atomically (best.pt: the best evaluation so far), with
// the same checks and contents as write_checkpoint.
void write_checkpoint_file(const std::filesystem::path& path, const CheckpointState& state,
                           torch::nn::Module& model, torch::optim::Optimizer* optimizer);

// Reads `path`: the state always; the model's and optimizer's tensors into them when given
// (the model must have the checkpoint's architecture; tensors land on `device`). Throws
// std::runtime_error naming the file if it is missing, truncated or not a tlb checkpoint.
CheckpointState read_checkpoint(const std::filesystem::path& path, torch::nn::Module* model,
                                torch::optim::Optimizer* optimizer,
                                torch::Device device = torch::kCPU);

}  // namespace tlb::agents
