// A file of episodes, whatever its layout: Minari (one group per episode, ours) or D4RL
// (flat arrays over all transitions). Episodes are read one at a time, on demand.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "replay/dataset_metadata.h"
#include "replay/episode.h"

namespace tlb::replay {

class EpisodeSource {
 public:
  virtual ~EpisodeSource() = default;

  virtual const std::string& path() const = 0;
  virtual std::string layout() const = 0;  // "minari" or "d4rl"
  virtual const DatasetMetadata& metadata() const = 0;
  virtual size_t num_episodes() const = 0;
  // Steps (T) of episode `index` (0-based position, not the id), known without reading it.
  virtual size_t episode_steps(size_t index) const = 0;
  // Reads episode `index` whole; throws std::out_of_range for a bad index and
  // std::runtime_error naming the file and dataset for unreadable data.
  virtual Episode read_episode(size_t index) const = 0;
  // The same without infos and states: what learning from the data reads, faster.
  virtual Episode read_steps(size_t index) const { return read_episode(index); }
  // How the file was read where its layout leaves a choice (one line each; e.g. D4RL rows
  // without a next observation), for `tlb data info` and conversion.
  virtual std::vector<std::string> notes() const { return {}; }
  // Whether the observations are stored as float32 (D4RL's files): they then carry float32
  // precision only, and a conversion keeps float32 rather than widening.
  virtual bool float32_values() const { return false; }
};

// Opens `path` after checking its layout, shapes and dtypes: a Minari file when the root holds
// episode_* groups or Minari's total_episodes attribute, a D4RL file when it holds an
// `observations` dataset. Throws std::runtime_error naming the file (and dataset, expected vs
// found) for anything else: not HDF5, truncated, missing or mismatched datasets.
std::unique_ptr<EpisodeSource> open_episode_source(const std::string& path);

}  // namespace tlb::replay
