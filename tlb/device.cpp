#include "tlb/device.h"

#include <torch/cuda.h>

#include <stdexcept>

namespace tlb {

c10::Device resolve_device(const std::string& name) {
  if (name == "auto")
    return torch::cuda::is_available() ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  const std::string expected = "--device: expected cpu, cuda, cuda:N or auto, found '" + name + "'";
  c10::Device device(c10::kCPU);
  try {
    device = c10::Device(name);
  } catch (const std::exception&) {
    throw std::invalid_argument(expected);
  }
  if (!device.is_cpu() && !device.is_cuda()) throw std::invalid_argument(expected);
  if (device.is_cuda() && !torch::cuda::is_available()) {
    throw std::invalid_argument("--device " + name + ": this LibTorch sees no CUDA device");
  }
  return device;
}

}  // namespace tlb
