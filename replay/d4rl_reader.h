// Reads D4RL's flat layout: arrays over all N transitions (observations, actions, rewards,
// terminals, timeouts, optional next_observations and infos/*), episodes ending where
// terminals OR timeouts is set (and at the last row). Each episode becomes a Minari-style
// Episode: with next_observations, T = the episode's rows and its last observation is the last
// next_observation; without, the last row's action and reward are dropped (T = rows - 1) since
// the observation after it is unknown. infos/* keep their rows, NaN in the row after the last.
#pragma once

#include <string>
#include <vector>

#include "replay/episode_source.h"
#include "replay/hdf5_io.h"

namespace tlb::replay {

class D4rlReader : public EpisodeSource {
 public:
  explicit D4rlReader(std::string path);

  const std::string& path() const override { return file_.path; }
  std::string layout() const override { return "d4rl"; }
  const DatasetMetadata& metadata() const override { return metadata_; }
  size_t num_episodes() const override { return starts_.size(); }
  size_t episode_steps(size_t index) const override;
  Episode read_episode(size_t index) const override { return read(index, true); }
  Episode read_steps(size_t index) const override { return read(index, false); }

  size_t transitions() const { return rows_; }
  bool has_next_observations() const { return has_next_; }

 private:
  Episode read(size_t index, bool with_infos) const;
  size_t rows_of(size_t index) const;

  Hdf5File file_;
  DatasetMetadata metadata_;
  size_t rows_ = 0;  // N
  size_t observation_size_ = 0;
  size_t action_size_ = 0;
  bool has_next_ = false;
  bool has_timeouts_ = false;
  std::vector<std::string> info_names_;  // datasets under infos/ (N rows each)
  std::vector<size_t> starts_;           // first row of each episode
};

// Whether the root of an open file has D4RL's flat layout (an `observations` dataset).
bool has_d4rl_layout(hid_t root);

}  // namespace tlb::replay
