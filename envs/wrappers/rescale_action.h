// Exposes the action box [low, high] (default [-1, 1] per entry) and maps it linearly onto the
// env's action box (Gymnasium's RescaleAction): env_action = env_low + (a - low) / (high - low)
// * (env_high - env_low). Values outside [low, high] map outside the env's box (no clipping;
// combine with ClipAction for that).
#pragma once

#include <memory>
#include <vector>

#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class RescaleAction : public Wrapper {
 public:
  // Every entry gets [low, high].
  explicit RescaleAction(std::unique_ptr<Env> env, double low = -1.0, double high = 1.0);
  // Per-entry bounds, one per action entry. Throws std::invalid_argument for a size mismatch,
  // a non-finite bound or low >= high, here or in the env's box.
  RescaleAction(std::unique_ptr<Env> env, std::vector<double> low, std::vector<double> high);

  const Box& action_space() const override { return space_; }
  StepResult step(const std::vector<double>& action) override;

 private:
  Box space_;
  std::vector<double> mapped_;
};

}  // namespace tlb::envs
