#include "replay/convert.h"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "common/atomic_file.h"
#include "envs/registry.h"
#include "replay/hdf5_io.h"
#include "replay/minari_metadata.h"
#include "replay/row_appender.h"
#include "replay/trajectory_writer.h"

namespace tlb::replay {

namespace fs = std::filesystem;

namespace {

// Runs `write` on a temporary file beside `out` and commits it to `out`
// (common/atomic_file.h); removes the temporary when either throws.
template <typename Write>
auto write_then_publish(const std::string& out, const ConvertOptions& options, Write write) {
  if (fs::exists(out) && !options.overwrite) {
    throw std::runtime_error("refusing to overwrite existing file '" + out +
                             "' (ask to overwrite)");
  }
  const std::string temporary = common::temporary_path_for(out, "tlb-partial").string();
  try {
    auto result = write(temporary);
    common::commit_file(temporary, out);
    return result;
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

// Refuses an episode with NaN or infinite observations, actions or rewards unless allowed.
void check_finite(const EpisodeSource& source, const Episode& episode,
                  const ConvertOptions& options) {
  if (options.allow_nonfinite) return;
  const std::string where = episode.first_non_finite();
  if (!where.empty()) {
    throw std::invalid_argument("cannot convert '" + source.path() + "': episode " +
                                std::to_string(episode.id) + " holds a non-finite value (" + where +
                                "); expected finite values (--allow-nonfinite keeps them)");
  }
}

// The D4RL info a state field goes to: D4RL's own names for qpos and qvel.
std::string d4rl_state_info(const std::string& field) {
  return field == "qpos" || field == "qvel" ? field : "tlb_state_" + field;
}

// The metadata a Minari output carries: the source's, with spaces and a valid dataset id.
DatasetMetadata minari_output_metadata(const EpisodeSource& source, const std::string& folder_id) {
  DatasetMetadata m = source.metadata();
  if (m.observation_space.empty() || m.action_space.empty()) {
    if (!m.task.empty()) {
      const auto env = envs::make_env(m.task);
      m.observation_space = box_json(env->observation_space());
      m.action_space = box_json(env->action_space());
    } else if (source.num_episodes() > 0) {
      const Episode first = source.read_steps(0);
      m.observation_space = unbounded_box_json(first.observations.cols);
      m.action_space = unbounded_box_json(first.actions.cols);
    }
  }
  // Ours from the task (older files carried a key Gymnasium refuses); others' as they are.
  if (!m.task.empty()) m.env_spec = env_spec_json(m.task);
  if (!folder_id.empty()) {
    check_minari_dataset_id(folder_id);  // Minari 0.5: the id is the folder's path
    m.dataset_id = folder_id;
  } else {
    try {
      check_minari_dataset_id(m.dataset_id);
    } catch (const std::invalid_argument&) {
      m.dataset_id = minari_dataset_id(m.task.empty() ? "dataset" : m.task,
                                       m.dataset_id.empty() ? "converted" : m.dataset_id);
    }
  }
  return m;
}

}  // namespace

size_t convert_to_d4rl(const EpisodeSource& source, const std::string& out,
                       const ConvertOptions& options) {
  return write_then_publish(out, options, [&](const std::string& path) {
    Hdf5File file = create_hdf5_file(path);
    const hid_t root = file.handle.get();
    DatasetStorage storage;
    storage.float_type = FloatType::kFloat32;
    storage.gzip_level = options.gzip_level;
    DatasetStorage exact = storage;  // simulator state: float64, so replay restores it exactly
    exact.float_type = FloatType::kFloat64;
    write_root_metadata(root, source.metadata(), path, /*minari=*/false);
    std::unique_ptr<RowAppender> observations, next_observations, actions;
    RowAppender rewards(root, "rewards", 0, false, storage, path);
    RowAppender terminals(root, "terminals", 0, true, storage, path);
    RowAppender timeouts(root, "timeouts", 0, true, storage, path);
    GroupHandle infos_group;
    std::map<std::string, std::unique_ptr<RowAppender>> infos;
    for (size_t e = 0; e < source.num_episodes(); ++e) {
      const Episode episode = source.read_episode(e);
      check_finite(source, episode, options);
      const size_t t = episode.steps();
      if (!observations) {
        observations = std::make_unique<RowAppender>(
            root, "observations", episode.observations.cols, false, storage, path);
        next_observations = std::make_unique<RowAppender>(
            root, "next_observations", episode.observations.cols, false, storage, path);
        actions = std::make_unique<RowAppender>(root, "actions", episode.actions.cols, false,
                                                storage, path);
      }
      if (t == 0) continue;  // no transition to write
      observations->append_floats(episode.observations.values.data(), t);
      next_observations->append_floats(episode.observations.row(1), t);
      actions->append_floats(episode.actions.values.data(), t);
      rewards.append_floats(episode.rewards.data(), t);
      std::vector<uint8_t> ended_by_time = episode.truncations;
      if (!episode.terminations.back() && !ended_by_time.back()) ended_by_time.back() = 1;
      terminals.append_bools(episode.terminations.data(), t);
      timeouts.append_bools(ended_by_time.data(), t);
      // States win over infos of the same name (D4RL's infos/qpos is the state).
      std::map<std::string, std::pair<const Matrix*, bool>> fields;  // name -> (rows, exact)
      for (const auto& info : episode.infos) fields[info.name] = {&info.data, false};
      for (const auto& state : episode.states) {
        if (state.data.cols == 0) continue;  // e.g. act of a model without actuator state
        fields[d4rl_state_info(state.name)] = {&state.data, true};
      }
      for (const auto& [name, field] : fields) {
        const auto& [data, is_state] = field;
        if (name.find('/') != std::string::npos) continue;  // nested infos stay behind
        if (!infos_group.valid()) infos_group = create_group(root, "infos", path);
        auto& appender = infos[name];
        if (!appender) {
          if (e != 0) {
            throw std::runtime_error("cannot convert '" + source.path() + "': info '" + name +
                                     "' is missing in the episodes before episode " +
                                     std::to_string(episode.id));
          }
          appender = std::make_unique<RowAppender>(infos_group.get(), name,
                                                   data->cols == 1 ? 0 : data->cols, false,
                                                   is_state ? exact : storage, path);
        }
        appender->append_floats(data->values.data(), t);
      }
    }
    for (const auto& [name, appender] : infos) {
      if (appender->rows() != rewards.rows()) {
        throw std::runtime_error("cannot convert '" + source.path() + "': info '" + name +
                                 "' is missing in some episodes");
      }
    }
    return rewards.rows();
  });
}

size_t convert_to_minari(const EpisodeSource& source, const std::string& out,
                         const ConvertOptions& options) {
  const bool folder = (!out.empty() && out.back() == '/') || fs::is_directory(out);
  std::string file = out;
  std::string folder_id;
  if (folder) {
    const fs::path root = fs::path(out).lexically_normal();
    folder_id = (root.has_filename() ? root : root.parent_path()).filename().string();
    fs::create_directories(root / "data");
    file = (root / "data" / "main_data.hdf5").string();
  }
  const DatasetMetadata metadata = minari_output_metadata(source, folder_id);
  const size_t episodes = write_then_publish(file, options, [&](const std::string& path) {
    TrajectoryWriterOptions writer_options;
    writer_options.mode = OpenMode::kOverwrite;
    writer_options.atomic_episodes = false;  // the whole output is published by one rename
    writer_options.sync_to_disk = false;
    writer_options.storage.gzip_level = options.gzip_level;
    // float32 data stays float32 (no precision to gain, and replay then compares at it).
    if (source.float32_values()) writer_options.storage.float_type = FloatType::kFloat32;
    TrajectoryWriter writer(path, metadata, writer_options);
    for (size_t e = 0; e < source.num_episodes(); ++e) {
      const Episode episode = source.read_episode(e);
      check_finite(source, episode, options);
      writer.append(episode);
    }
    writer.close();
    return source.num_episodes();
  });
  if (folder) {
    DatasetMetadata totals = metadata;
    totals.total_episodes = static_cast<int64_t>(episodes);
    totals.total_steps = 0;
    for (size_t e = 0; e < episodes; ++e) {
      totals.total_steps += static_cast<int64_t>(source.episode_steps(e));
    }
    write_minari_metadata_json((fs::path(file).parent_path() / "metadata.json").string(), totals);
  }
  return episodes;
}

}  // namespace tlb::replay
