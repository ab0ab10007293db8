// How forward_sequence cuts a batch of sequences into chunk-aligned rounds so that it
// computes exactly what stepping token by token computes.
//
// Legend: B batch rows, T steps, K chunk length, R rounds.
//
// Each row is cut into segments: a segment is a run of steps inside one chunk of one
// episode. It starts where the row's current chunk position p0 says (the start state may be
// mid-chunk), and ends at the chunk's end, before the next episode start, or at T. Round r
// processes every row's r-th segment at once, placed in a K-slot frame at slots
// [p0, p0 + len): slots below p0 come from the carried caches, slots past p0 + len are
// padding no real token can see (attention inside a chunk is causal). Rows with fewer
// segments sit idle (len 0) in later rounds.
#pragma once

#include <torch/types.h>

namespace tlb {

struct ChunkSchedule {
  int64_t rounds = 0;
  // Each [R, B] int64 on CPU, except reset (bool).
  torch::Tensor reset;  // reset the row's state to the initial state before this round
  torch::Tensor t0;     // first step of the segment
  torch::Tensor p0;     // chunk position (slot) of that step
  torch::Tensor len;    // steps in the segment, 0 for an idle row
  // [B, T] int64: where step t of row b lands in the rounds' outputs stacked as
  // [R, B, K] and flattened: (r * B + b) * K + slot.
  torch::Tensor flat_index;
};

// positions [B] int64: each row's chunk position in the start state (0 <= p < K);
// episode_starts [B, T] bool. Both are read on CPU.
ChunkSchedule make_chunk_schedule(const torch::Tensor& positions,
                                  const torch::Tensor& episode_starts, int64_t chunk);

}  // namespace tlb
