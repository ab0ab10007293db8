#include "tlb/input_checks.h"

#include <torch/torch.h>

#include <sstream>
#include <stdexcept>

namespace tlb {
namespace {

[[noreturn]] void fail(const std::string& where, const std::string& what,
                       const std::string& expected, const std::string& found) {
  throw std::invalid_argument(where + ": " + what + " expected " + expected + ", found " + found);
}

std::string shape_text(const std::vector<std::string>& dims) {
  std::string out = "[";
  for (size_t i = 0; i < dims.size(); ++i) out += (i ? ", " : "") + dims[i];
  return out + "]";
}

std::string device_text(const torch::Device& device) { return device.str(); }

std::string dtype_text(torch::Dtype dtype) { return std::string(c10::toString(dtype)); }

}  // namespace

torch::Device module_device(const torch::nn::Module& module) {
  const auto params = module.parameters();
  return params.empty() ? torch::Device(torch::kCPU) : params.front().device();
}

torch::Dtype module_dtype(const torch::nn::Module& module) {
  const auto params = module.parameters();
  return params.empty() ? torch::kFloat : params.front().scalar_type();
}

std::string describe_tensor(const torch::Tensor& t) {
  if (!t.defined()) return "an undefined tensor";
  std::ostringstream out;
  out << t.sizes() << " " << t.scalar_type() << " on " << t.device();
  return out.str();
}

void check_sequence_inputs(const std::string& where, const torch::Tensor& inputs,
                           const torch::Tensor& episode_starts, int64_t input_dim,
                           torch::Dtype dtype, const torch::Device& device) {
  const std::string want = shape_text({"B", "T", std::to_string(input_dim)}) + " " +
                           dtype_text(dtype) + " on " + device_text(device);
  if (!inputs.defined() || inputs.dim() != 3 || inputs.size(2) != input_dim ||
      inputs.scalar_type() != dtype || inputs.device() != device) {
    fail(where, "inputs", want, describe_tensor(inputs));
  }
  const std::string want_starts = "[" + std::to_string(inputs.size(0)) + ", " +
                                  std::to_string(inputs.size(1)) + "] Bool on " +
                                  device_text(device);
  if (!episode_starts.defined() || episode_starts.dim() != 2 ||
      episode_starts.size(0) != inputs.size(0) || episode_starts.size(1) != inputs.size(1) ||
      episode_starts.scalar_type() != torch::kBool || episode_starts.device() != device) {
    fail(where, "episode_starts", want_starts, describe_tensor(episode_starts));
  }
}

void check_step_inputs(const std::string& where, const torch::Tensor& input,
                       const torch::Tensor& episode_starts, int64_t input_dim, torch::Dtype dtype,
                       const torch::Device& device) {
  const std::string want = shape_text({"B", std::to_string(input_dim)}) + " " + dtype_text(dtype) +
                           " on " + device_text(device);
  if (!input.defined() || input.dim() != 2 || input.size(1) != input_dim ||
      input.scalar_type() != dtype || input.device() != device) {
    fail(where, "input", want, describe_tensor(input));
  }
  const std::string want_starts =
      "[" + std::to_string(input.size(0)) + "] Bool on " + device_text(device);
  if (!episode_starts.defined() || episode_starts.dim() != 1 ||
      episode_starts.size(0) != input.size(0) || episode_starts.scalar_type() != torch::kBool ||
      episode_starts.device() != device) {
    fail(where, "episode_starts", want_starts, describe_tensor(episode_starts));
  }
}

void check_state_like(const std::string& where, const RecurrentState& state,
                      const RecurrentState& like, int64_t free_dim) {
  if (state.parts.size() != like.parts.size()) {
    fail(where, "state", std::to_string(like.parts.size()) + " parts",
         std::to_string(state.parts.size()));
  }
  for (size_t i = 0; i < like.parts.size(); ++i) {
    const auto& p = state.parts[i];
    const auto& q = like.parts[i];
    bool ok = p.defined() && p.dim() == q.dim() && p.scalar_type() == q.scalar_type() &&
              p.device() == q.device();
    for (int64_t d = 0; ok && d < q.dim(); ++d) {
      if (d != free_dim || q.dim() < 2) ok = p.size(d) == q.size(d);
    }
    if (!ok) {
      std::ostringstream want;
      want << q.sizes() << " " << q.scalar_type() << " on " << q.device();
      if (free_dim >= 0) want << " (any size in dimension " << free_dim << ")";
      fail(where, "state part " + std::to_string(i), want.str(), describe_tensor(p));
    }
  }
}

}  // namespace tlb
