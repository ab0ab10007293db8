// Clips each action entry to the env's action box before stepping (Gymnasium's ClipAction).
// The env then sees only in-range controls, so control costs use the clipped action.
#pragma once

#include <memory>

#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class ClipAction : public Wrapper {
 public:
  explicit ClipAction(std::unique_ptr<Env> env);
  // A non-finite entry is passed on unchanged, so the env rejects it with its own error.
  StepResult step(const std::vector<double>& action) override;

 private:
  std::vector<double> clipped_;
};

}  // namespace tlb::envs
