// Metrics of a run, in its folder: metrics.csv and metrics.jsonl (one row per update, under
// CleanRL's names: charts/episodic_return, losses/approx_kl, charts/SPS, ...) and
// episodes.csv (one row per finished episode: global_step, return, length).
#pragma once

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace tlb::agents {

class MetricsLogger {
 public:
  // Creates the files, or appends to them when `append` (a resumed run).
  MetricsLogger(const std::filesystem::path& run_dir, bool append);

  // One row at `global_step`. The first row fixes the CSV columns; later rows must use the
  // same names in the same order. NaN is written as an empty CSV cell and JSON null.
  void log_update(int64_t global_step, const std::vector<std::pair<std::string, double>>& values);

  // One finished episode (its raw, unscaled return).
  void log_episode(int64_t global_step, double episodic_return, int64_t length);

  // Removes the rows logged after `global_step` from all three files (each rewritten
  // atomically). A resumed run calls it with its checkpoint's step: the killed run logged
  // those rows after the checkpoint, and the resumed run plays those steps again.
  void drop_rows_after(int64_t global_step);

 private:
  std::filesystem::path run_dir_;
  std::ofstream csv_, jsonl_, episodes_;
  bool header_written_;
};

// The best eval/return in run_dir's metrics.csv (-inf when it has none or no such column):
// what best.pt holds, for a resumed run (PPO's and BC's alike).
double best_logged_eval_return(const std::filesystem::path& run_dir);

}  // namespace tlb::agents
