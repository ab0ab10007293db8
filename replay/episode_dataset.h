// A view of a trajectory file for learning from sequences: windows of whole episodes aligned
// to their starts (episode e of T steps gives windows starting at 0, W, 2W, ...; the last may
// be shorter), split into train and validation by episode, shuffled with a seed. Episodes are
// read from the file when a window needs them, with a small LRU cache, so a file larger than
// memory can be used.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <vector>

#include "replay/episode_source.h"

namespace tlb::replay {

struct EpisodeDatasetOptions {
  size_t window_length = 64;         // W: steps per window
  double validation_fraction = 0.1;  // share of episodes held out (at least one when > 0)
  uint64_t seed = 0;                 // chooses the split and the window order
  size_t cache_episodes = 16;        // episodes kept in memory (LRU)
};

enum class Split { kTrain, kValidation };

// Where one window lies: its episode (index in the file) and its steps [start, start+length).
struct WindowRef {
  size_t episode = 0;
  size_t start = 0;
  size_t length = 0;
};

// One window's data. L = length.
struct Window {
  WindowRef ref;
  Matrix observations;                // (L+1, obs): before each action and after the last
  Matrix actions;                     // (L, act)
  std::vector<double> rewards;        // (L)
  std::vector<double> returns_to_go;  // (L): sum of the episode's rewards from each step on
  std::vector<uint8_t> terminations;  // (L)
  std::vector<uint8_t> truncations;   // (L)
};

class EpisodeDataset {
 public:
  EpisodeDataset(std::unique_ptr<EpisodeSource> source, EpisodeDatasetOptions options);

  const EpisodeSource& source() const { return *source_; }
  // Episode indices of a split, in file order.
  const std::vector<size_t>& episodes(Split split) const;
  // The split's windows in the order of `epoch` (a permutation drawn from seed and epoch).
  std::vector<WindowRef> windows(Split split, uint64_t epoch = 0) const;
  // Reads one window (through the episode cache).
  Window read(const WindowRef& ref);

 private:
  const Episode& episode(size_t index);

  std::unique_ptr<EpisodeSource> source_;
  EpisodeDatasetOptions options_;
  std::vector<size_t> train_;
  std::vector<size_t> validation_;
  // Most recently used first.
  std::list<std::pair<size_t, std::shared_ptr<const Episode>>> cache_;
};

}  // namespace tlb::replay
