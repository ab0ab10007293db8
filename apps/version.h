// `tlb --version`: what this binary is built from and runs on.
#pragma once

#include <ostream>

namespace tlb::apps {

// Prints the project version, LibTorch, MuJoCo and HDF5 versions, the BLAS in use and
// whether CUDA is available, one `name: value` per line.
void print_versions(std::ostream& out);

}  // namespace tlb::apps
