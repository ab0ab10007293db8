// Behaviour cloning (`tlb train --algo bc`): the policy PPO trains, learnt from trajectory
// files by maximum likelihood of the recorded actions (agents/bc_data.h says how episodes
// become batches), with the run folder, metrics, checkpoints, resume and plot of a PPO run.
//
// One epoch is one pass over the training episodes, read in an order drawn from the seed and
// the epoch, through a bounded shuffle buffer. After each epoch: the validation loss (the
// held-out episodes, whole), every eval_interval epochs the policy plays eval_episodes in the
// env (deterministic, through the same TrainedPolicy `tlb eval` runs), best.pt keeps the best
// evaluation, and a checkpoint is written. Metrics rows and episodes.csv count samples (steps
// learnt from) as global_step. A run resumes from the end of its last epoch and continues
// as the uninterrupted run does (CPU, one thread).
#pragma once

#include <torch/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "agents/actor_critic.h"
#include "agents/bc_options.h"
#include "agents/factories.h"
#include "replay/episode.h"

namespace torch::optim {
class Adam;
}

namespace tlb::agents {

class BcFiles;
struct PreparedEpisode;
class MetricsLogger;
class PolicyIo;
struct BcBatch;

class BcTrainer {
 public:
  // A new run in options.run_dir. Throws std::invalid_argument (one line) for bad options or
  // data, before the run folder is created.
  BcTrainer(BcOptions options, Factories factories);
  ~BcTrainer();

  // Continues the run in `run_dir` from its latest.pt; `overrides` may change epochs, device,
  // threads and log_interval (field name -> text).
  static std::unique_ptr<BcTrainer> resume(
      const std::filesystem::path& run_dir, Factories factories,
      const std::map<std::string, std::string>& overrides = {});

  // Trains to options.epochs; `stop_after_epoch` > 0 stops after that epoch (as a kill right
  // after its checkpoint would; tests use it).
  void train(int64_t stop_after_epoch = -1);

  const BcOptions& options() const { return options_; }
  const std::filesystem::path& run_dir() const { return run_dir_; }
  const std::string& env_id() const { return env_id_; }
  ActorCritic& model() { return model_; }
  int64_t epoch() const { return epoch_; }
  // Whether every epoch of the run is done (a resume of a finished run).
  bool finished() const { return epoch_ >= options_.epochs; }
  int64_t samples() const { return samples_; }

  // `episode` as the policy sees it (the data's frozen statistics).
  PreparedEpisode prepare(const replay::Episode& episode);

  // The loss of one batch (mean over its valid steps) from the streams' `state`, which it
  // advances; without a gradient when torch's grad mode is off.
  torch::Tensor batch_loss(const BcBatch& batch, RecurrentState& state);
  // Mean loss over the validation episodes (NaN when there are none).
  double validation_loss();

 private:
  BcTrainer(BcOptions options, Factories factories, bool resuming);
  double train_epoch();
  double evaluate();
  void save_checkpoint();
  bool memory() const { return has_memory_; }

  BcOptions options_;
  Factories factories_;
  std::filesystem::path run_dir_;
  std::string env_id_;
  torch::Device device_;
  std::unique_ptr<envs::Env> env_;  // evaluation
  std::unique_ptr<BcFiles> files_;
  std::unique_ptr<PolicyIo> io_;  // one row, frozen at the data's statistics
  ActorCritic model_{nullptr};
  bool has_memory_ = false;
  std::unique_ptr<torch::optim::Adam> optimizer_;
  std::unique_ptr<MetricsLogger> logger_;
  std::pair<double, double> references_;  // random and expert returns, or NaNs

  int64_t epoch_ = 0;    // epochs completed
  int64_t samples_ = 0;  // steps learnt from
  double best_eval_ = -INFINITY;
};

}  // namespace tlb::agents
