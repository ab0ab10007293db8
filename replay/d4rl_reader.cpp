#include "replay/d4rl_reader.h"

#include <filesystem>
#include <limits>
#include <memory>
#include <stdexcept>

#include "replay/dataset_checks.h"
#include "replay/trajectory_reader.h"

namespace tlb::replay {

bool has_d4rl_layout(hid_t root) { return is_dataset(root, "observations"); }

D4rlReader::D4rlReader(std::string path) : file_(open_hdf5_file(path, /*writable=*/false)) {
  const hid_t root = file_.handle.get();
  const std::string& f = file_.path;
  if (!has_d4rl_layout(root)) {
    throw std::runtime_error("'" + f +
                             "' is not a D4RL file: no 'observations' dataset at the root");
  }
  // Every array has a row per transition, as observations has.
  const DatasetChecks checks("D4RL", f);
  const DatasetShape observations =
      checks.check_float(root, "", "observations", {FloatRank::kMatrix});
  rows_ = observations.rows();
  observation_size_ = observations.cols();
  const FloatDataset matrix{FloatRank::kMatrix, rows_, std::nullopt, "observations"};
  action_size_ = checks.check_float(root, "", "actions", matrix).cols();
  checks.check_float(root, "", "rewards",
                     {FloatRank::kVector, rows_, std::nullopt, "observations"});
  checks.check_bool(root, "", "terminals", rows_, /*allow_column=*/true);
  has_timeouts_ = is_dataset(root, "timeouts");
  if (has_timeouts_) checks.check_bool(root, "", "timeouts", rows_, /*allow_column=*/true);
  has_next_ = is_dataset(root, "next_observations");
  if (has_next_) {
    FloatDataset next = matrix;
    next.cols = observation_size_;
    checks.check_float(root, "", "next_observations", next);
  }
  if (has_link(root, "infos")) {
    GroupHandle infos = open_group(root, "infos", f);
    for (const auto& name : list_links(infos.get(), f)) {
      if (!is_dataset(infos.get(), name)) continue;
      const DatasetShape shape = inspect_dataset(infos.get(), name, f);
      if (shape.type_class != H5T_FLOAT && shape.type_class != H5T_INTEGER)
        continue;  // e.g. strings
      checks.check_float(infos.get(), "infos", name,
                         {FloatRank::kVectorOrMatrix, rows_, std::nullopt, "observations"});
      info_names_.push_back(name);
    }
  }
  // Episode boundaries: terminals OR timeouts (two N-byte reads; the data stays on disk).
  const std::vector<uint8_t> terminals = read_bools(root, "terminals", 0, rows_, f);
  const std::vector<uint8_t> timeouts =
      has_timeouts_ ? read_bools(root, "timeouts", 0, rows_, f) : std::vector<uint8_t>(rows_, 0);
  bool start = true;
  for (size_t i = 0; i < rows_; ++i) {
    if (start) starts_.push_back(i);
    start = terminals[i] || timeouts[i];
  }
  // Root attributes that our converter (and some D4RL writers) leave; the rest stays empty.
  metadata_.dataset_id = read_string_attribute(root, "dataset_id", f)
                             .value_or(std::filesystem::path(f).stem().string());
  metadata_.env_spec = read_string_attribute(root, "env_spec", f).value_or("");
  metadata_.task = read_string_attribute(root, "tlb_task", f).value_or("");
  metadata_.total_episodes = static_cast<int64_t>(starts_.size());
  for (size_t e = 0; e < starts_.size(); ++e) {
    metadata_.total_steps += static_cast<int64_t>(episode_steps(e));
  }
}

size_t D4rlReader::rows_of(size_t index) const {
  if (index >= starts_.size()) {
    throw std::out_of_range("episode index " + std::to_string(index) + " out of range: '" +
                            file_.path + "' holds " + std::to_string(starts_.size()) + " episodes");
  }
  const size_t end = index + 1 < starts_.size() ? starts_[index + 1] : rows_;
  return end - starts_[index];
}

size_t D4rlReader::episode_steps(size_t index) const {
  const size_t rows = rows_of(index);
  return has_next_ ? rows : rows - 1;
}

Episode D4rlReader::read(size_t index, bool with_infos) const {
  const size_t rows = rows_of(index);
  const size_t first = starts_[index];
  const size_t t = episode_steps(index);
  const hid_t root = file_.handle.get();
  const std::string& f = file_.path;
  Episode episode;
  episode.id = static_cast<int64_t>(index);
  episode.observations = Matrix(t + 1, observation_size_);
  const std::vector<double> observations = read_floats(root, "observations", first, rows, f);
  std::copy(observations.begin(),
            observations.begin() + (std::min(rows, t + 1) * observation_size_),
            episode.observations.values.begin());
  if (has_next_) {
    const std::vector<double> last = read_floats(root, "next_observations", first + rows - 1, 1, f);
    std::copy(last.begin(), last.end(), episode.observations.row(t));
  }
  episode.actions.rows = t;
  episode.actions.cols = action_size_;
  episode.actions.values = read_floats(root, "actions", first, t, f);
  episode.rewards = read_floats(root, "rewards", first, t, f);
  episode.terminations = read_bools(root, "terminals", first, t, f);
  episode.truncations =
      has_timeouts_ ? read_bools(root, "timeouts", first, t, f) : std::vector<uint8_t>(t, 0);
  if (with_infos && !info_names_.empty()) {
    GroupHandle infos = open_group(root, "infos", f);
    for (const auto& name : info_names_) {
      const size_t cols = inspect_dataset(infos.get(), name, f).cols();
      NamedMatrix field{name, Matrix(t + 1, cols)};
      std::fill(field.data.values.begin(), field.data.values.end(),
                std::numeric_limits<double>::quiet_NaN());
      const size_t kept = std::min(rows, t + 1);
      const std::vector<double> values = read_floats(infos.get(), name, first, kept, f);
      std::copy(values.begin(), values.end(), field.data.values.begin());
      episode.infos.push_back(std::move(field));
    }
  }
  return episode;
}

std::unique_ptr<EpisodeSource> open_episode_source(const std::string& path) {
  bool minari = false;
  {
    const Hdf5File file = open_hdf5_file(path, /*writable=*/false);
    const hid_t root = file.handle.get();
    minari = has_minari_layout(root, file.path);
    if (!minari && !has_d4rl_layout(root)) {
      throw std::runtime_error("'" + path +
                               "' is neither a Minari trajectory file (episode_* groups) nor a "
                               "D4RL file (flat 'observations' dataset)");
    }
  }
  if (minari) return std::make_unique<TrajectoryReader>(path);
  return std::make_unique<D4rlReader>(path);
}

}  // namespace tlb::replay
