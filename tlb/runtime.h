// Process-wide compute settings of LibTorch: threads, BLAS, CUDA. Kept free of torch headers
// so the command line can include it cheaply.
#pragma once

#include <string>

namespace tlb {

// Sets LibTorch's intra-op threads to `threads` (<= 0: all cores) and makes the BLAS use
// the same count, so the two never oversubscribe the machine. Returns the count set.
int set_compute_threads(int threads);

// Makes glibc's malloc keep freed blocks of up to 32 MiB (its largest setting) for reuse
// instead of handing them back to the system. LibTorch's CPU allocator caches nothing, so
// otherwise every large tensor (an attention score block, B·h·256·S floats) is fresh memory
// whose pages all fault in on first touch: measured up to 3x slower forward+backward for a
// full causal Transformer at T = 4096 on one thread. Also sets MALLOC_MMAP_THRESHOLD_ and
// MALLOC_TRIM_THRESHOLD_ so child processes (the Python reference) get the same. Returns
// false where it does nothing (not glibc).
bool reuse_freed_memory();

// The number of cores this process may run on.
int available_cores();

// "1.13.0"-style version of the LibTorch this binary runs with.
std::string torch_version();

// The BLAS LibTorch's matrix products end up in: "OpenBLAS <config>" when an OpenBLAS is
// loaded, otherwise "reference BLAS (slow: install libopenblas0-openmp)".
std::string blas_description();

// The help line of every --device flag (resolve_device, tlb/device.h, reads the value).
inline constexpr const char* kDeviceHelp = "cpu, cuda, cuda:N, or auto (cuda when available)";

// Whether a CUDA device can be used.
bool cuda_available();

}  // namespace tlb
