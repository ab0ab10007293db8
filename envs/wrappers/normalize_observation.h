// Single-env running observation normalisation (Gymnasium's NormalizeObservation), built on
// ObservationNormalizer: each observation updates the statistics (unless frozen) and is
// returned as clip((obs - mean) / sqrt(var + eps)). Vector envs normalise their float32
// buffers with ObservationNormalizer directly.
#pragma once

#include <memory>

#include "envs/normalization.h"
#include "envs/wrappers/wrapper.h"

namespace tlb::envs {

class NormalizeObservation : public Wrapper {
 public:
  explicit NormalizeObservation(std::unique_ptr<Env> env,
                                ObservationNormalizerOptions options = {});

  // Normalised values lie in [-clip, clip].
  const Box& observation_space() const override { return space_; }
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;

  ObservationNormalizer& normalizer() { return normalizer_; }
  const ObservationNormalizer& normalizer() const { return normalizer_; }

 private:
  ObservationNormalizer normalizer_;
  Box space_;
};

}  // namespace tlb::envs
