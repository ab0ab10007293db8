// Reads D4RL's flat layout: arrays over all N transitions (observations, actions, rewards,
// terminals, timeouts, optional next_observations and infos/*), episodes ending where
// terminals OR timeouts is set (and at the last row). Each episode of n rows becomes a
// Minari-style Episode:
// - with next_observations: T = n, the last observation is the last row's next_observation;
// - without, an episode ending in a terminal: T = n, the final observation (unknown, and
//   never used after a termination) repeats the last row's;
// - without, an episode ending by a timeout or at the end of the data: T = n - 1, the last
//   row dropped (the observation after it is unknown) and the step before it truncated; an
//   episode of one such row has no step left and is skipped.
// The file's last episode, ended by neither flag, is truncated at its last step. infos/qpos,
// infos/qvel and infos/tlb_state_<field> become the episode's states (NaN in a row the file
// lacks: the state after the last step); other numeric infos keep their rows, 0 in a row the
// file lacks.
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
  size_t num_episodes() const override { return spans_.size(); }
  size_t episode_steps(size_t index) const override;
  Episode read_episode(size_t index) const override { return read(index, true); }
  Episode read_steps(size_t index) const override { return read(index, false); }

  std::vector<std::string> notes() const override;

  bool float32_values() const override { return float32_; }

  size_t transitions() const { return rows_; }
  bool has_next_observations() const { return has_next_; }
  // Episodes whose final observation repeats the last row's (terminal, no next_observations).
  size_t repeated_final_observations() const { return repeated_final_; }
  // Rows not read: the last row of each episode ended by a timeout, without next_observations.
  size_t dropped_rows() const { return dropped_rows_; }

 private:
  // Rows [first, first + rows) of the file hold steps [0, steps) and, when steps == rows
  // without next_observations, the final observation repeats row first + rows - 1.
  struct Span {
    size_t first = 0;
    size_t rows = 0;
    size_t steps = 0;
    bool truncate_last = false;  // set truncated on the last step (the data ends there)
  };
  Episode read(size_t index, bool with_infos) const;
  const Span& span(size_t index) const;

  Hdf5File file_;
  DatasetMetadata metadata_;
  size_t rows_ = 0;  // N
  size_t observation_size_ = 0;
  size_t action_size_ = 0;
  bool has_next_ = false;
  bool float32_ = false;
  bool has_timeouts_ = false;
  std::vector<std::string> info_names_;  // datasets under infos/ (N rows each)
  // Read once at open (N bytes each): the episode ends, and every episode's flags.
  std::vector<uint8_t> terminals_;
  std::vector<uint8_t> timeouts_;
  // The arrays every episode reads, held open with a chunk cache (hdf5_io.h, CachedDataset).
  CachedDataset observations_;
  CachedDataset actions_;
  CachedDataset rewards_;
  std::vector<Span> spans_;
  size_t repeated_final_ = 0;
  size_t dropped_rows_ = 0;
};

// Whether the root of an open file has D4RL's flat layout (an `observations` dataset).
bool has_d4rl_layout(hid_t root);

}  // namespace tlb::replay
