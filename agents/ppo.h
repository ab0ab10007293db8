// Proximal Policy Optimization (Schulman et al. 2017, https://arxiv.org/abs/1707.06347) for
// continuous actions, with every detail of CleanRL's ppo_continuous_action.py (docs/ppo.md
// lists them) and any backbone of tlb/.
//
// One update reads in CleanRL's order: anneal the learning rate, roll out, bootstrap, GAE
// backwards, epochs x minibatches, log. Each stage is a method below.
//
// Checkpoints are taken at rollout boundaries every checkpoint_interval updates. At those
// same boundaries (in every run, resumed or not) all envs are reset with a seed derived from
// the run seed and the update index, and memory states start afresh: an episode running
// across a boundary is cut there (bootstrapped like a time limit, by the rollout's last
// value). That makes a run resumable without storing simulator states: on CPU with one
// thread, a run resumed from a checkpoint continues exactly as the uninterrupted run does.
//
// With options.eval_interval > 0, every eval_interval updates (and after the last) the
// deterministic policy plays eval_episodes episodes on an env of its own (never the training
// envs, no draw from the run's generator, so resumes stay exact); the mean return is logged
// as eval/return and the best one's parameters are kept in best.pt.
//
// With options.record, every episode the envs finish is written to a trajectory file as it
// ends (agents/training_recorder.h); episodes cut at segment boundaries are not.
//
// Data-parallel (a DataParallel given, agents/distributed.h, docs/distributed.md): each rank
// steps its own envs with its own seeds, gradients are averaged across ranks before clipping,
// the normaliser statistics are merged after each rollout, rank 0 alone writes the run folder;
// total_timesteps and the step counts are global. Without one, nothing changes.
#pragma once

#include <torch/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "agents/actor_critic.h"
#include "agents/checkpoint.h"
#include "agents/factories.h"
#include "agents/ppo_options.h"
#include "envs/vector_env.h"

namespace torch::optim {
class Adam;
}

namespace tlb::agents {

class RolloutBuffer;
class MetricsLogger;
class TrainingRecorder;
class PolicyIo;
class DataParallel;

// The debug figures of one update (CleanRL's names, losses/...).
struct UpdateStats {
  double value_loss = 0, policy_loss = 0, entropy = 0, old_approx_kl = 0, approx_kl = 0;
  double clipfrac = 0, explained_variance = 0;
  bool finite = true;  // false: the update was skipped and the parameters restored
};

class PpoTrainer {
 public:
  // A new run in options.run_dir (created; it must not hold a run already).
  // `parallel`: this process is one rank of a data-parallel run (nullptr: the only one).
  PpoTrainer(PpoOptions options, Factories factories,
             std::shared_ptr<DataParallel> parallel = nullptr);
  ~PpoTrainer();

  // Continues the run in `run_dir` from its latest.pt, with the configuration stored there
  // changed only by `overrides` (see apply_resume_overrides; the run's config.ini is
  // rewritten when they change anything). Removes temporaries a kill left in the folder;
  // throws std::invalid_argument when latest.pt belongs to another run (its configuration
  // is not the folder's config.ini). A finished run resumes as finished() (train() then does
  // nothing).
  static std::unique_ptr<PpoTrainer> resume(
      const std::filesystem::path& run_dir, Factories factories,
      const std::map<std::string, std::string>& overrides = {},
      std::shared_ptr<DataParallel> parallel = nullptr);

  // Trains to total_timesteps. `stop_after_update` > 0 stops after that update (as a kill
  // right after its checkpoint would; tests use it). Writes the learning curve at the end.
  void train(int64_t stop_after_update = -1);

  const PpoOptions& options() const { return options_; }
  const PpoSizes& sizes() const { return sizes_; }
  // Whether every update of the run is done (a resume of a finished run).
  bool finished() const { return update_ >= sizes_.num_iterations; }
  // The best eval/return so far (-inf before the first evaluation).
  double best_evaluation() const { return best_eval_; }
  const std::filesystem::path& run_dir() const { return run_dir_; }
  // The --record file's writer, or nullptr when the run records nothing.
  const TrainingRecorder* recorder() const { return recorder_.get(); }
  ActorCritic& model() { return model_; }
  // What the policy sees (normalisers, previous action and reward, clipping).
  const PolicyIo& policy_io() const { return *io_; }
  int64_t update() const { return update_; }
  int64_t global_step() const { return global_step_; }

  // Test hook: runs one rollout without learning and returns the buffer (for the ratio-1
  // invariant). Begins a segment first when none is running.
  const RolloutBuffer& collect_rollout_for_test();

 private:
  PpoTrainer(PpoOptions options, Factories factories, bool resuming,
             std::shared_ptr<DataParallel> parallel);
  bool writes() const;        // this process writes the run folder (rank 0, or the only one)
  uint64_t own_seed() const;  // the run seed, mixed with the rank in a data-parallel run

  void open_recorder(bool resuming);
  void begin_segment();
  double anneal_learning_rate();
  void collect_rollout();
  void compute_advantages();
  UpdateStats update_policy();
  void log_update(const UpdateStats& stats, double learning_rate, double eval_return);
  double evaluate();
  CheckpointState checkpoint_state() const;
  void save_checkpoint();
  void write_latest_checkpoint();
  void restore_checkpoint(const std::filesystem::path& path);

  PpoOptions options_;
  PpoSizes sizes_;
  Factories factories_;
  std::filesystem::path run_dir_;
  torch::Device device_;
  std::unique_ptr<envs::VectorEnv> envs_;
  ActorCritic model_{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer_;
  std::unique_ptr<RolloutBuffer> buffer_;
  std::unique_ptr<MetricsLogger> logger_;
  std::unique_ptr<TrainingRecorder> recorder_;  // --record
  std::unique_ptr<PolicyIo> io_;
  std::unique_ptr<envs::Env> eval_env_;  // --eval-interval: the env evaluations play on
  double best_eval_;
  std::shared_ptr<DataParallel> parallel_;  // data-parallel hooks, or nullptr
  at::Generator generator_;  // every random draw of the agent: action noise, minibatch order

  // Rollout state carried between steps and updates (the rest is in io_).
  RecurrentState state_;
  torch::Tensor last_values_;  // [N] bootstrap after the rollout
  bool segment_running_ = false;

  int64_t update_ = 0;       // updates completed
  int64_t global_step_ = 0;  // env steps completed
  int64_t failed_updates_ = 0;
  std::vector<std::pair<int64_t, double>> rollout_returns_;  // (length, return) this rollout
  std::vector<double> recent_returns_;                       // the last 20 episodes
  std::chrono::steady_clock::time_point start_time_;
  int64_t start_step_ = 0;
};

}  // namespace tlb::agents
