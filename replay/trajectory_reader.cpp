#include "replay/trajectory_reader.h"

#include <algorithm>
#include <stdexcept>

#include "replay/dataset_checks.h"

namespace tlb::replay {

namespace {

// Parses the id of "episode_{id}"; nullopt for other names.
std::optional<int64_t> episode_id_of(const std::string& name) {
  const std::string prefix = "episode_";
  if (name.rfind(prefix, 0) != 0 || name.size() == prefix.size()) return std::nullopt;
  int64_t id = 0;
  for (size_t i = prefix.size(); i < name.size(); ++i) {
    if (name[i] < '0' || name[i] > '9' || id > (int64_t{1} << 56)) return std::nullopt;
    id = id * 10 + (name[i] - '0');
  }
  return id;
}

// The datasets below `group` (recursively, names joined by '/').
void list_datasets(hid_t group, const std::string& prefix, const std::string& file,
                   std::vector<std::string>& out) {
  for (const auto& name : list_links(group, file)) {
    if (is_dataset(group, name)) {
      out.push_back(prefix + name);
    } else {
      GroupHandle child = open_group(group, name, file);
      list_datasets(child.get(), prefix + name + "/", file, out);
    }
  }
}

std::vector<NamedMatrix> read_named(hid_t episode, const std::string& group_name,
                                    const std::string& file) {
  std::vector<NamedMatrix> fields;
  if (!has_link(episode, group_name)) return fields;
  GroupHandle group = open_group(episode, group_name, file);
  std::vector<std::string> names;
  list_datasets(group.get(), "", file, names);
  for (const auto& name : names) {
    const DatasetShape shape = inspect_dataset(group.get(), name, file);
    NamedMatrix field{name, Matrix{}};
    field.data.rows = shape.rows();
    field.data.cols = shape.cols();
    field.data.values = read_floats(group.get(), name, 0, shape.rows(), file);
    fields.push_back(std::move(field));
  }
  return fields;
}

}  // namespace

bool has_minari_layout(hid_t root, const std::string& file) {
  if (H5Aexists(root, "total_episodes") > 0) return true;
  H5Eclear2(H5E_DEFAULT);
  for (const auto& name : list_links(root, file)) {
    if (episode_id_of(name)) return true;
  }
  return false;
}

TrajectoryReader::TrajectoryReader(std::string path)
    : file_(open_hdf5_file(path, /*writable=*/false)) {
  const hid_t root = file_.handle.get();
  if (!has_minari_layout(root, file_.path)) {
    throw std::runtime_error("'" + file_.path +
                             "' is not a Minari trajectory file: no episode_* groups and no "
                             "total_episodes attribute");
  }
  read_metadata();
  for (const auto& name : list_links(root, file_.path)) {
    if (episode_id_of(name)) summaries_.push_back(check_episode(name));
  }
  std::sort(summaries_.begin(), summaries_.end(),
            [](const EpisodeSummary& a, const EpisodeSummary& b) { return a.id < b.id; });
  const auto found = static_cast<int64_t>(summaries_.size());
  if (H5Aexists(root, "total_episodes") > 0 && metadata_.total_episodes != found) {
    DatasetChecks("trajectory", file_.path)
        .malformed("attribute total_episodes", "is " + std::to_string(metadata_.total_episodes) +
                                                   ", but " + std::to_string(found) +
                                                   " episode groups were found");
  }
  metadata_.total_episodes = found;
  int64_t steps = 0;
  for (const auto& s : summaries_) steps += static_cast<int64_t>(s.steps);
  metadata_.total_steps = steps;
}

void read_root_metadata(hid_t root, const std::string& f, DatasetMetadata& m) {
  auto text = [&](const char* name) { return read_string_attribute(root, name, f).value_or(""); };
  m.dataset_id = text("dataset_id");
  m.env_spec = text("env_spec");
  m.observation_space = text("observation_space");
  m.action_space = text("action_space");
  m.algorithm_name = text("algorithm_name");
  m.author = text("author");
  m.code_permalink = text("code_permalink");
  m.task = text("tlb_task");
  m.model_hash = text("tlb_model_hash");
  m.mujoco_version = text("tlb_mujoco_version");
  m.policy_checkpoint = text("tlb_policy_checkpoint");
  m.policy_checkpoint_hash = text("tlb_policy_checkpoint_hash");
  m.tlb_version = text("tlb_version");
  m.source = text("tlb_source");
  m.backbone = text("tlb_backbone");
  m.training_run = text("tlb_training_run");
  m.training_config = text("tlb_training_config");
  m.seed = read_int_attribute(root, "tlb_seed", f).value_or(0);
  m.format_version = read_int_attribute(root, "tlb_format_version", f).value_or(0);
  if (m.format_version > kTrajectoryFormatVersion) {
    throw std::runtime_error("trajectory file '" + f + "' has format version " +
                             std::to_string(m.format_version) + ", this tlb reads up to " +
                             std::to_string(kTrajectoryFormatVersion) + ": upgrade tlb");
  }
}

void TrajectoryReader::read_metadata() {
  const hid_t root = file_.handle.get();
  read_root_metadata(root, file_.path, metadata_);
  metadata_.total_episodes = read_int_attribute(root, "total_episodes", file_.path).value_or(0);
  metadata_.total_steps = read_int_attribute(root, "total_steps", file_.path).value_or(0);
}

bool TrajectoryReader::stored_as_float32(const std::string& dataset) const {
  if (dataset == "observations") return observations_float32_;
  if (dataset == "rewards") return rewards_float32_;
  return false;
}

EpisodeSummary TrajectoryReader::check_episode(const std::string& name) {
  const std::string& f = file_.path;
  GroupHandle group = open_group(file_.handle.get(), name, f);
  const hid_t g = group.get();
  const DatasetChecks checks("trajectory", f);
  if (!is_dataset(g, "actions")) checks.malformed(name + "/actions", "is missing");
  const DatasetShape actions = inspect_dataset(g, "actions", f);
  EpisodeSummary summary;
  summary.id = *episode_id_of(name);
  summary.steps = actions.rows();
  const size_t t = summary.steps;
  // Every episode has the first one's observation and action sizes.
  const auto known = [&](size_t size) { return sizes_known_ ? std::optional(size) : std::nullopt; };
  const DatasetShape observations = checks.check_float(
      g, name, "observations", {FloatRank::kMatrix, t + 1, known(observation_size_)});
  const size_t obs = observations.cols();
  observations_float32_ = observations_float32_ || observations.type_size == 4;
  const size_t act =
      checks.check_float(g, name, "actions", {FloatRank::kMatrix, t, known(action_size_)}).cols();
  if (!sizes_known_) {
    observation_size_ = obs;
    action_size_ = act;
    sizes_known_ = true;
  }
  rewards_float32_ = rewards_float32_ ||
                     checks.check_float(g, name, "rewards", {FloatRank::kVector, t}).type_size == 4;
  checks.check_bool(g, name, "terminations", t, /*allow_column=*/false);
  checks.check_bool(g, name, "truncations", t, /*allow_column=*/false);
  for (const char* sub : {"infos", "states"}) {
    if (!has_link(g, sub)) continue;
    GroupHandle child = open_group(g, sub, f);
    std::vector<std::string> names;
    list_datasets(child.get(), "", f, names);
    for (const auto& field : names) {
      checks.check_float(child.get(), name + "/" + sub, field, {FloatRank::kVectorOrMatrix, t + 1});
    }
  }
  if (const auto total = read_int_attribute(g, "total_steps", f);
      total && *total != static_cast<int64_t>(t)) {
    checks.malformed(name, "has attribute total_steps " + std::to_string(*total) +
                               ", but actions has " + std::to_string(t) + " rows");
  }
  if (const auto seed = read_int_attribute(g, "seed", f))
    summary.seed = static_cast<uint64_t>(*seed);
  summary.global_step = read_int_attribute(g, "tlb_global_step", f);
  summary.env_index = read_int_attribute(g, "tlb_env_index", f);
  return summary;
}

const EpisodeSummary& TrajectoryReader::summary(size_t index) const {
  if (index >= summaries_.size()) {
    throw std::out_of_range("episode index " + std::to_string(index) + " out of range: '" +
                            file_.path + "' holds " + std::to_string(summaries_.size()) +
                            " episodes");
  }
  return summaries_[index];
}

Episode TrajectoryReader::read(size_t index, bool with_infos_and_states) const {
  const EpisodeSummary& s = summary(index);
  const std::string& f = file_.path;
  const std::string name = "episode_" + std::to_string(s.id);
  GroupHandle group = open_group(file_.handle.get(), name, f);
  const hid_t g = group.get();
  const size_t t = s.steps;
  Episode episode;
  episode.id = s.id;
  episode.seed = s.seed;
  episode.global_step = s.global_step;
  episode.env_index = s.env_index;
  episode.observations.rows = t + 1;
  episode.observations.cols = observation_size_;
  episode.observations.values = read_floats(g, "observations", 0, t + 1, f);
  episode.actions.rows = t;
  episode.actions.cols = action_size_;
  episode.actions.values = read_floats(g, "actions", 0, t, f);
  episode.rewards = read_floats(g, "rewards", 0, t, f);
  episode.terminations = read_bools(g, "terminations", 0, t, f);
  episode.truncations = read_bools(g, "truncations", 0, t, f);
  if (with_infos_and_states) {
    episode.infos = read_named(g, "infos", f);
    episode.states = read_named(g, "states", f);
  }
  return episode;
}

}  // namespace tlb::replay
