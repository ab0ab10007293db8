// The state a backbone carries from one step to the next, for a batch of independent rows.
//
// Shapes: every part is batch-first, [B, ...]. A backbone decides what its parts mean (an
// LSTM: h and c; the TLB: the slow latents, the chunk caches and the position in the chunk);
// agents only store, index, concatenate, reset and move them, so they never need to know.
#pragma once

#include <torch/types.h>

#include <vector>

namespace tlb {

struct RecurrentState {
  // Each tensor is [B, ...]; all share B and device. Empty for memoryless backbones.
  std::vector<torch::Tensor> parts;

  // B, or 0 for a state with no parts.
  int64_t batch_size() const;

  // Rows `rows` ([R] int64) of every part: the state of a subset of envs.
  RecurrentState index(const torch::Tensor& rows) const;

  // Rows [begin, end) of every part, as views.
  RecurrentState slice(int64_t begin, int64_t end) const;

  // Every part moved to `device` (a no-op copy when already there).
  RecurrentState to(const torch::Device& device) const;

  // Every part cut from the autograd graph.
  RecurrentState detach() const;

  // Every part deep-copied.
  RecurrentState clone() const;

  // Rows where `reset` ([B] bool) is true replaced by the same rows of `initial`.
  RecurrentState where_reset(const torch::Tensor& reset, const RecurrentState& initial) const;

  // States of several batches stacked along the batch dimension.
  static RecurrentState cat(const std::vector<RecurrentState>& states);
};

}  // namespace tlb
