// Writes every episode a training run plays to a trajectory file (`tlb train --record FILE`):
// the 'replay' kind of dataset D4RL ships, in our Minari layout with the simulator state at
// every step (docs/replay.md, "Recording a training run").
//
// What is written, per episode of every env: the raw float64 observations (T+1) the env
// returned (before any normalisation), the actions the env received (the policy's samples
// clipped to the action box), the raw rewards, terminations, truncations, infos and the
// simulator state, all taken from the VectorEnv's capture, which keeps the last step of an
// ended episode from before its same-step auto-reset. Each episode is durable in the file
// when the step that ends it returns.
//
// Episodes cut short by the trainer's segment resets (every checkpoint_interval updates, see
// agents/ppo.h) are NOT written: nothing in the env ended them, so they have no last step
// that could be labelled truthfully; episodes.csv omits them too.
//
// Resuming: the run continues from its checkpoint and plays again the episodes that ended
// after it; the recorder first removes those (the trailing episodes whose tlb_global_step is
// beyond the checkpoint's), so the file holds each episode of the continued run once.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "envs/vector_env.h"
#include "replay/episode_builder.h"
#include "replay/trajectory_writer.h"

namespace tlb::agents {

struct TrainingRecordOptions {
  std::string path;                                   // the trajectory file
  replay::OpenMode mode = replay::OpenMode::kCreate;  // for a new run
  // >= 0: a resumed run whose checkpoint was taken at this global step (opens in append
  // mode and removes the episodes that ended after it).
  int64_t resume_global_step = -1;
  // Metadata.
  std::string algorithm;    // e.g. "ppo"
  std::string backbone;     // e.g. "mlp"
  std::string run_dir;      // the run folder
  std::string config_text;  // the run's config.ini
  uint64_t seed = 0;        // the run seed
  std::string tlb_version;
};

class TrainingRecorder {
 public:
  // Opens the file (an existing one only as options.mode or a resume allows) and turns on
  // `envs`' capture. Throws std::invalid_argument when the envs have no MuJoCo simulation or
  // when the file exists and mode is kCreate, or when a new run would append to a file that
  // already holds another training run's episodes.
  TrainingRecorder(envs::VectorEnv& envs, const TrainingRecordOptions& options);

  // Call after envs.reset(): drops the episodes in progress (cut short) and starts new ones.
  void on_reset();
  // Call after envs.step(): adds the step to each env's episode and writes the episodes that
  // ended, in env order; `global_step` is the run's env step count after this step.
  void on_step(int64_t global_step);

  const std::string& path() const { return writer_->path(); }
  int64_t episodes_written() const { return written_; }
  // Episodes removed when resuming (played after the checkpoint by the interrupted run).
  size_t discarded_on_resume() const { return discarded_; }

 private:
  envs::VectorEnv& envs_;
  std::unique_ptr<replay::TrajectoryWriter> writer_;
  std::vector<replay::EpisodeBuilder> builders_;  // (N) one episode in progress per env
  int64_t written_ = 0;
  size_t discarded_ = 0;
};

}  // namespace tlb::agents
