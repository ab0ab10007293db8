#include "agents/progress_line.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace tlb::agents {

bool progress_is_live() { return ::isatty(STDERR_FILENO) == 1; }

void print_progress(int64_t steps, int64_t total, double sps, double recent_return, bool last) {
  const double left = sps > 0 ? (total - steps) / sps : 0.0;
  const int minutes = static_cast<int>(left / 60), seconds = static_cast<int>(left) % 60;
  char ret[32] = "-";
  if (std::isfinite(recent_return)) std::snprintf(ret, sizeof(ret), "%.1f", recent_return);
  const bool live = progress_is_live();
  std::fprintf(stderr, "%ssteps %lld/%lld (%.0f%%)  SPS %.0f  return %s  ETA %dm%02ds%s",
               live ? "\r" : "", static_cast<long long>(steps), static_cast<long long>(total),
               total > 0 ? 100.0 * steps / total : 0.0, sps, ret, minutes, seconds,
               live ? (last ? "\n" : "   ") : "\n");
  std::fflush(stderr);
}

}  // namespace tlb::agents
