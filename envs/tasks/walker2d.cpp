#include "envs/tasks/walker2d.h"

namespace tlb::envs {

Walker2dOptions read_walker2d_options(common::OptionReader& options) {
  Walker2dOptions o;
  read_planar_walker_options(options, o);
  return o;
}

// rootx, rootz, rooty and three joints per leg: 17 observed entries (18 with rootx).
Walker2d::Walker2d(const Walker2dOptions& options)
    : PlanarWalker("Walker2d-v5", "walker2d_v5.xml", /*joints=*/9, options) {}

std::unique_ptr<MujocoEnv> make_walker2d(common::OptionReader& options) {
  return std::make_unique<Walker2d>(read_walker2d_options(options));
}

}  // namespace tlb::envs
