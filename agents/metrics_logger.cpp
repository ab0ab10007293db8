#include "agents/metrics_logger.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>

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

}  // namespace

MetricsLogger::MetricsLogger(const std::filesystem::path& run_dir, bool append) {
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

}  // namespace tlb::agents
