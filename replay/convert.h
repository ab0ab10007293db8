// Converts between Minari's layout (one group per episode; ours) and D4RL's flat layout.
// Episodes are streamed one at a time; the output is written under a temporary name and
// renamed at the end, so a failed conversion never leaves half a file.
#pragma once

#include <string>

#include "replay/episode_source.h"

namespace tlb::replay {

struct ConvertOptions {
  bool overwrite = false;  // replace an existing output file
  int gzip_level = 4;      // as D4RL's and Minari's files
  // Convert episodes holding NaN or infinite observations, actions or rewards (refused
  // otherwise, naming the first).
  bool allow_nonfinite = false;
};

// Writes D4RL's flat layout (float32, as D4RL): for each episode its T transitions:
// observations rows 0..T-1, next_observations rows 1..T, actions, rewards, terminals (from
// terminations), timeouts (from truncations; set on the last step of an episode that ended
// with neither, so the boundary survives), infos/qpos and infos/qvel (float64, from states,
// rows 0..T-1), the other state fields as infos/tlb_state_<field> (float64) and the other
// infos' rows 0..T-1; the root attributes of the source (not Minari's totals). Returns the
// number of transitions written.
size_t convert_to_d4rl(const EpisodeSource& source, const std::string& out,
                       const ConvertOptions& options = {});

// Writes Minari's layout (float64; float32 when the source's observations are) with our
// metadata where the source has it, spaces from the
// task (or unbounded boxes of the file's widths when it names none) and a dataset id Minari
// accepts. `out` is a file, or a folder (ending in '/' or existing) that becomes a Minari
// dataset folder: out/data/main_data.hdf5 and out/data/metadata.json (Minari 0.5), the
// dataset id being the folder's name. Returns the number of episodes written.
size_t convert_to_minari(const EpisodeSource& source, const std::string& out,
                         const ConvertOptions& options = {});

}  // namespace tlb::replay
