#include "agents/metrics_logger.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>

#include "common/atomic_file.h"

namespace tlb::agents {
namespace {

std::ofstream open_file(const std::filesystem::path& path, bool append) {
  std::ofstream out(path, append ? std::ios::app : std::ios::trunc);
  if (!out) throw std::runtime_error("cannot write '" + path.string() + "'");
  return out;
}

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.9g", v);
  return buffer;
}

// `path` without the rows whose global step (read by `step_of`) is after `last`; lines it
// cannot read a step from (headers) are kept.
template <typename StepOf>
void drop_lines_after(const std::filesystem::path& path, int64_t last, StepOf step_of) {
  std::ifstream in(path);
  if (!in) return;
  std::string kept, line;
  while (std::getline(in, line)) {
    long long step = 0;
    if (!step_of(line, step) || step <= last) kept += line + "\n";
  }
  in.close();
  common::write_file_atomically(path, kept);
}

bool csv_step(const std::string& line, long long& step) {
  return std::sscanf(line.c_str(), "%lld,", &step) == 1;
}

bool jsonl_step(const std::string& line, long long& step) {
  return std::sscanf(line.c_str(), "{\"global_step\": %lld", &step) == 1;
}

}  // namespace

MetricsLogger::MetricsLogger(const std::filesystem::path& run_dir, bool append)
    : run_dir_(run_dir) {
  const bool had_metrics = append && std::filesystem::exists(run_dir / "metrics.csv");
  const bool had_episodes = append && std::filesystem::exists(run_dir / "episodes.csv");
  csv_ = open_file(run_dir / "metrics.csv", append);
  jsonl_ = open_file(run_dir / "metrics.jsonl", append);
  episodes_ = open_file(run_dir / "episodes.csv", append);
  header_written_ = had_metrics;
  if (!had_episodes) episodes_ << "global_step,episodic_return,episodic_length\n";
  episodes_.flush();
}

void MetricsLogger::log_update(int64_t global_step,
                               const std::vector<std::pair<std::string, double>>& values) {
  if (!header_written_) {
    csv_ << "global_step";
    for (const auto& [name, value] : values) csv_ << "," << name;
    csv_ << "\n";
    header_written_ = true;
  }
  csv_ << global_step;
  jsonl_ << "{\"global_step\": " << global_step;
  for (const auto& [name, value] : values) {
    const bool finite = std::isfinite(value);
    csv_ << "," << (finite ? number(value) : "");
    jsonl_ << ", \"" << name << "\": " << (finite ? number(value) : "null");
  }
  csv_ << "\n";
  jsonl_ << "}\n";
  csv_.flush();
  jsonl_.flush();
}

void MetricsLogger::log_episode(int64_t global_step, double episodic_return, int64_t length) {
  episodes_ << global_step << "," << number(episodic_return) << "," << length << "\n";
  episodes_.flush();
}

void MetricsLogger::drop_rows_after(int64_t global_step) {
  csv_.close();
  jsonl_.close();
  episodes_.close();
  drop_lines_after(run_dir_ / "metrics.csv", global_step, csv_step);
  drop_lines_after(run_dir_ / "metrics.jsonl", global_step, jsonl_step);
  drop_lines_after(run_dir_ / "episodes.csv", global_step, csv_step);
  csv_ = open_file(run_dir_ / "metrics.csv", /*append=*/true);
  jsonl_ = open_file(run_dir_ / "metrics.jsonl", /*append=*/true);
  episodes_ = open_file(run_dir_ / "episodes.csv", /*append=*/true);
}

double best_logged_eval_return(const std::filesystem::path& run_dir) {
  double best = -std::numeric_limits<double>::infinity();
  std::ifstream in(run_dir / "metrics.csv");
  std::string line;
  if (!std::getline(in, line)) return best;
  std::vector<std::string> header;
  std::stringstream names(line);
  for (std::string name; std::getline(names, name, ',');) header.push_back(name);
  const auto column = std::find(header.begin(), header.end(), "eval/return") - header.begin();
  if (column == static_cast<std::ptrdiff_t>(header.size())) return best;
  while (std::getline(in, line)) {
    std::stringstream cells(line);
    std::string cell;
    for (std::ptrdiff_t i = 0; i <= column && std::getline(cells, cell, ','); ++i) {
      if (i == column && !cell.empty()) best = std::max(best, std::strtod(cell.c_str(), nullptr));
    }
  }
  return best;
}

}  // namespace tlb::agents
