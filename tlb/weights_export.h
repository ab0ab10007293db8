// Weights and tensors in a file Python reads with plain `torch.load(path)`: a pickled
// name -> tensor dict (torch::pickle_save), so a Python reference can check the C++ model.
//
// Files are written by common::write_file_atomically (temporary name, fsync, rename), so a
// failure never leaves half a file behind.
#pragma once

#include <torch/nn/module.h>
#include <torch/types.h>

#include <map>
#include <string>

namespace tlb {

// Every named parameter and buffer of `module` ("embed.weight", ...), as CPU tensors.
// Throws std::runtime_error naming the path if it cannot be written.
void export_weights(const torch::nn::Module& module, const std::string& path);

// `tensors` by name, as CPU tensors, in the same format.
void save_tensor_dict(const std::map<std::string, torch::Tensor>& tensors, const std::string& path);

// A tensor dict written by save_tensor_dict or by Python's torch.save({name: tensor}).
std::map<std::string, torch::Tensor> load_tensor_dict(const std::string& path);

}  // namespace tlb
