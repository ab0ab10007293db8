// Process-wide compute settings of LibTorch: threads, BLAS, CUDA. Kept free of torch headers
// so the command line can include it cheaply.
#pragma once

#include <string>

namespace tlb {

// Sets LibTorch's intra-op threads to `threads` (<= 0: all cores) and makes the BLAS use
// the same count, so the two never oversubscribe the machine. Returns the count set.
int set_compute_threads(int threads);

// The number of cores this process may run on.
int available_cores();

// "1.13.0"-style version of the LibTorch this binary runs with.
std::string torch_version();

// The BLAS LibTorch's matrix products end up in: "OpenBLAS <config>" when an OpenBLAS is
// loaded, otherwise "reference BLAS (slow: install libopenblas0-openmp)".
std::string blas_description();

// Whether a CUDA device can be used.
bool cuda_available();

}  // namespace tlb
