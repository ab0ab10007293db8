// Accumulates the episode's undiscounted return and length and reports them in the info of
// the step that ends the episode (terminated or truncated) as "episode_return" and
// "episode_length" (Gymnasium's RecordEpisodeStatistics, flattened to named scalars).
#pragma once

#include <memory>

#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class EpisodeStatistics : public Wrapper {
 public:
  explicit EpisodeStatistics(std::unique_ptr<Env> env);

  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;

  double episode_return() const { return return_; }
  int64_t episode_length() const { return length_; }

 private:
  double return_ = 0.0;
  int64_t length_ = 0;
};

}  // namespace tlb::envs
