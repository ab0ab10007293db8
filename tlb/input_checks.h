// Checks every backbone runs on its inputs before touching them, so a wrong shape, dtype or
// device fails with one line naming what was expected and what was found, instead of a
// broadcasting surprise or an error deep inside a matmul.
//
// Legend: B batch rows, T steps, I input width.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <string>

#include "tlb/recurrent_state.h"

namespace tlb {

// The device and dtype of `module`'s first parameter (CPU float32 for a module without any).
torch::Device module_device(const torch::nn::Module& module);
torch::Dtype module_dtype(const torch::nn::Module& module);

// "[2, 3, 4] Float on cpu": how error messages describe a tensor.
std::string describe_tensor(const torch::Tensor& t);

// forward_sequence's inputs [B, T, input_dim] of `dtype` on `device` and episode_starts
// [B, T] bool on the same device. `where` prefixes the message ("lstm.forward_sequence").
// Throws std::invalid_argument.
void check_sequence_inputs(const std::string& where, const torch::Tensor& inputs,
                           const torch::Tensor& episode_starts, int64_t input_dim,
                           torch::Dtype dtype, const torch::Device& device);

// step's input [B, input_dim] and episode_starts [B] bool, as above.
void check_step_inputs(const std::string& where, const torch::Tensor& input,
                       const torch::Tensor& episode_starts, int64_t input_dim, torch::Dtype dtype,
                       const torch::Device& device);

// `state` has the parts of `like` (an initial_state of the same batch): the same count, and
// each part the same shape, dtype and device; dimension `free_dim` of each part of rank > 1
// may differ (a cache that grows), -1 for none. Throws std::invalid_argument.
void check_state_like(const std::string& where, const RecurrentState& state,
                      const RecurrentState& like, int64_t free_dim = -1);

}  // namespace tlb
