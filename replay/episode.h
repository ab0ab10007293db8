// What one recorded episode holds, in memory. T is the number of steps; row i of the
// observations (and of each state field) is what the policy saw before action i, and row T is
// the observation after the last action.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tlb::replay {

// A row-major (rows × cols) array of doubles.
struct Matrix {
  size_t rows = 0;
  size_t cols = 0;
  std::vector<double> values;  // rows * cols

  Matrix() = default;
  Matrix(size_t rows_, size_t cols_) : rows(rows_), cols(cols_), values(rows_ * cols_) {}
  double* row(size_t r) { return values.data() + r * cols; }
  const double* row(size_t r) const { return values.data() + r * cols; }
  // Appends one row of `cols` values (sets cols on the first row).
  void push_row(const std::vector<double>& row);
};

// A named array within an episode (an info key, a state field).
struct NamedMatrix {
  std::string name;
  Matrix data;
};

struct Episode {
  int64_t id = -1;               // assigned by the writer: the episode_{id} group
  std::optional<uint64_t> seed;  // the seed passed to reset, when there was one
  // Episodes recorded during training (attributes tlb_global_step, tlb_env_index): the run's
  // env steps over all envs when the episode ended, and the env that played it.
  std::optional<int64_t> global_step;
  std::optional<int64_t> env_index;
  Matrix observations;                // (T+1, obs)
  Matrix actions;                     // (T, act)
  std::vector<double> rewards;        // (T)
  std::vector<uint8_t> terminations;  // (T) 0/1: the task ended the episode
  std::vector<uint8_t> truncations;   // (T) 0/1: something outside the task ended it
  // infos/<name>: (T+1, n): row 0 from reset, row i+1 from step i; 0 where not reported.
  std::vector<NamedMatrix> infos;
  // states/<name>: (T+1, n) simulator state before each action and after the last one
  // (qpos, qvel, act, ctrl, qacc_warmstart, time); empty for datasets without states.
  std::vector<NamedMatrix> states;

  size_t steps() const { return actions.rows; }
  double total_reward() const;
  // The state field `name`, or nullptr.
  const Matrix* state(const std::string& name) const;
  // Throws std::invalid_argument naming the field when shapes disagree with T.
  void check_shapes() const;
  // Where the first NaN or infinity in observations, actions or rewards is ("rewards[3] is
  // nan"), or "" when all are finite.
  std::string first_non_finite() const;
  // How many observation, action and reward entries are NaN or infinite.
  size_t count_non_finite() const;
};

}  // namespace tlb::replay
