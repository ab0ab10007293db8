#include "envs/env.h"

namespace tlb::envs {

void Info::set(std::string_view key, double value) {
  for (auto& [k, v] : items_) {
    if (k == key) {
      v = value;
      return;
    }
  }
  items_.emplace_back(std::string(key), value);
}

std::optional<double> Info::get(std::string_view key) const {
  for (const auto& [k, v] : items_) {
    if (k == key) return v;
  }
  return std::nullopt;
}

}  // namespace tlb::envs
