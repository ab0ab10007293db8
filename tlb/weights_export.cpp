#include "tlb/weights_export.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <cstdio>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace tlb {
namespace {

void write_atomically(const std::vector<char>& bytes, const std::string& path) {
  const std::string temp = path + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::remove(temp.c_str());
      throw std::runtime_error("cannot write " + temp + " (expected a writable path)");
    }
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    throw std::runtime_error("cannot rename " + temp + " to " + path);
  }
}

}  // namespace

void save_tensor_dict(const std::map<std::string, torch::Tensor>& tensors,
                      const std::string& path) {
  c10::Dict<std::string, at::Tensor> dict;
  for (const auto& [name, t] : tensors) {
    dict.insert(name, t.detach().to(torch::kCPU).contiguous());
  }
  write_atomically(torch::pickle_save(c10::IValue(dict)), path);
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
