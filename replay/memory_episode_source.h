// Episodes held in memory behind the EpisodeSource interface: a file read once, whole, for
// learning from data that fits (`tlb train --algo bc --preload`), or episodes made in code.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "replay/episode_source.h"

namespace tlb::replay {

class MemoryEpisodeSource : public EpisodeSource {
 public:
  // `path` and `layout` name where the episodes came from.
  MemoryEpisodeSource(std::string path, std::string layout, DatasetMetadata metadata,
                      std::vector<Episode> episodes)
      : path_(std::move(path)),
        layout_(std::move(layout)),
        metadata_(std::move(metadata)),
        episodes_(std::move(episodes)) {}

  const std::string& path() const override { return path_; }
  std::string layout() const override { return layout_; }
  const DatasetMetadata& metadata() const override { return metadata_; }
  size_t num_episodes() const override { return episodes_.size(); }
  size_t episode_steps(size_t index) const override { return episodes_.at(index).steps(); }
  Episode read_episode(size_t index) const override {
    if (index >= episodes_.size()) {
      throw std::out_of_range(path_ + ": no episode " + std::to_string(index));
    }
    return episodes_[index];
  }

 private:
  std::string path_, layout_;
  DatasetMetadata metadata_;
  std::vector<Episode> episodes_;
};

}  // namespace tlb::replay
