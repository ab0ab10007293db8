// Ends an episode as truncated after max_episode_steps steps (Gymnasium's TimeLimit, which
// the registry applies with each task's registered limit). If the task terminates on the
// last step, terminated wins: the step reports terminated = true, truncated = false, so a
// learner never bootstraps past a real end.
#pragma once

#include <cstdint>

#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class TimeLimit : public Wrapper {
 public:
  // Throws std::invalid_argument unless max_episode_steps >= 1.
  TimeLimit(std::unique_ptr<Env> inner, int64_t max_episode_steps);

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;

  int64_t max_episode_steps() const { return max_episode_steps_; }
  int64_t elapsed_steps() const { return elapsed_steps_; }

 private:
  int64_t max_episode_steps_;
  int64_t elapsed_steps_ = 0;
};

}  // namespace tlb::envs
