#include "envs/tasks/memory_corridor_experts.h"

#include "envs/tasks/memory_corridor.h"

namespace tlb::envs {
namespace {

using CorridorObs = MemoryCorridor;  // observation entry names

// Full speed down the corridor, then full speed towards `side` in the junction.
std::vector<double> drive_to_side(const std::vector<double>& observation, double side) {
  if (observation[CorridorObs::kJunction] == 1.0) return {0.0, side};
  return {1.0, 0.0};
}

double side_of(double value) { return value > 0.0 ? 1.0 : -1.0; }

}  // namespace

void CorridorRememberingExpert::reset(uint64_t /*episode_seed*/) { side_ = 1; }

std::vector<double> CorridorRememberingExpert::act(const std::vector<double>& observation) {
  if (observation[CorridorObs::kCue] != 0.0) side_ = observation[CorridorObs::kCue] > 0.0 ? 1 : -1;
  return drive_to_side(observation, side_);
}

std::vector<double> CorridorFixedSidePolicy::act(const std::vector<double>& observation) {
  return drive_to_side(observation, side_);
}

std::vector<double> CorridorCueCarrier::act(const std::vector<double>& observation) {
  const double cue = observation[CorridorObs::kCue];
  const double y = observation[CorridorObs::kY];
  const double vx = observation[CorridorObs::kVx];
  if (observation[CorridorObs::kJunction] == 1.0) {
    double side = 1.0;
    if (cue != 0.0) {
      side = side_of(cue);
    } else if (y != 0.0) {
      side = side_of(y);
    } else if (vx != 0.0) {
      side = vx > kFast ? 1.0 : -1.0;
    }
    return {0.0, side};
  }
  if (cue != 0.0) return {cue > 0.0 ? 1.0 : kSlow, cue};
  return {vx > kFast ? 1.0 : kSlow, y == 0.0 ? 0.0 : side_of(y)};
}

}  // namespace tlb::envs
