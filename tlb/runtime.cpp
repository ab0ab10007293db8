#include "tlb/runtime.h"

#include <dlfcn.h>
#include <sched.h>
#include <torch/cuda.h>
#include <torch/utils.h>
#include <torch/version.h>

#include <cstdlib>
#include <string>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tlb {
namespace {

// OpenBLAS is found at run time, not linked: Debian's LibTorch reaches BLAS through the
// libblas.so.3 alternative, which is OpenBLAS only when one is installed.
template <typename Fn>
Fn find_openblas_symbol(const char* name) {
  return reinterpret_cast<Fn>(dlsym(RTLD_DEFAULT, name));
}

}  // namespace

bool reuse_freed_memory() {
#if defined(__GLIBC__)
  // glibc refuses an mmap threshold above half its heap size (32 MiB on 64-bit systems).
  constexpr int kMmapThreshold = 32 << 20;
  constexpr int kTrimThreshold = 1 << 30;
  const bool set = mallopt(M_MMAP_THRESHOLD, kMmapThreshold) == 1 &&
                   mallopt(M_TRIM_THRESHOLD, kTrimThreshold) == 1;
  setenv("MALLOC_MMAP_THRESHOLD_", std::to_string(kMmapThreshold).c_str(), 1);
  setenv("MALLOC_TRIM_THRESHOLD_", std::to_string(kTrimThreshold).c_str(), 1);
  return set;
#else
  return false;
#endif
}

int available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

int set_compute_threads(int threads) {
  if (threads <= 0) threads = available_cores();
  torch::set_num_threads(threads);
  if (auto set_blas = find_openblas_symbol<void (*)(int)>("openblas_set_num_threads")) {
    set_blas(threads);
  }
  return threads;
}

std::string torch_version() { return TORCH_VERSION; }

std::string blas_description() {
  if (auto config = find_openblas_symbol<char* (*)()>("openblas_get_config")) {
    std::string text = "OpenBLAS " + std::string(config());
    if (auto core = find_openblas_symbol<char* (*)()>("openblas_get_corename")) {
      text += " (" + std::string(core()) + ")";
    }
    return text;
  }
  return "reference BLAS (slow: install libopenblas0-openmp)";
}

bool cuda_available() { return torch::cuda::is_available(); }

}  // namespace tlb
