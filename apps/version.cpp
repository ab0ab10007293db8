#include "apps/version.h"

#include <H5public.h>
#include <mujoco/mujoco.h>

#include "tlb/runtime.h"

#ifndef TLB_VERSION
#error "TLB_VERSION must be defined by the build"
#endif

namespace tlb::apps {

void print_versions(std::ostream& out) {
  unsigned hdf5_major = 0, hdf5_minor = 0, hdf5_release = 0;
  H5get_libversion(&hdf5_major, &hdf5_minor, &hdf5_release);
  out << "tlb " << TLB_VERSION << "\n"
      << "libtorch: " << tlb::torch_version() << "\n"
      << "mujoco: " << mj_versionString() << "\n"
      << "hdf5: " << hdf5_major << "." << hdf5_minor << "." << hdf5_release << "\n"
      << "blas: " << tlb::blas_description() << "\n"
      << "cuda: " << (tlb::cuda_available() ? "available" : "not available") << "\n"
      << "cores: " << tlb::available_cores() << "\n";
}

}  // namespace tlb::apps
