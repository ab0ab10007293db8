// The live progress line on stderr: steps, steps/s, the mean return of recent episodes and
// the time left. On a terminal it is rewritten in place (\r); otherwise the caller prints one
// line every log_interval updates.
#pragma once

#include <cstdint>

namespace tlb::agents {

// Whether stderr is a terminal (then every update refreshes the line).
bool progress_is_live();

// Prints the line for `steps` of `total` at `sps`; `recent_return` NaN when no episode has
// finished yet. `last` ends the line.
void print_progress(int64_t steps, int64_t total, double sps, double recent_return, bool last);

}  // namespace tlb::agents
