#include "agents/training_recorder.h"

#include <filesystem>
#include <optional>
#include <stdexcept>

#include "envs/registry.h"
#include "replay/minari_metadata.h"
#include "replay/recorder.h"
#include "replay/trajectory_reader.h"

namespace tlb::agents {
namespace {

replay::DatasetMetadata training_metadata(envs::Env& env, const TrainingRecordOptions& o) {
  replay::RecordOptions record;
  record.seed = o.seed;
  record.tlb_version = o.tlb_version;
  const std::string algorithm = o.algorithm + "-" + o.backbone;
  record.dataset_id = replay::minari_dataset_id(env.id(), algorithm + "-replay");
  replay::DatasetMetadata m = replay::recording_metadata(env, {algorithm, "", ""}, record);
  m.source = "training";
  m.backbone = o.backbone;
  m.training_run = o.run_dir;
  m.training_config = o.config_text;
  return m;
}

// Index of the first of the trailing episodes that ended after `global_step` (stamped by a
// training run); num_episodes() when there are none.
size_t first_after(const replay::TrajectoryReader& reader, int64_t global_step) {
  size_t first = reader.num_episodes();
  while (first > 0) {
    const auto& s = reader.summary(first - 1);
    if (!s.global_step || *s.global_step <= global_step) break;
    --first;
  }
  return first;
}

}  // namespace

TrainingRecorder::TrainingRecorder(envs::VectorEnv& envs, const TrainingRecordOptions& o)
    : envs_(envs), builders_(static_cast<size_t>(envs.num_envs())) {
  for (int i = 0; i < envs.num_envs(); ++i) {
    if (envs.env(i).mujoco() == nullptr) {
      throw std::invalid_argument("--record: env '" + envs.env(i).id() +
                                  "' has no MuJoCo simulation to record");
    }
  }
  const bool resuming = o.resume_global_step >= 0;
  replay::TrajectoryWriterOptions writer;
  writer.mode = resuming ? replay::OpenMode::kAppend : o.mode;
  if (!resuming && writer.mode == replay::OpenMode::kCreate && std::filesystem::exists(o.path)) {
    throw std::invalid_argument("--record: '" + o.path +
                                "' exists; add --record-overwrite to replace it or "
                                "--record-append to add this run's episodes to it");
  }
  if (!resuming && writer.mode == replay::OpenMode::kAppend && std::filesystem::exists(o.path)) {
    // A resume tells its own episodes apart by their tlb_global_step; another run's would mix.
    const replay::TrajectoryReader existing(o.path);
    for (size_t i = 0; i < existing.num_episodes(); ++i) {
      if (existing.summary(i).global_step) {
        throw std::invalid_argument(
            "--record-append: '" + o.path + "' already holds episodes of a training run (" +
            (existing.metadata().training_run.empty() ? std::string("unnamed")
                                                      : existing.metadata().training_run) +
            "); record this run into another file");
      }
    }
  }
  writer_ =
      std::make_unique<replay::TrajectoryWriter>(o.path, training_metadata(envs.env(0), o), writer);
  if (resuming) {
    std::optional<int64_t> first_id;
    {
      // Closed before discarding: HDF5 refuses to write a file it also has open read-only.
      const replay::TrajectoryReader reader(o.path);
      const size_t first = first_after(reader, o.resume_global_step);
      if (first < reader.num_episodes()) first_id = reader.summary(first).id;
    }
    if (first_id) discarded_ = writer_->discard_from(*first_id);
  }
  envs_.set_capture(true);
}

void TrainingRecorder::on_reset() {
  for (int i = 0; i < envs_.num_envs(); ++i) {
    const envs::EnvCapture& c = envs_.capture(i);
    const envs::EpisodeStart& s = c.start;
    builders_[i].begin(s.seed, s.observation, s.info, s.state);
  }
}

void TrainingRecorder::on_step(int64_t global_step) {
  for (int i = 0; i < envs_.num_envs(); ++i) {
    const envs::EnvCapture& c = envs_.capture(i);
    replay::EpisodeBuilder& builder = builders_[i];
    if (!builder.started()) {
      throw std::logic_error("TrainingRecorder::on_step before on_reset (" + path() + ")");
    }
    builder.add_step(c.action, c.step, c.state);
    if (!c.started) continue;  // the episode goes on
    replay::Episode episode = builder.finish();
    episode.global_step = global_step;
    episode.env_index = i;
    writer_->append(episode);
    ++written_;
    builder.begin(c.start.seed, c.start.observation, c.start.info, c.start.state);
  }
}

}  // namespace tlb::agents
