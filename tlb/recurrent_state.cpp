#include "tlb/recurrent_state.h"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace tlb {

int64_t RecurrentState::batch_size() const { return parts.empty() ? 0 : parts.front().size(0); }

RecurrentState RecurrentState::index(const torch::Tensor& rows) const {
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (const auto& p : parts) out.parts.push_back(p.index_select(0, rows.to(p.device())));
  return out;
}

RecurrentState RecurrentState::slice(int64_t begin, int64_t end) const {
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (const auto& p : parts) out.parts.push_back(p.slice(/*dim=*/0, begin, end));
  return out;
}

RecurrentState RecurrentState::to(const torch::Device& device) const {
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (const auto& p : parts) out.parts.push_back(p.to(device));
  return out;
}

RecurrentState RecurrentState::detach() const {
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (const auto& p : parts) out.parts.push_back(p.detach());
  return out;
}

RecurrentState RecurrentState::clone() const {
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (const auto& p : parts) out.parts.push_back(p.clone());
  return out;
}

RecurrentState RecurrentState::where_reset(const torch::Tensor& reset,
                                           const RecurrentState& initial) const {
  if (initial.parts.size() != parts.size()) {
    throw std::invalid_argument("RecurrentState::where_reset: initial state has " +
                                std::to_string(initial.parts.size()) + " parts, expected " +
                                std::to_string(parts.size()));
  }
  RecurrentState out;
  out.parts.reserve(parts.size());
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& p = parts[i];
    // [B] -> [B, 1, ..., 1] so it broadcasts over the part's trailing dimensions.
    std::vector<int64_t> shape(p.dim(), 1);
    shape[0] = p.size(0);
    auto mask = reset.to(p.device(), torch::kBool).reshape(shape);
    out.parts.push_back(torch::where(mask, initial.parts[i].to(p.dtype()), p));
  }
  return out;
}

RecurrentState RecurrentState::cat(const std::vector<RecurrentState>& states) {
  RecurrentState out;
  if (states.empty()) return out;
  const size_t n = states.front().parts.size();
  for (const auto& s : states) {
    if (s.parts.size() != n) {
      throw std::invalid_argument("RecurrentState::cat: states have " +
                                  std::to_string(s.parts.size()) + " and " + std::to_string(n) +
                                  " parts");
    }
  }
  for (size_t i = 0; i < n; ++i) {
    std::vector<torch::Tensor> pieces;
    pieces.reserve(states.size());
    for (const auto& s : states) pieces.push_back(s.parts[i]);
    out.parts.push_back(torch::cat(pieces, /*dim=*/0));
  }
  return out;
}

}  // namespace tlb
