#include "tlb/chunk_schedule.h"

#include <torch/torch.h>

#include <algorithm>
#include <vector>

namespace tlb {
namespace {

struct Segment {
  bool reset;
  int64_t t0, p0, len;
};

}  // namespace

ChunkSchedule make_chunk_schedule(const torch::Tensor& positions,
                                  const torch::Tensor& episode_starts, int64_t chunk) {
  const auto starts = episode_starts.to(torch::kCPU, torch::kBool).contiguous();
  const auto pos = positions.to(torch::kCPU, torch::kLong).contiguous();
  const int64_t batch = starts.size(0), steps = starts.size(1);
  const auto s = starts.accessor<bool, 2>();
  const auto p_start = pos.accessor<int64_t, 1>();

  std::vector<std::vector<Segment>> rows(batch);
  std::vector<int64_t> p_end(batch);             // chunk position after the row's last segment
  std::vector<int64_t> slot_of(batch * steps);   // per step: its slot in its round's frame
  std::vector<int64_t> round_of(batch * steps);  // per step: its round
  for (int64_t b = 0; b < batch; ++b) {
    TORCH_CHECK(p_start[b] >= 0 && p_start[b] < chunk, "TLB state: chunk position expected in [0, ",
                chunk, "), found ", p_start[b], " in row ", b);
    int64_t p = p_start[b];
    for (int64_t t = 0; t < steps;) {
      const bool reset = s[b][t];
      if (reset) p = 0;
      int64_t len = std::min(chunk - p, steps - t);
      for (int64_t u = t + 1; u < t + len; ++u) {
        if (s[b][u]) {
          len = u - t;
          break;
        }
      }
      for (int64_t i = 0; i < len; ++i) {
        slot_of[b * steps + t + i] = p + i;
        round_of[b * steps + t + i] = static_cast<int64_t>(rows[b].size());
      }
      rows[b].push_back({reset, t, p, len});
      t += len;
      p = (p + len) % chunk;
    }
    p_end[b] = p;
  }

  ChunkSchedule out;
  for (const auto& r : rows) out.rounds = std::max<int64_t>(out.rounds, r.size());
  out.reset = torch::zeros({out.rounds, batch}, torch::kBool);
  out.t0 = torch::zeros({out.rounds, batch}, torch::kLong);
  out.p0 = torch::zeros({out.rounds, batch}, torch::kLong);
  out.len = torch::zeros({out.rounds, batch}, torch::kLong);
  auto reset = out.reset.accessor<bool, 2>();
  auto t0 = out.t0.accessor<int64_t, 2>();
  auto p0 = out.p0.accessor<int64_t, 2>();
  auto len = out.len.accessor<int64_t, 2>();
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t r = 0; r < out.rounds; ++r) {
      const bool active = r < static_cast<int64_t>(rows[b].size());
      // An idle row keeps its position, so its caches pass through the round unchanged.
      const Segment seg = active ? rows[b][r] : Segment{false, 0, p_end[b], 0};
      reset[r][b] = seg.reset;
      t0[r][b] = seg.t0;
      p0[r][b] = seg.p0;
      len[r][b] = seg.len;
    }
  }
  out.flat_index = torch::empty({batch, steps}, torch::kLong);
  auto flat = out.flat_index.accessor<int64_t, 2>();
  for (int64_t b = 0; b < batch; ++b) {
    for (int64_t t = 0; t < steps; ++t) {
      flat[b][t] = (round_of[b * steps + t] * batch + b) * chunk + slot_of[b * steps + t];
    }
  }
  return out;
}

}  // namespace tlb
