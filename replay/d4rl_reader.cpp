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
  float32_ = observations.type_size == 4;
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
  terminals_ = read_bools(root, "terminals", 0, rows_, f);
  timeouts_ =
      has_timeouts_ ? read_bools(root, "timeouts", 0, rows_, f) : std::vector<uint8_t>(rows_, 0);
  const std::vector<uint8_t>& terminals = terminals_;
  const std::vector<uint8_t>& timeouts = timeouts_;
  // 16 MB per array: a 1M-step file's rewards whole, and hundreds of episodes of observations.
  const size_t cache_bytes = size_t{16} << 20;
  observations_ = open_cached_dataset(root, "observations", cache_bytes, f);
  actions_ = open_cached_dataset(root, "actions", cache_bytes, f);
  rewards_ = open_cached_dataset(root, "rewards", cache_bytes, f);
  size_t first = 0;
  for (size_t i = 0; i < rows_; ++i) {
    const bool end_of_data = i + 1 == rows_;
    if (!terminals[i] && !timeouts[i] && !end_of_data) continue;
    Span span{first, i + 1 - first, i + 1 - first, !terminals[i] && !timeouts[i]};
    first = i + 1;
    if (!has_next_ && !terminals[i]) {
      // The observation after the last row is unknown: drop the row, truncate before it.
      span.steps -= 1;
      span.truncate_last = true;
      ++dropped_rows_;
      if (span.steps == 0) continue;
    } else if (!has_next_) {
      ++repeated_final_;
    }
    spans_.push_back(span);
  }
  // Root attributes that our converter (and some D4RL writers) leave; the rest stays empty.
  read_root_metadata(root, f, metadata_);
  if (metadata_.dataset_id.empty()) {
    metadata_.dataset_id = std::filesystem::path(f).stem().string();
  }
  metadata_.total_episodes = static_cast<int64_t>(spans_.size());
  for (const auto& span : spans_) metadata_.total_steps += static_cast<int64_t>(span.steps);
}

std::vector<std::string> D4rlReader::notes() const {
  std::vector<std::string> notes;
  if (repeated_final_ > 0) {
    notes.push_back(std::to_string(repeated_final_) +
                    " episodes end in a terminal without next_observations: their final "
                    "observation repeats the last row's (unknown; unused after a termination)");
  }
  if (dropped_rows_ > 0) {
    notes.push_back(std::to_string(dropped_rows_) +
                    " rows dropped: the last row of an episode ended by a timeout or by the end "
                    "of the data, without next_observations (its next observation is unknown)");
  }
  return notes;
}

const D4rlReader::Span& D4rlReader::span(size_t index) const {
  if (index >= spans_.size()) {
    throw std::out_of_range("episode index " + std::to_string(index) + " out of range: '" +
                            file_.path + "' holds " + std::to_string(spans_.size()) + " episodes");
  }
  return spans_[index];
}

size_t D4rlReader::episode_steps(size_t index) const { return span(index).steps; }

namespace {

// The state field an info of a D4RL file holds ("qpos", "qvel", or "<field>" for our
// "tlb_state_<field>"), or "".
std::string state_field_of(const std::string& info) {
  if (info == "qpos" || info == "qvel") return info;
  const std::string prefix = "tlb_state_";
  return info.rfind(prefix, 0) == 0 ? info.substr(prefix.size()) : "";
}

}  // namespace

Episode D4rlReader::read(size_t index, bool with_infos) const {
  const Span& s = span(index);
  const size_t t = s.steps;
  const size_t known = std::min(s.rows, t + 1);  // rows of the file in observations 0..T
  const hid_t root = file_.handle.get();
  const std::string& f = file_.path;
  Episode episode;
  episode.id = static_cast<int64_t>(index);
  episode.observations = Matrix(t + 1, observation_size_);
  const std::vector<double> observations = read_floats(observations_, s.first, known, f);
  std::copy(observations.begin(), observations.end(), episode.observations.values.begin());
  if (has_next_) {
    const std::vector<double> last =
        read_floats(root, "next_observations", s.first + s.rows - 1, 1, f);
    std::copy(last.begin(), last.end(), episode.observations.row(t));
  } else if (known == t) {
    std::copy(episode.observations.row(t - 1), episode.observations.row(t - 1) + observation_size_,
              episode.observations.row(t));
  }
  episode.actions.rows = t;
  episode.actions.cols = action_size_;
  episode.actions.values = read_floats(actions_, s.first, t, f);
  episode.rewards = read_floats(rewards_, s.first, t, f);
  episode.terminations.assign(terminals_.begin() + s.first, terminals_.begin() + s.first + t);
  episode.truncations.assign(timeouts_.begin() + s.first, timeouts_.begin() + s.first + t);
  if (s.truncate_last) episode.truncations.back() = 1;
  if (with_infos && !info_names_.empty()) {
    GroupHandle infos = open_group(root, "infos", f);
    for (const auto& name : info_names_) {
      const std::string state = state_field_of(name);
      const size_t cols = inspect_dataset(infos.get(), name, f).cols();
      NamedMatrix field{state.empty() ? name : state, Matrix(t + 1, cols)};
      // A row the file lacks: NaN for a state (replay skips it), 0 for an info (Minari
      // forbids NaN there).
      std::fill(field.data.values.begin(), field.data.values.end(),
                state.empty() ? 0.0 : std::numeric_limits<double>::quiet_NaN());
      const std::vector<double> values = read_floats(infos.get(), name, s.first, known, f);
      std::copy(values.begin(), values.end(), field.data.values.begin());
      (state.empty() ? episode.infos : episode.states).push_back(std::move(field));
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
