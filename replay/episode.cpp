#include "replay/episode.h"

#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

namespace tlb::replay {

void Matrix::push_row(const std::vector<double>& row) {
  if (rows == 0 && values.empty()) cols = row.size();
  if (row.size() != cols) {
    throw std::invalid_argument("row of " + std::to_string(row.size()) + " values, expected " +
                                std::to_string(cols));
  }
  values.insert(values.end(), row.begin(), row.end());
  ++rows;
}

double Episode::total_reward() const {
  return std::accumulate(rewards.begin(), rewards.end(), 0.0);
}

const Matrix* Episode::state(const std::string& name) const {
  for (const auto& field : states) {
    if (field.name == name) return &field.data;
  }
  return nullptr;
}

void Episode::check_shapes() const {
  const size_t t = steps();
  auto expect = [](const std::string& what, size_t found, size_t expected) {
    if (found != expected) {
      throw std::invalid_argument(what + " has " + std::to_string(found) + " rows, expected " +
                                  std::to_string(expected));
    }
  };
  expect("observations", observations.rows, t + 1);
  expect("rewards", rewards.size(), t);
  expect("terminations", terminations.size(), t);
  expect("truncations", truncations.size(), t);
  for (const auto& info : infos) expect("infos/" + info.name, info.data.rows, t + 1);
  for (const auto& state : states) expect("states/" + state.name, state.data.rows, t + 1);
  const Matrix* all[] = {&observations, &actions};
  for (const Matrix* m : all) {
    if (m->values.size() != m->rows * m->cols) {
      throw std::invalid_argument(
          "a matrix holds " + std::to_string(m->values.size()) +
          " values, expected rows*cols = " + std::to_string(m->rows * m->cols));
    }
  }
}

namespace {

// Index of the first non-finite value, or values.size().
size_t first_bad(const std::vector<double>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) return i;
  }
  return values.size();
}

}  // namespace

std::string Episode::first_non_finite() const {
  const std::pair<const char*, const Matrix*> matrices[] = {{"observations", &observations},
                                                            {"actions", &actions}};
  std::ostringstream where;
  for (const auto& [name, m] : matrices) {
    const size_t i = first_bad(m->values);
    if (i == m->values.size()) continue;
    where << name << "[" << i / m->cols << ", " << i % m->cols << "] is " << m->values[i];
    return where.str();
  }
  const size_t i = first_bad(rewards);
  if (i == rewards.size()) return "";
  where << "rewards[" << i << "] is " << rewards[i];
  return where.str();
}

size_t Episode::count_non_finite() const {
  size_t n = 0;
  for (const auto* values : {&observations.values, &actions.values, &rewards}) {
    for (double v : *values) n += !std::isfinite(v);
  }
  return n;
}

}  // namespace tlb::replay
