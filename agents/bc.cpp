#include "agents/bc.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "agents/bc_data.h"
#include "agents/checkpoint.h"
#include "agents/learning_curve_svg.h"
#include "agents/metrics_logger.h"
#include "agents/policy_io.h"
#include "agents/progress_line.h"
#include "agents/run_folder.h"
#include "agents/trained_policy.h"
#include "common/atomic_file.h"
#include "common/seed_mix.h"
#include "envs/episode_loop.h"
#include "tlb/device.h"
#include "tlb/runtime.h"

namespace tlb::agents {
namespace {

std::filesystem::path bc_default_run_dir(const BcOptions& o, const std::string& env_id) {
  std::ostringstream name;
  std::string env = env_id;
  std::replace(env.begin(), env.end(), ':', '_');
  name << env << "__bc-" << o.backbone << "__" << o.seed << "__" << std::time(nullptr);
  return std::filesystem::path("runs") / name.str();
}

torch::Tensor host_tensor(const std::vector<float>& v, std::vector<int64_t> shape,
                          torch::Device device) {
  return torch::from_blob(const_cast<float*>(v.data()), shape, torch::kFloat32)
      .to(torch::TensorOptions().device(device), /*non_blocking=*/false, /*copy=*/true);
}

}  // namespace

BcTrainer::BcTrainer(BcOptions options, Factories factories)
    : BcTrainer(std::move(options), std::move(factories), /*resuming=*/false) {}

BcTrainer::BcTrainer(BcOptions options, Factories factories, bool resuming)
    : options_(std::move(options)),
      factories_(std::move(factories)),
      device_(resolve_device(options_.device)) {
  check_bc_options(options_);
  files_ = std::make_unique<BcFiles>(options_.data);
  env_id_ = options_.env_id.empty() ? files_->env_id() : options_.env_id;
  if (env_id_.empty()) {
    throw std::invalid_argument(
        "--env: the data files name no env (a D4RL file without metadata?); give --env ID");
  }
  options_.env_id = env_id_;  // the run's config.ini says which env it learnt for
  env_ = factories_.make_env(env_id_);
  const auto obs_dim = static_cast<int64_t>(env_->observation_space().size());
  const auto act_dim = static_cast<int64_t>(env_->action_space().size());
  const envs::RunningMeanStdState obs_stats = files_->check_and_split(
      obs_dim, act_dim, options_.validation_fraction, options_.seed, options_.preload);
  if (files_->train().empty()) {
    throw std::invalid_argument("--validation-fraction: no training episode is left, found " +
                                std::to_string(files_->validation().size()) +
                                " held out of them all");
  }
  run_dir_ = options_.run_dir.empty() ? bc_default_run_dir(options_, env_id_)
                                      : std::filesystem::path(options_.run_dir);
  options_.run_dir = run_dir_.string();

  set_compute_threads(static_cast<int>(options_.threads));
  torch::manual_seed(options_.seed);  // the initial weights
  const PpoOptions policy = policy_options(options_, env_id_);
  model_ = make_actor_critic(policy, obs_dim, act_dim, factories_.make_backbone);
  model_->to(device_);
  has_memory_ = model_->has_memory();
  optimizer_ = std::make_unique<torch::optim::Adam>(
      model_->parameters(),
      torch::optim::AdamOptions(options_.learning_rate).eps(options_.adam_eps));
  io_ = std::make_unique<PolicyIo>(1, obs_dim, env_->action_space(), policy_io_options(policy),
                                   device_);
  io_->set_statistics(obs_stats, envs::RunningMeanStd(1).state());
  io_->set_frozen(true);
  references_ = reference_returns(options_, env_id_);

  if (!resuming) {
    create_run_folder(run_dir_, bc_options_to_text(options_));
  }
  logger_ = std::make_unique<MetricsLogger>(run_dir_, /*append=*/resuming);
}

BcTrainer::~BcTrainer() = default;

std::unique_ptr<BcTrainer> BcTrainer::resume(const std::filesystem::path& run_dir,
                                             Factories factories,
                                             const std::map<std::string, std::string>& overrides) {
  const auto path = run_dir / kLatestCheckpoint;
  const std::string stored = read_checkpoint(path, nullptr, nullptr).config_text;
  if (!is_bc_options_text(stored)) {
    throw std::invalid_argument("--resume " + run_dir.string() +
                                ": that run is not a behaviour-cloning run (--algo bc)");
  }
  BcOptions options = bc_options_from_text(stored);
  const std::string before = bc_options_to_text(options);
  if (const std::string folder_text = read_folder_config(run_dir); !folder_text.empty()) {
    // What a resume may change, and where the folder is, taken from the checkpoint.
    BcOptions folder = bc_options_from_text(folder_text);
    folder.epochs = options.epochs;
    folder.device = options.device;
    folder.threads = options.threads;
    folder.log_interval = options.log_interval;
    folder.run_dir = options.run_dir;
    check_resume_folder(run_dir, before, bc_options_to_text(folder));
  }
  apply_bc_resume_overrides(options, overrides);
  options.run_dir = run_dir.string();
  if (bc_options_to_text(options) != before) {
    common::write_file_atomically(run_dir / "config.ini", bc_options_to_text(options));
  }
  std::unique_ptr<BcTrainer> trainer(
      new BcTrainer(std::move(options), std::move(factories), /*resuming=*/true));
  const CheckpointState state =
      read_checkpoint(path, trainer->model_.get(), trainer->optimizer_.get(), trainer->device_);
  trainer->epoch_ = state.update;
  trainer->samples_ = state.global_step;
  if (state.rng_state.defined() && state.rng_state.numel() > 0) {
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    generator.set_state(state.rng_state);
  }
  trainer->io_->set_statistics(state.obs_stats, state.return_stats);
  trainer->logger_->drop_rows_after(trainer->samples_);
  trainer->best_eval_ = best_logged_eval_return(run_dir);
  return trainer;
}

PreparedEpisode BcTrainer::prepare(const replay::Episode& episode) {
  return prepare_episode(episode, *io_);
}

torch::Tensor BcTrainer::batch_loss(const BcBatch& b, RecurrentState& state) {
  const int64_t in_dim = io_->input_dim(), act_dim = io_->action_dim();
  auto inputs = host_tensor(b.inputs, {b.rows, b.steps, in_dim}, device_);
  auto actions = host_tensor(b.actions, {b.rows, b.steps, act_dim}, device_);
  auto mask = host_tensor(b.mask, {b.rows, b.steps}, device_);
  auto starts = torch::from_blob(const_cast<uint8_t*>(b.episode_starts.data()), {b.rows, b.steps},
                                 torch::kUInt8)
                    .to(device_, torch::kBool);
  if (state.parts.empty() && has_memory_) state = model_->initial_state(b.rows);
  auto out = model_->actor_sequence(inputs, state, starts);
  state = out.next_state.detach();
  torch::Tensor per_step = options_.loss == "mse" ? (out.mean - actions).pow(2).sum(-1)
                                                  : -model_->log_prob(out.mean, actions);
  return (per_step * mask).sum() / mask.sum().clamp_min(1.0);
}

double BcTrainer::train_epoch() {
  model_->train();
  replay::ShuffledEpisodeReader reader(
      files_->sources(), files_->train(), static_cast<size_t>(options_.buffer_episodes),
      common::mix_seed(options_.seed ^ common::mix_seed(static_cast<uint64_t>(epoch_))));
  EpisodeFeed feed = [&]() -> std::shared_ptr<const PreparedEpisode> {
    auto episode = reader.next();
    if (!episode) return nullptr;
    return std::make_shared<const PreparedEpisode>(prepare_episode(*episode, *io_));
  };
  const int64_t in_dim = io_->input_dim(), act_dim = io_->action_dim();
  std::unique_ptr<StreamBatcher> streams;
  std::unique_ptr<TransitionBatcher> transitions;
  if (has_memory_) {
    streams = std::make_unique<StreamBatcher>(options_.num_streams, options_.window_length, in_dim,
                                              act_dim, feed);
  } else {
    transitions = std::make_unique<TransitionBatcher>(
        options_.batch_size, options_.pool_steps, in_dim, act_dim, feed,
        common::mix_seed(options_.seed + 1 + static_cast<uint64_t>(epoch_)));
  }
  const auto params = model_->parameters();
  RecurrentState state;
  BcBatch batch;
  double loss_sum = 0;
  int64_t loss_steps = 0;
  while (has_memory_ ? streams->next(batch) : transitions->next(batch)) {
    auto loss = batch_loss(batch, state);
    optimizer_->zero_grad();
    loss.backward();
    torch::nn::utils::clip_grad_norm_(params, options_.max_grad_norm);
    optimizer_->step();
    const int64_t n = batch.valid_steps();
    loss_sum += loss.item<double>() * n;
    loss_steps += n;
    samples_ += n;
  }
  return loss_steps > 0 ? loss_sum / loss_steps : std::nan("");
}

double BcTrainer::validation_loss() {
  if (files_->validation().empty()) return std::nan("");
  torch::NoGradGuard no_grad;
  model_->eval();
  replay::ShuffledEpisodeReader reader(files_->sources(), files_->validation(),
                                       static_cast<size_t>(options_.buffer_episodes),
                                       options_.seed);
  EpisodeFeed feed = [&]() -> std::shared_ptr<const PreparedEpisode> {
    auto episode = reader.next();
    if (!episode) return nullptr;
    return std::make_shared<const PreparedEpisode>(prepare_episode(*episode, *io_));
  };
  // Whole episodes through the streams, so every step sees the state acting would.
  StreamBatcher batcher(options_.num_streams, options_.window_length, io_->input_dim(),
                        io_->action_dim(), feed);
  RecurrentState state;
  BcBatch batch;
  double sum = 0;
  int64_t steps = 0;
  while (batcher.next(batch)) {
    const int64_t n = batch.valid_steps();
    sum += batch_loss(batch, state).item<double>() * n;
    steps += n;
  }
  model_->train();
  return steps > 0 ? sum / steps : std::nan("");
}

double BcTrainer::evaluate() {
  return mean_deterministic_return(model_, *io_, *env_, options_.eval_episodes, options_.eval_seed,
                                   {"bc-" + options_.backbone, "", ""},
                                   [&](const envs::EpisodeOutcome& e) {
                                     logger_->log_episode(samples_, e.episode_return, e.length);
                                   });
}

void BcTrainer::save_checkpoint() {
  CheckpointState state;
  state.config_text = bc_options_to_text(options_);
  state.update = epoch_;
  state.global_step = samples_;
  state.rng_state = at::detail::getDefaultCPUGenerator().get_state();
  state.obs_stats = io_->observation_statistics();
  state.return_stats = io_->return_statistics();
  write_checkpoint(run_dir_, state, *model_, optimizer_.get());
}

void BcTrainer::train(int64_t stop_after_epoch) {
  const auto start = std::chrono::steady_clock::now();
  const int64_t start_samples = samples_;
  const int64_t total = options_.epochs * files_->train_steps();
  double last_eval = std::nan("");
  while (epoch_ < options_.epochs) {
    const double train_loss = train_epoch();
    const double val_loss = validation_loss();
    ++epoch_;
    double eval_return = std::nan(""), score = std::nan("");
    const bool last = epoch_ == options_.epochs;
    if (options_.eval_interval > 0 && (epoch_ % options_.eval_interval == 0 || last)) {
      eval_return = last_eval = evaluate();
      if (std::isfinite(references_.first) && std::isfinite(references_.second)) {
        score =
            100.0 * (eval_return - references_.first) / (references_.second - references_.first);
      }
    }
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double sps = elapsed > 0 ? (samples_ - start_samples) / elapsed : 0.0;
    logger_->log_update(samples_, {{"train/loss", train_loss},
                                   {"val/loss", val_loss},
                                   {"eval/return", eval_return},
                                   {"eval/normalized_score", score},
                                   {"charts/epoch", static_cast<double>(epoch_)},
                                   {"charts/learning_rate", options_.learning_rate},
                                   {"charts/SPS", sps}});
    save_checkpoint();
    if (std::isfinite(eval_return) && eval_return > best_eval_) {
      best_eval_ = eval_return;
      std::ifstream in(run_dir_ / kLatestCheckpoint, std::ios::binary);
      std::ostringstream bytes;
      bytes << in.rdbuf();
      common::write_file_atomically(run_dir_ / "best.pt", bytes.str());
    }
    if (last || epoch_ % options_.log_interval == 0 || progress_is_live()) {
      print_progress(samples_, total, sps, last_eval, last);
    }
    if (stop_after_epoch > 0 && epoch_ >= stop_after_epoch) return;
  }
  write_learning_curve_svg(
      run_dir_ / "episodes.csv", run_dir_ / "learning_curve.svg",
      env_id_ + " — " + options_.backbone + " BC, seed " + std::to_string(options_.seed));
}

}  // namespace tlb::agents
