#include "envs/tasks/hopper.h"

#include "envs/tasks/task_util.h"

namespace tlb::envs {

HopperOptions read_hopper_options(common::OptionReader& options) {
  HopperOptions o;
  read_planar_walker_options(options, o, &o.healthy_state_range);
  return o;
}

// rootx, rootz, rooty, thigh, leg, foot: 11 observed entries (12 with rootx).
Hopper::Hopper(const HopperOptions& options)
    : PlanarWalker("Hopper-v5", "hopper.xml", /*joints=*/6, options),
      healthy_state_range_(options.healthy_state_range) {}

bool Hopper::extra_health_check() const {
  const mjData* d = data();
  const common::Range& state = healthy_state_range_;
  for (int i = 2; i < model()->nq; ++i) {
    if (!strictly_inside(d->qpos[i], state.low, state.high)) return false;
  }
  for (int i = 0; i < model()->nv; ++i) {
    if (!strictly_inside(d->qvel[i], state.low, state.high)) return false;
  }
  return true;
}

std::unique_ptr<MujocoEnv> make_hopper(common::OptionReader& options) {
  return std::make_unique<Hopper>(read_hopper_options(options));
}

}  // namespace tlb::envs
