#include "tlb/weights_export.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "common/atomic_file.h"

namespace tlb {

void save_tensor_dict(const std::map<std::string, torch::Tensor>& tensors,
                      const std::string& path) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, t] : tensors) {
    dict.insert(name, t.detach().to(torch::kCPU).contiguous());
  }
  const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
  common::write_file_atomically(path, std::string_view(bytes.data(), bytes.size()));
}

void export_weights(const torch::nn::Module& module, const std::string& path) {
  std::map<std::string, torch::Tensor> tensors;
  for (const auto& p : module.named_parameters()) tensors[p.key()] = p.value();
  for (const auto& b : module.named_buffers()) tensors[b.key()] = b.value();
  save_tensor_dict(tensors, path);
}

std::map<std::string, torch::Tensor> load_tensor_dict(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path + " (expected a tensor dict file)");
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto value = torch::pickle_load(bytes);
  if (!value.isGenericDict()) {
    throw std::runtime_error(path + ": expected a name -> tensor dict, found " + value.tagKind());
  }
  std::map<std::string, torch::Tensor> out;
  for (const auto& entry : value.toGenericDict()) {
    out[entry.key().toStringRef()] = entry.value().toTensor();
  }
  return out;
}

}  // namespace tlb
