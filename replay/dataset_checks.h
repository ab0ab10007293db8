// The checks a reader makes before it trusts a file's datasets (trajectory_reader.cpp for
// Minari's layout, d4rl_reader.cpp for D4RL's), each failure one std::runtime_error:
// "malformed <layout> file '<file>': <dataset> <problem>" (docs/replay.md).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include "replay/hdf5_io.h"

namespace tlb::replay {

// The ranks a float dataset may have.
enum class FloatRank {
  kVector,          // (rows,) or (rows, 1)
  kMatrix,          // (rows, cols)
  kVectorOrMatrix,  // (rows,) or (rows, cols)
};

// What a float dataset must be.
struct FloatDataset {
  FloatDataset(FloatRank rank, std::optional<size_t> rows = std::nullopt,
               std::optional<size_t> cols = std::nullopt, std::string as = "")
      : rank(rank), rows(rows), cols(cols), as(std::move(as)) {}

  FloatRank rank;
  std::optional<size_t> rows;  // nullopt: any
  std::optional<size_t> cols;  // nullopt: any
  // The dataset `rows` and `cols` come from, named in a mismatch ("as observations").
  std::string as;
};

class DatasetChecks {
 public:
  // `layout` names the file's layout in messages ("trajectory", "D4RL"), `file` its path.
  DatasetChecks(std::string layout, std::string file);

  [[noreturn]] void malformed(const std::string& dataset, const std::string& problem) const;

  // Checks the float dataset `name` in `group` (called `group_name` in messages, "" for the
  // root: "episode_0/rewards", "rewards"); returns its shape.
  DatasetShape check_float(hid_t group, const std::string& group_name, const std::string& name,
                           const FloatDataset& want) const;
  // Checks the bool dataset `name` in `group`: (rows,), or (rows, 1) too when `allow_column`.
  void check_bool(hid_t group, const std::string& group_name, const std::string& name, size_t rows,
                  bool allow_column) const;

 private:
  // Throws unless `name` in `group` is a dataset; returns its name for messages.
  std::string check_exists(hid_t group, const std::string& group_name,
                           const std::string& name) const;

  std::string layout_;
  std::string file_;
};

}  // namespace tlb::replay
