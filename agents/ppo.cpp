#include "agents/ppo.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <iostream>
#include <limits>
#include <sstream>

#include "agents/checkpoint.h"
#include "agents/distributed.h"
#include "agents/gae.h"
#include "agents/learning_curve_svg.h"
#include "agents/metrics_logger.h"
#include "agents/policy_io.h"
#include "agents/progress_line.h"
#include "agents/rollout_buffer.h"
#include "agents/run_folder.h"
#include "agents/trained_policy.h"
#include "agents/training_recorder.h"
#include "common/atomic_file.h"
#include "common/seed_mix.h"
#include "envs/episode_loop.h"
#include "tlb/device.h"
#include "tlb/runtime.h"

namespace tlb::agents {
namespace {

std::filesystem::path default_run_dir(const PpoOptions& o) {
  std::ostringstream name;
  name << o.env_id << "__" << o.backbone << "__" << o.seed << "__" << std::time(nullptr);
  return std::filesystem::path("runs") / name.str();
}

std::vector<std::unique_ptr<envs::Env>> make_envs(const PpoOptions& o, const EnvFactory& make) {
  std::vector<std::unique_ptr<envs::Env>> envs;
  for (int64_t i = 0; i < o.num_envs; ++i) envs.push_back(make(o.env_id));
  return envs;
}

bool all_finite(torch::nn::Module& model) {
  for (const auto& p : model.parameters()) {
    if (!torch::isfinite(p).all().item<bool>()) return false;
  }
  return true;
}

}  // namespace

PpoTrainer::PpoTrainer(PpoOptions options, Factories factories,
                       std::shared_ptr<DataParallel> parallel)
    : PpoTrainer(std::move(options), std::move(factories), /*resuming=*/false,
                 std::move(parallel)) {}

PpoTrainer::PpoTrainer(PpoOptions options, Factories factories, bool resuming,
                       std::shared_ptr<DataParallel> parallel)
    : options_(std::move(options)),
      sizes_(check_ppo_options(options_)),
      factories_(std::move(factories)),
      run_dir_(options_.run_dir.empty() ? default_run_dir(options_)
                                        : std::filesystem::path(options_.run_dir)),
      device_(resolve_device(options_.device)),
      best_eval_(-std::numeric_limits<double>::infinity()),
      parallel_(std::move(parallel)),
      generator_(at::make_generator<at::CPUGeneratorImpl>(options_.seed)) {
  options_.run_dir = run_dir_.string();
  if (!options_.record.empty() && !resuming) {
    options_.record = std::filesystem::absolute(options_.record).lexically_normal().string();
  }
  set_compute_threads(static_cast<int>(options_.threads));
  if (parallel_) {  // data-parallel: the step budget is global, each rank draws its own noise
    sizes_.num_iterations =
        options_.total_timesteps / (sizes_.batch_size * parallel_->world_size());
    if (sizes_.num_iterations < 1) {
      throw std::invalid_argument(
          "total_timesteps: expected at least num_envs * num_steps * world size (" +
          std::to_string(sizes_.batch_size * parallel_->world_size()) + "), found " +
          std::to_string(options_.total_timesteps));
    }
    generator_.set_current_seed(own_seed());
  }
  torch::manual_seed(options_.seed);  // the initial weights

  // More threads than envs would only wake idle workers every step.
  const int64_t env_threads = options_.env_threads > 0
                                  ? options_.env_threads
                                  : std::min<int64_t>(available_cores(), options_.num_envs);
  envs_ = std::make_unique<envs::VectorEnv>(make_envs(options_, factories_.make_env),
                                            static_cast<int>(env_threads));
  const int64_t obs_dim = envs_->observation_size(), act_dim = envs_->action_size();
  io_ = std::make_unique<PolicyIo>(options_.num_envs, obs_dim, envs_->single_action_space(),
                                   policy_io_options(options_), device_);
  if (options_.eval_interval > 0) eval_env_ = factories_.make_env(options_.env_id);
  model_ = make_actor_critic(options_, obs_dim, act_dim, factories_.make_backbone);
  model_->to(device_);
  optimizer_ = std::make_unique<torch::optim::Adam>(
      model_->parameters(),
      torch::optim::AdamOptions(options_.learning_rate).eps(options_.adam_eps));
  buffer_ = std::make_unique<RolloutBuffer>(
      options_.num_steps, options_.num_envs, model_->input_dim(), act_dim,
      model_->has_memory() ? options_.sequence_length : 0, device_);

  if (!writes()) return;
  if (!resuming) {
    create_run_folder(run_dir_, ppo_options_to_text(options_));
    open_recorder(/*resuming=*/false);
  }
  logger_ = std::make_unique<MetricsLogger>(run_dir_, /*append=*/resuming);
}

bool PpoTrainer::writes() const { return !parallel_ || parallel_->writes(); }

uint64_t PpoTrainer::own_seed() const {
  return parallel_ ? parallel_->rank_seed(options_.seed) : options_.seed;
}

PpoTrainer::~PpoTrainer() = default;

std::unique_ptr<PpoTrainer> PpoTrainer::resume(const std::filesystem::path& run_dir,
                                               Factories factories,
                                               const std::map<std::string, std::string>& overrides,
                                               std::shared_ptr<DataParallel> parallel) {
  const auto path = run_dir / kLatestCheckpoint;
  PpoOptions options = ppo_options_from_text(read_checkpoint(path, nullptr, nullptr).config_text);
  const std::string stored_text = ppo_options_to_text(options);
  if (const std::string folder_text = read_folder_config(run_dir); !folder_text.empty()) {
    // What a resume may change, and where the folder is, taken from the checkpoint: the rest
    // must agree.
    PpoOptions folder = ppo_options_from_text(folder_text);
    auto from = ppo_option_fields(options), to = ppo_option_fields(folder);
    for (size_t i = 0; i < from.size(); ++i) {
      const auto& names = resumable_option_names();
      if (from[i].name == "run_dir" ||
          std::find(names.begin(), names.end(), from[i].name) != names.end()) {
        set_field_text(to[i], field_text(from[i]));
      }
    }
    check_resume_folder(run_dir, stored_text, ppo_options_to_text(folder));
  }
  apply_resume_overrides(options, overrides);
  options.run_dir = run_dir.string();
  if (ppo_options_to_text(options) != stored_text && (!parallel || parallel->writes())) {
    common::write_file_atomically(run_dir / "config.ini", ppo_options_to_text(options));
  }
  std::unique_ptr<PpoTrainer> trainer(new PpoTrainer(std::move(options), std::move(factories),
                                                     /*resuming=*/true, std::move(parallel)));
  trainer->restore_checkpoint(path);
  if (trainer->logger_) trainer->logger_->drop_rows_after(trainer->global_step_);
  trainer->open_recorder(/*resuming=*/true);
  if (trainer->eval_env_) {
    trainer->best_eval_ = best_logged_eval_return(run_dir);
  }
  return trainer;
}

void PpoTrainer::open_recorder(bool resuming) {
  if (options_.record.empty() || !writes()) return;
  TrainingRecordOptions o;
  o.path = options_.record;
  o.mode = options_.record_overwrite ? replay::OpenMode::kOverwrite
           : options_.record_append  ? replay::OpenMode::kAppend
                                     : replay::OpenMode::kCreate;
  o.resume_global_step = resuming ? global_step_ : -1;
  o.algorithm = "ppo";
  o.backbone = options_.backbone;
  o.run_dir = run_dir_.string();
  o.config_text = ppo_options_to_text(options_);
  o.seed = options_.seed;
  o.tlb_version = TLB_VERSION;
  recorder_ = std::make_unique<TrainingRecorder>(*envs_, o);
}

void PpoTrainer::restore_checkpoint(const std::filesystem::path& path) {
  auto state = read_checkpoint(path, model_.get(), optimizer_.get(), device_);
  update_ = state.update;
  global_step_ = state.global_step;
  generator_.set_state(state.rng_state);
  io_->set_statistics(state.obs_stats, state.return_stats);
  segment_running_ = false;
}

CheckpointState PpoTrainer::checkpoint_state() const {
  CheckpointState state;
  state.config_text = ppo_options_to_text(options_);
  state.update = update_;
  state.global_step = global_step_;
  state.rng_state = generator_.get_state();
  state.obs_stats = io_->observation_statistics();
  state.return_stats = io_->return_statistics();
  return state;
}

void PpoTrainer::save_checkpoint() {
  if (writes()) write_latest_checkpoint();
  // Data-parallel: every rank checks its parameters against rank 0's; this collective also
  // holds the others back until rank 0's checkpoint is on disk.
  if (parallel_) parallel_->check_identical(model_->parameters());
}

void PpoTrainer::write_latest_checkpoint() {
  write_checkpoint(run_dir_, checkpoint_state(), *model_, optimizer_.get());
}

// The deterministic evaluation on eval_env_, through a one-row PolicyIo holding the training
// statistics.
double PpoTrainer::evaluate() {
  PolicyIo io(1, io_->observation_dim(), eval_env_->action_space(), policy_io_options(options_),
              device_);
  io.set_statistics(io_->observation_statistics(), io_->return_statistics());
  return mean_deterministic_return(model_, std::move(io), *eval_env_, options_.eval_episodes,
                                   options_.eval_seed, {"ppo-" + options_.backbone, "", ""});
}

// Every env starts a fresh episode from a seed derived from the update index (see ppo.h).
void PpoTrainer::begin_segment() {
  const uint64_t segment_seed =
      common::mix_seed(own_seed() ^ common::mix_seed(static_cast<uint64_t>(update_)));
  envs_->reset(segment_seed);
  // Data-parallel: a checkpoint holds rank 0's generator only, so every rank restarts its own
  // from the segment seed, and a resumed run continues as the uninterrupted one.
  if (parallel_) generator_.set_current_seed(common::mix_seed(segment_seed));
  if (recorder_) recorder_->on_reset();
  io_->start_episodes();
  io_->observe(envs_->observations());
  state_ = model_->initial_state(options_.num_envs);
  segment_running_ = true;
}

double PpoTrainer::anneal_learning_rate() {
  double lr = options_.learning_rate;
  if (options_.anneal_lr) {
    const double frac = 1.0 - static_cast<double>(update_) / sizes_.num_iterations;
    lr = frac * options_.learning_rate;
  }
  for (auto& group : optimizer_->param_groups()) {
    static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
  }
  return lr;
}

void PpoTrainer::collect_rollout() {
  torch::NoGradGuard no_grad;
  const int64_t n = options_.num_envs, act_dim = envs_->action_size();
  std::vector<float> rewards(n), ends(n);
  std::vector<uint8_t> ended(n);
  rollout_returns_.clear();
  for (int64_t t = 0; t < options_.num_steps; ++t) {
    auto noise = torch::randn({n, act_dim}, generator_);
    const PolicyStep step = io_->act(model_, state_, noise);
    buffer_->add(t, step.input, step.out.action, step.out.log_prob, step.out.value,
                 step.episode_starts, state_);

    // The buffer keeps the sample; the envs get it clipped (io_->env_actions()).
    envs_->step(io_->env_actions().data());
    global_step_ += parallel_ ? n * parallel_->world_size() : n;
    if (recorder_) recorder_->on_step(global_step_);
    const uint8_t* terminated = envs_->terminated();
    const uint8_t* truncated = envs_->truncated();
    for (int64_t i = 0; i < n; ++i) ended[i] = terminated[i] || truncated[i];
    io_->observe(envs_->observations());
    io_->record_outcome(envs_->rewards(), ended.data());
    rewards = io_->rewards();

    // Truncation: bootstrap from V(final observation), computed with the state after this
    // step; termination: no bootstrap (GAE stops at ends).
    std::vector<int64_t> rows;
    for (int64_t i = 0; i < n; ++i) {
      if (truncated[i] && !terminated[i]) rows.push_back(i);
    }
    if (!rows.empty()) {
      auto idx = torch::tensor(rows, torch::kInt64).to(device_);
      auto fx = io_->final_input(envs_->final_observations()).index_select(0, idx);
      auto no_starts = torch::zeros({static_cast<int64_t>(rows.size())},
                                    torch::TensorOptions().dtype(torch::kBool).device(device_));
      auto v = model_->value(fx, step.out.next_state.index(idx), no_starts).to(torch::kCPU);
      for (size_t k = 0; k < rows.size(); ++k) {
        rewards[rows[k]] += static_cast<float>(options_.gamma * v[k].item<float>());
      }
    }
    for (int64_t i = 0; i < n; ++i) ends[i] = ended[i];
    buffer_->add_outcome(t, torch::tensor(rewards).to(device_), torch::tensor(ends).to(device_));
    for (const auto& e : envs_->finished_episodes()) {
      rollout_returns_.push_back({e.length, e.episode_return});
      if (logger_) logger_->log_episode(global_step_, e.episode_return, e.length);
      recent_returns_.push_back(e.episode_return);
      if (recent_returns_.size() > 20) recent_returns_.erase(recent_returns_.begin());
    }
    state_ = step.out.next_state;
  }
  last_values_ = model_->value(io_->input(), state_, io_->episode_starts());
}

void PpoTrainer::compute_advantages() {
  auto& b = *buffer_;
  b.advantages.copy_(
      compute_gae(b.rewards, b.values, b.ends, last_values_, options_.gamma, options_.gae_lambda));
  b.returns.copy_(b.advantages + b.values);
}

UpdateStats PpoTrainer::update_policy() {
  // Snapshot to fall back to when this update turns anything non-finite.
  std::vector<torch::Tensor> saved_params;
  for (const auto& p : model_->parameters()) saved_params.push_back(p.detach().clone());
  std::stringstream saved_optimizer;
  {
    torch::serialize::OutputArchive archive;
    optimizer_->save(archive);
    archive.save_to(saved_optimizer);
  }

  UpdateStats stats;
  std::vector<double> clipfracs;
  const double clip = options_.clip_coef;
  const auto params = model_->parameters();
  for (int64_t epoch = 0; epoch < options_.update_epochs && stats.finite; ++epoch) {
    auto permutation = torch::randperm(buffer_->num_items(), generator_, torch::kInt64);
    for (const auto& mb : buffer_->minibatches(permutation, options_.num_minibatches)) {
      auto out = model_->evaluate(mb.inputs, mb.start_state, mb.episode_starts, mb.actions);
      auto logratio = out.log_prob - mb.log_probs;
      auto ratio = logratio.exp();
      {
        torch::NoGradGuard no_grad;
        // Approximate KL, the low-variance estimator of http://joschu.net/blog/kl-approx.html
        stats.old_approx_kl = (-logratio).mean().item<double>();
        stats.approx_kl = ((ratio - 1) - logratio).mean().item<double>();
        clipfracs.push_back(((ratio - 1.0).abs() > clip).to(torch::kFloat32).mean().item<double>());
      }
      auto mb_advantages = mb.advantages;
      if (options_.norm_adv) {
        mb_advantages = (mb_advantages - mb_advantages.mean()) / (mb_advantages.std() + 1e-8);
      }
      // Clipped surrogate objective.
      auto pg_loss1 = -mb_advantages * ratio;
      auto pg_loss2 = -mb_advantages * torch::clamp(ratio, 1 - clip, 1 + clip);
      auto pg_loss = torch::max(pg_loss1, pg_loss2).mean();
      // Value loss, clipped around the rollout's values.
      torch::Tensor v_loss;
      auto v_loss_unclipped = (out.value - mb.returns).pow(2);
      if (options_.clip_vloss) {
        auto v_clipped = mb.values + torch::clamp(out.value - mb.values, -clip, clip);
        auto v_loss_clipped = (v_clipped - mb.returns).pow(2);
        v_loss = 0.5 * torch::max(v_loss_unclipped, v_loss_clipped).mean();
      } else {
        v_loss = 0.5 * v_loss_unclipped.mean();
      }
      auto entropy_loss = out.entropy.mean();
      auto loss = pg_loss - options_.ent_coef * entropy_loss + v_loss * options_.vf_coef;
      const bool loss_finite = std::isfinite(loss.item<double>());
      if (!loss_finite && !parallel_) {
        stats.finite = false;
        break;
      }
      optimizer_->zero_grad();
      if (loss_finite) loss.backward();
      // Data-parallel: every rank steps with the mean gradient, or all skip the update.
      if (parallel_ && !parallel_->average_gradients(params, loss_finite, stats.approx_kl)) {
        stats.finite = false;
        break;
      }
      torch::nn::utils::clip_grad_norm_(params, options_.max_grad_norm);
      optimizer_->step();
      stats.policy_loss = pg_loss.item<double>();
      stats.value_loss = v_loss.item<double>();
      stats.entropy = entropy_loss.item<double>();
    }
    if (options_.target_kl > 0 && stats.approx_kl > options_.target_kl) break;
  }
  if (stats.finite) stats.finite = all_finite(*model_);

  if (!stats.finite) {
    torch::NoGradGuard no_grad;
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(saved_params[i]);
    torch::serialize::InputArchive archive;
    archive.load_from(saved_optimizer, device_);
    optimizer_->load(archive);
    return stats;
  }
  double clipfrac_sum = 0;
  for (double c : clipfracs) clipfrac_sum += c;
  stats.clipfrac = clipfracs.empty() ? 0.0 : clipfrac_sum / clipfracs.size();
  auto y_pred = buffer_->values.flatten(), y_true = buffer_->returns.flatten();
  const double var_y = y_true.var().item<double>();
  stats.explained_variance =
      var_y == 0 ? std::nan("") : 1.0 - (y_true - y_pred).var().item<double>() / var_y;
  return stats;
}

void PpoTrainer::log_update(const UpdateStats& s, double learning_rate, double eval_return) {
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_time_).count();
  const double sps = elapsed > 0 ? (global_step_ - start_step_) / elapsed : 0.0;
  double return_sum = 0, length_sum = 0;
  for (const auto& [length, ret] : rollout_returns_) {
    return_sum += ret;
    length_sum += length;
  }
  double n_eps = static_cast<double>(rollout_returns_.size());
  if (parallel_) {  // the episodes every rank finished in this rollout
    const auto totals = parallel_->sum({return_sum, length_sum, n_eps});
    return_sum = totals[0];
    length_sum = totals[1];
    n_eps = totals[2];
  }
  if (!logger_) return;
  const double nan = std::nan("");
  std::vector<std::pair<std::string, double>> row = {
      {"charts/episodic_return", n_eps > 0 ? return_sum / n_eps : nan},
      {"charts/episodic_length", n_eps > 0 ? length_sum / n_eps : nan},
      {"charts/learning_rate", learning_rate},
      {"losses/value_loss", s.value_loss},
      {"losses/policy_loss", s.policy_loss},
      {"losses/entropy", s.entropy},
      {"losses/old_approx_kl", s.old_approx_kl},
      {"losses/approx_kl", s.approx_kl},
      {"losses/clipfrac", s.clipfrac},
      {"losses/explained_variance", s.explained_variance},
      {"charts/SPS", sps}};
  // The column exists only in runs that evaluate (empty between evaluations).
  if (eval_env_) row.push_back({"eval/return", eval_return});
  logger_->log_update(global_step_, row);
  double recent = nan;
  if (!recent_returns_.empty()) {
    recent = 0;
    for (double r : recent_returns_) recent += r;
    recent /= recent_returns_.size();
  }
  const bool last = update_ == sizes_.num_iterations;
  if (last || update_ % options_.log_interval == 0 || progress_is_live()) {
    const int64_t ranks = parallel_ ? parallel_->world_size() : 1;
    print_progress(global_step_, sizes_.num_iterations * sizes_.batch_size * ranks, sps, recent,
                   last);
  }
}

void PpoTrainer::train(int64_t stop_after_update) {
  start_time_ = std::chrono::steady_clock::now();
  start_step_ = global_step_;
  if (parallel_) {  // every rank starts from rank 0's parameters and the shared statistics
    // Ranks that would run different collectives stop here, with the option that differs.
    std::ostringstream layout;
    layout << options_.env_id << " " << options_.backbone << " num-envs " << options_.num_envs
           << " num-steps " << options_.num_steps << " num-minibatches " << options_.num_minibatches
           << " update-epochs " << options_.update_epochs << " sequence-length "
           << options_.sequence_length << " total-timesteps " << options_.total_timesteps
           << " checkpoint-interval " << options_.checkpoint_interval << " target-kl "
           << options_.target_kl << " update " << update_ << " parameters "
           << model_->parameters().size();
    parallel_->check_same_text(layout.str(), "run settings");
    parallel_->broadcast_from_rank0(model_->parameters());
    parallel_->remember_statistics(*io_);
  }
  while (update_ < sizes_.num_iterations) {
    if (!segment_running_ || update_ % options_.checkpoint_interval == 0) begin_segment();
    const double lr = anneal_learning_rate();
    collect_rollout();
    if (parallel_) parallel_->merge_statistics(*io_);
    compute_advantages();
    const UpdateStats stats = update_policy();
    if (!stats.finite) {
      ++failed_updates_;
      std::cerr << "warning: update " << update_ + 1
                << " produced a non-finite loss or parameter; skipped it and restored the "
                   "parameters from before it ("
                << failed_updates_ << " in a row)\n";
      if (failed_updates_ >= options_.max_failed_updates) {
        throw std::runtime_error(
            "stopping: " + std::to_string(failed_updates_) +
            " consecutive updates were non-finite (try a lower --learning-rate or "
            "--max-grad-norm); the last good checkpoint is in " +
            run_dir_.string());
      }
    } else {
      failed_updates_ = 0;
    }
    ++update_;
    const bool last = update_ == sizes_.num_iterations;
    double eval_return = std::nan("");
    // Data-parallel: rank 0 alone evaluates (every rank holds the same parameters).
    if (eval_env_ && writes() && (update_ % options_.eval_interval == 0 || last)) {
      eval_return = evaluate();
    }
    log_update(stats, lr, eval_return);
    if (update_ % options_.checkpoint_interval == 0 || last) save_checkpoint();
    if (std::isfinite(eval_return) && eval_return > best_eval_) {
      best_eval_ = eval_return;
      write_checkpoint_file(run_dir_ / "best.pt", checkpoint_state(), *model_, optimizer_.get());
    }
    if (stop_after_update > 0 && update_ >= stop_after_update) return;
  }
  if (!writes()) return;
  write_learning_curve_svg(
      run_dir_ / "episodes.csv", run_dir_ / "learning_curve.svg",
      options_.env_id + " — " + options_.backbone + " PPO, seed " + std::to_string(options_.seed));
}

const RolloutBuffer& PpoTrainer::collect_rollout_for_test() {
  if (!segment_running_) begin_segment();
  collect_rollout();
  compute_advantages();
  return *buffer_;
}

}  // namespace tlb::agents
