#include "replay/trajectory_writer.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "common/atomic_file.h"
#include "replay/minari_metadata.h"
#include "replay/trajectory_reader.h"

namespace tlb::replay {

namespace fs = std::filesystem;

namespace {

// A file beside `path` that only this writer uses (one writer per file at a time).
std::string sibling(const std::string& path, const std::string& tag) {
  return common::temporary_path_for(path, tag, /*per_process=*/false).string();
}

// Infos and states of one value per step are 1-D, as Minari writes scalar infos.
void write_named(hid_t group, const NamedMatrix& field, const DatasetStorage& storage,
                 const std::string& file) {
  std::vector<size_t> dims = {field.data.rows};
  if (field.data.cols != 1) dims.push_back(field.data.cols);
  write_floats(group, field.name, field.data.values.data(), dims, storage, file);
}

void write_named_group(hid_t episode, const std::string& name,
                       const std::vector<NamedMatrix>& fields, const DatasetStorage& storage,
                       const std::string& file, bool even_empty) {
  if (fields.empty() && !even_empty) return;
  GroupHandle group = create_group(episode, name, file);
  for (const auto& field : fields) {
    if (field.name.empty() || field.name.find('/') != std::string::npos) {
      throw std::invalid_argument(name + " field name '" + field.name +
                                  "' must be non-empty and hold no '/'");
    }
    write_named(group.get(), field, storage, file);
  }
}

}  // namespace

void write_root_metadata(hid_t root, const DatasetMetadata& m, const std::string& file,
                         bool minari) {
  const std::pair<const char*, const std::string*> strings[] = {
      {"dataset_id", &m.dataset_id},
      {"observation_space", &m.observation_space},
      {"action_space", &m.action_space},
      {"algorithm_name", &m.algorithm_name},
      {"author", &m.author},
      {"code_permalink", &m.code_permalink},
      {"tlb_task", &m.task},
      {"tlb_model_hash", &m.model_hash},
      {"tlb_mujoco_version", &m.mujoco_version},
      {"tlb_policy_checkpoint", &m.policy_checkpoint},
      {"tlb_policy_checkpoint_hash", &m.policy_checkpoint_hash},
      {"tlb_source", &m.source},
      {"tlb_backbone", &m.backbone},
      {"tlb_training_run", &m.training_run},
      {"tlb_training_config", &m.training_config},
      {"tlb_version", &m.tlb_version},
  };
  for (const auto& [name, value] : strings) write_string_attribute(root, name, *value, file);
  // Gymnasium parses env_spec whenever it is present, and "" is no JSON: a file of no known
  // task (a D4RL conversion) has none.
  if (!m.env_spec.empty()) {
    write_string_attribute(root, "env_spec", m.env_spec, file);
  } else if (H5Aexists(root, "env_spec") > 0) {
    H5Adelete(root, "env_spec");
  }
  write_int_attribute(root, "tlb_seed", m.seed, file);
  write_int_attribute(root, "tlb_format_version", m.format_version, file);
  if (!minari) return;
  write_string_attribute(root, "minari_version", kMinariVersionSpecifier, file);
  write_string_attribute(root, "data_format", "hdf5", file);
  write_int_attribute(root, "total_episodes", m.total_episodes, file);
  write_int_attribute(root, "total_steps", m.total_steps, file);
}

void write_episode_group(hid_t root, const Episode& episode, int64_t id,
                         const DatasetStorage& storage, const std::string& file) {
  episode.check_shapes();
  const size_t t = episode.steps();
  GroupHandle group = create_group(root, "episode_" + std::to_string(id), file);
  write_int_attribute(group.get(), "id", id, file);
  write_int_attribute(group.get(), "total_steps", static_cast<int64_t>(t), file);
  if (episode.seed)
    write_int_attribute(group.get(), "seed", static_cast<int64_t>(*episode.seed), file);
  if (episode.global_step)
    write_int_attribute(group.get(), "tlb_global_step", *episode.global_step, file);
  if (episode.env_index)
    write_int_attribute(group.get(), "tlb_env_index", *episode.env_index, file);
  write_floats(group.get(), "observations", episode.observations.values.data(),
               {episode.observations.rows, episode.observations.cols}, storage, file);
  write_floats(group.get(), "actions", episode.actions.values.data(),
               {episode.actions.rows, episode.actions.cols}, storage, file);
  write_floats(group.get(), "rewards", episode.rewards.data(), {t}, storage, file);
  write_bools(group.get(), "terminations", episode.terminations.data(), t, storage, file);
  write_bools(group.get(), "truncations", episode.truncations.data(), t, storage, file);
  // Minari 0.5 reads an infos group in every episode, even an empty one.
  write_named_group(group.get(), "infos", episode.infos, storage, file, /*even_empty=*/true);
  // Simulator state is always float64: re-simulation restores it bit for bit.
  DatasetStorage exact = storage;
  exact.float_type = FloatType::kFloat64;
  write_named_group(group.get(), "states", episode.states, exact, file, /*even_empty=*/false);
}

TrajectoryWriter::TrajectoryWriter(std::string path, DatasetMetadata metadata,
                                   TrajectoryWriterOptions options)
    : path_(std::move(path)),
      scratch_(sibling(path_, "tlb-scratch")),
      previous_(sibling(path_, "tlb-previous")),
      metadata_(std::move(metadata)),
      options_(options) {
  // Leftovers of a writer that was killed: `path_` is complete without them.
  std::error_code ignored;
  fs::remove(scratch_, ignored);
  fs::remove(previous_, ignored);

  const bool exists = fs::exists(path_);
  if (exists && options_.mode == OpenMode::kCreate) {
    throw std::runtime_error("refusing to overwrite existing file '" + path_ +
                             "' (ask to overwrite or to append)");
  }
  if (exists && options_.mode == OpenMode::kAppend) {
    const TrajectoryReader reader(path_);
    const DatasetMetadata& found = reader.metadata();
    if (!metadata_.task.empty() && !found.task.empty() && metadata_.task != found.task) {
      throw std::invalid_argument("cannot append episodes of task '" + metadata_.task + "' to '" +
                                  path_ + "', which holds task '" + found.task + "'");
    }
    metadata_ = found;
    next_id_ = reader.num_episodes() == 0 ? 0 : reader.summary(reader.num_episodes() - 1).id + 1;
    if (options_.atomic_episodes)
      fs::copy_file(path_, scratch_, fs::copy_options::overwrite_existing);
    open_ = true;
    return;
  }
  metadata_.total_episodes = 0;
  metadata_.total_steps = 0;
  metadata_.format_version = kTrajectoryFormatVersion;
  const std::string first = options_.atomic_episodes ? scratch_ : path_;
  {
    Hdf5File file = create_hdf5_file(first);
    write_root_metadata(file.handle.get(), metadata_, file.path);
  }
  if (options_.atomic_episodes) {
    // Replaces an old file only now, in one step.
    common::commit_file(scratch_, path_, options_.sync_to_disk);
    fs::copy_file(path_, scratch_, fs::copy_options::overwrite_existing);
  }
  open_ = true;
}

TrajectoryWriter::~TrajectoryWriter() {
  try {
    close();
  } catch (...) {
    // A destructor must not throw; `path_` is complete whatever happens to the scratch.
  }
}

void TrajectoryWriter::close() {
  if (!open_) return;
  open_ = false;
  if (options_.atomic_episodes) {
    std::error_code ignored;
    fs::remove(scratch_, ignored);
  }
}

void TrajectoryWriter::write_into(const std::string& path, const Change& change) const {
  Hdf5File file = open_hdf5_file(path, /*writable=*/true);
  change(file.handle.get(), file.path);
  write_int_attribute(file.handle.get(), "total_episodes", metadata_.total_episodes, file.path);
  write_int_attribute(file.handle.get(), "total_steps", metadata_.total_steps, file.path);
  check_hdf5(H5Fflush(file.handle.get(), H5F_SCOPE_GLOBAL), "cannot flush", file.path);
}

int64_t TrajectoryWriter::append(const Episode& episode) {
  if (!open_) throw std::logic_error("TrajectoryWriter::append after close (" + path_ + ")");
  try {
    episode.check_shapes();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("episode not written to '") + path_ + "': " + e.what());
  }
  const int64_t id = next_id_;
  DatasetMetadata after = metadata_;
  after.total_episodes += 1;
  after.total_steps += static_cast<int64_t>(episode.steps());
  apply(
      [&](hid_t root, const std::string& file) {
        write_episode_group(root, episode, id, options_.storage, file);
      },
      after);
  next_id_ = id + 1;
  return id;
}

size_t TrajectoryWriter::discard_from(int64_t first_id) {
  if (!open_) throw std::logic_error("TrajectoryWriter::discard_from after close (" + path_ + ")");
  std::vector<std::string> names;
  DatasetMetadata after = metadata_;
  {
    const TrajectoryReader reader(path_);
    for (size_t i = 0; i < reader.num_episodes(); ++i) {
      const EpisodeSummary& s = reader.summary(i);
      if (s.id < first_id) continue;
      names.push_back("episode_" + std::to_string(s.id));
      after.total_episodes -= 1;
      after.total_steps -= static_cast<int64_t>(s.steps);
    }
  }
  if (!names.empty()) {
    apply(
        [&](hid_t root, const std::string& file) {
          for (const auto& name : names) {
            check_hdf5(H5Ldelete(root, name.c_str(), H5P_DEFAULT), "cannot remove " + name, file);
          }
        },
        after);
  }
  next_id_ = std::min(next_id_, std::max<int64_t>(first_id, 0));
  return names.size();
}

// Makes `change` (which turns the totals into `after`'s) durable; on failure the writer is as
// before.
void TrajectoryWriter::apply(const Change& change, const DatasetMetadata& after) {
  const DatasetMetadata before = metadata_;
  metadata_ = after;
  try {
    commit(change);
  } catch (...) {
    metadata_ = before;
    // The scratch may hold part of the failed change: start it again from `path_`.
    if (options_.atomic_episodes) {
      std::error_code ignored;
      fs::copy_file(path_, scratch_, fs::copy_options::overwrite_existing, ignored);
    }
    throw;
  }
}

void TrajectoryWriter::commit(const Change& change) {
  if (!options_.atomic_episodes) {
    write_into(path_, change);
    return;
  }
  write_into(scratch_, change);
  std::error_code ignored;
  fs::remove(previous_, ignored);
  const bool linked = ::link(path_.c_str(), previous_.c_str()) == 0;
  common::commit_file(scratch_, path_, options_.sync_to_disk);  // the commit point
  if (linked) {
    // The replaced file lacks only this change: it becomes the next scratch (nothing to sync:
    // it is rebuilt from `path_` if a kill interrupts this).
    fs::rename(previous_, scratch_);
    write_into(scratch_, change);
  } else {
    fs::copy_file(path_, scratch_, fs::copy_options::overwrite_existing);
  }
}

}  // namespace tlb::replay
