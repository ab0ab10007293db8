// The device a command's --device names: where a backbone, and the policy around it, runs.
#pragma once

#include <c10/core/Device.h>

#include <string>

namespace tlb {

// "cpu", "cuda", "cuda:N" or "auto" (the first CUDA device when there is one, else the CPU).
// Throws std::invalid_argument naming what was expected and found, or when CUDA is asked for
// and this LibTorch sees none.
c10::Device resolve_device(const std::string& name);

}  // namespace tlb
