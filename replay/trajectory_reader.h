// Reads trajectory files in Minari 0.4's layout (ours, or Minari's own). The constructor
// checks the layout of every episode (datasets present, dtypes, row counts against T, widths
// equal across episodes) from metadata alone, so a malformed file fails once, up front, with
// one message naming the file, the dataset, and what was expected and found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "replay/episode_source.h"
#include "replay/hdf5_io.h"

namespace tlb::replay {

struct EpisodeSummary {
  int64_t id = 0;
  size_t steps = 0;
  std::optional<uint64_t> seed;
  std::optional<int64_t> global_step;  // tlb_global_step (episodes recorded during training)
  std::optional<int64_t> env_index;    // tlb_env_index
};

class TrajectoryReader : public EpisodeSource {
 public:
  explicit TrajectoryReader(std::string path);

  const std::string& path() const override { return file_.path; }
  std::string layout() const override { return "minari"; }
  const DatasetMetadata& metadata() const override { return metadata_; }
  size_t num_episodes() const override { return summaries_.size(); }
  size_t episode_steps(size_t index) const override { return summary(index).steps; }
  Episode read_episode(size_t index) const override { return read(index, true); }
  Episode read_steps(size_t index) const override { return read(index, false); }

  bool float32_values() const override { return observations_float32_; }

  // Episodes in id order.
  const EpisodeSummary& summary(size_t index) const;
  size_t observation_size() const { return observation_size_; }
  size_t action_size() const { return action_size_; }
  // Whether `dataset` ("observations", "rewards") is stored as float32 in some episode: its
  // values then carry float32 precision only.
  bool stored_as_float32(const std::string& dataset) const;

 private:
  Episode read(size_t index, bool with_infos_and_states) const;
  void read_metadata();
  EpisodeSummary check_episode(const std::string& group_name);

  Hdf5File file_;
  DatasetMetadata metadata_;
  std::vector<EpisodeSummary> summaries_;
  size_t observation_size_ = 0;
  size_t action_size_ = 0;
  bool sizes_known_ = false;
  bool observations_float32_ = false;
  bool rewards_float32_ = false;
};

// Reads the root attributes of `metadata` that write_root_metadata writes (absent ones stay
// empty); used for both layouts.
void read_root_metadata(hid_t root, const std::string& file, DatasetMetadata& metadata);

// Whether the root of an open file looks like a Minari file (episode groups or attributes).
bool has_minari_layout(hid_t root, const std::string& file);

}  // namespace tlb::replay
