// Scripted policies for MemoryCorridor-v0 (envs/tasks/memory_corridor.h), the reference lines
// of its normalised score (docs/envs_tasks.md): one that remembers the cue, and the best
// memoryless ones. All drive at full speed down the corridor and to a goal; they differ only in
// how they pick the side. Used by tests/envs/memory_corridor_test.cpp and
// bench/envs/memory_corridor_bench.cpp.
#pragma once

#include <cstdint>
#include <vector>

#include "envs/policy.h"

namespace tlb::envs {

// Remembers the cue while it is shown and takes the cued side: the score-1 line.
class CorridorRememberingExpert : public Policy {
 public:
  void reset(uint64_t episode_seed) override;
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"remembering_expert", "", ""}; }

 private:
  int side_ = 1;
};

// Memoryless: always takes side `side` (+1 or -1). Succeeds when the cue happens to match,
// half the time: the best a policy without memory can do, the score-0 line.
class CorridorFixedSidePolicy : public Policy {
 public:
  explicit CorridorFixedSidePolicy(int side = 1) : side_(side) {}
  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override {
    return {side_ > 0 ? "fixed_side_plus" : "fixed_side_minus", "", ""};
  }

 private:
  int side_;
};

// Memoryless, and tries to carry the cue in the body: while the cue is shown it pushes
// sideways towards the cued side and forward at full speed (+1) or at kSlow (-1); in the
// corridor it keeps pushing sideways to whichever side it is on and holds its speed class
// (fast above kFast); in the junction it takes the cue if shown, else the side of y, else the
// side its arrival speed codes, else +1. The task's hold, walls and gate leave it nothing to
// read, so it must score like CorridorFixedSidePolicy (tested); a leak in any of those
// channels lifts it above chance.
class CorridorCueCarrier : public Policy {
 public:
  static constexpr double kSlow = 0.6;  // motor command of the "-1" speed class
  static constexpr double kFast = 0.8;  // vx / v above this reads as the "+1" class

  std::vector<double> act(const std::vector<double>& observation) override;
  PolicyInfo info() const override { return {"cue_carrier", "", ""}; }
};

}  // namespace tlb::envs
