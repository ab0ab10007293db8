// Hopper-v5 (docs/envs.md; Gymnasium's hopper_v5.py): a one-legged planar hopper rewarded for
// forward speed and for staying healthy; the episode terminates when it falls (height, pitch or
// state out of range). Everything but the model, the defaults and the state range is the
// planar walker base's.
#pragma once

#include <limits>
#include <memory>

#include "common/option_reader.h"
#include "envs/tasks/planar_walker.h"

namespace tlb::envs {

// Gymnasium's constructor arguments and defaults: the shared ones (PlanarWalkerOptions) with
// Hopper's torso ranges, and the state range only Hopper checks.
struct HopperOptions : PlanarWalkerOptions {
  HopperOptions()
      : PlanarWalkerOptions(/*z=*/{0.7, std::numeric_limits<double>::infinity()},
                            /*angle=*/{-0.2, 0.2}) {}

  common::Range healthy_state_range{-100.0, 100.0};  // strict bounds on qpos[2:] and the raw qvel
};

HopperOptions read_hopper_options(common::OptionReader& options);

class Hopper : public PlanarWalker {
 public:
  explicit Hopper(const HopperOptions& options = {});

 protected:
  bool extra_health_check() const override;

 private:
  common::Range healthy_state_range_;
};

std::unique_ptr<MujocoEnv> make_hopper(common::OptionReader& options);

}  // namespace tlb::envs
