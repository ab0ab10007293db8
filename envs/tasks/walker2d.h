// Walker2d-v5 (docs/envs.md; Gymnasium's walker2d_v5.py): a two-legged planar walker rewarded
// for forward speed and for staying healthy; the episode terminates when the torso's height or
// pitch leaves its range. Everything but the model and the defaults is the planar walker base's.
#pragma once

#include <memory>

#include "common/option_reader.h"
#include "envs/tasks/planar_walker.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults: the shared ones with Walker2d's torso ranges.
struct Walker2dOptions : PlanarWalkerOptions {
  Walker2dOptions() : PlanarWalkerOptions(/*z=*/{0.8, 2.0}, /*angle=*/{-1.0, 1.0}) {}
};

Walker2dOptions read_walker2d_options(common::OptionReader& options);

class Walker2d : public PlanarWalker {
 public:
  explicit Walker2d(const Walker2dOptions& options = {});
};

std::unique_ptr<MujocoEnv> make_walker2d(common::OptionReader& options);

}  // namespace tlb::envs
