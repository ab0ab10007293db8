#include "replay/convert.h"

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>

#include "common/atomic_file.h"
#include "replay/hdf5_io.h"
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

// Rows [0, rows) of `m` (rows <= m.rows).
const double* first_rows(const Matrix& m) { return m.values.data(); }

}  // namespace

size_t convert_to_d4rl(const EpisodeSource& source, const std::string& out,
                       const ConvertOptions& options) {
  return write_then_publish(out, options, [&](const std::string& path) {
    Hdf5File file = create_hdf5_file(path);
    const hid_t root = file.handle.get();
    DatasetStorage storage;
    storage.float_type = FloatType::kFloat32;
    storage.gzip_level = options.gzip_level;
    const DatasetMetadata& m = source.metadata();
    write_string_attribute(root, "dataset_id", m.dataset_id, path);
    write_string_attribute(root, "env_spec", m.env_spec, path);
    write_string_attribute(root, "tlb_task", m.task, path);
    std::unique_ptr<RowAppender> observations, next_observations, actions;
    RowAppender rewards(root, "rewards", 0, false, storage, path);
    RowAppender terminals(root, "terminals", 0, true, storage, path);
    RowAppender timeouts(root, "timeouts", 0, true, storage, path);
    GroupHandle infos_group;
    std::map<std::string, std::unique_ptr<RowAppender>> infos;
    for (size_t e = 0; e < source.num_episodes(); ++e) {
      const Episode episode = source.read_episode(e);
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
      observations->append_floats(first_rows(episode.observations), t);
      next_observations->append_floats(episode.observations.row(1), t);
      actions->append_floats(first_rows(episode.actions), t);
      rewards.append_floats(episode.rewards.data(), t);
      std::vector<uint8_t> ended_by_time = episode.truncations;
      if (!episode.terminations.back() && !ended_by_time.back()) ended_by_time.back() = 1;
      terminals.append_bools(episode.terminations.data(), t);
      timeouts.append_bools(ended_by_time.data(), t);
      // States win over infos of the same name (D4RL's infos/qpos is the state).
      std::map<std::string, const Matrix*> fields;
      for (const auto& info : episode.infos) fields[info.name] = &info.data;
      for (const auto& state : episode.states) {
        if (state.name == "qpos" || state.name == "qvel") fields[state.name] = &state.data;
      }
      for (const auto& [name, data] : fields) {
        if (name.find('/') != std::string::npos) continue;  // nested infos stay behind
        if (!infos_group.valid()) infos_group = create_group(root, "infos", path);
        auto& appender = infos[name];
        if (!appender) {
          if (e != 0) {
            throw std::runtime_error("cannot convert '" + source.path() + "': info '" + name +
                                     "' is missing in the episodes before episode " +
                                     std::to_string(episode.id));
          }
          appender = std::make_unique<RowAppender>(
              infos_group.get(), name, data->cols == 1 ? 0 : data->cols, false, storage, path);
        }
        appender->append_floats(first_rows(*data), t);
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
  return write_then_publish(out, options, [&](const std::string& path) {
    TrajectoryWriterOptions writer_options;
    writer_options.mode = OpenMode::kOverwrite;
    writer_options.atomic_episodes = false;  // the whole output is published by one rename
    writer_options.sync_to_disk = false;
    writer_options.storage.gzip_level = options.gzip_level;
    DatasetMetadata metadata = source.metadata();
    TrajectoryWriter writer(path, metadata, writer_options);
    for (size_t e = 0; e < source.num_episodes(); ++e) writer.append(source.read_episode(e));
    writer.close();
    return source.num_episodes();
  });
}

}  // namespace tlb::replay
