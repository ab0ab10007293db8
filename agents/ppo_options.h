// Every setting of a PPO run, in one plain struct. Defaults equal those of CleanRL's
// ppo_continuous_action.py (listed in docs/ppo.md, Design) unless a field says otherwise.
//
// Each field's meaning is written once, as its help line in ppo_option_fields() below: the
// command line (--help too), the run folder's config.ini and the checkpoint all go through
// that table. A comment on a field says only where its default comes from, or why.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "agents/option_fields.h"
#include "envs/registry.h"
#include "tlb/runtime.h"

namespace tlb::agents {

struct PpoOptions {
  // --- Experiment
  std::string env_id = "HalfCheetah-v5";  // CleanRL's default env
  uint64_t seed = 1;                      // CleanRL: 1
  int64_t total_timesteps = 1000000;      // CleanRL: 1M
  std::string device = "auto";
  // 1: for every policy size PPO here uses, a second intra-op thread measured 5-25 % slower
  // on 2 cores (docs/ppo.md, Threads).
  int64_t threads = 1;
  int64_t env_threads = 0;
  std::string run_dir;
  int64_t checkpoint_interval = 25;  // 25 x 2048 ~ 51k steps
  int64_t log_interval = 1;
  // Empty: none. A relative path is made absolute when the run starts, so a resume finds it
  // from anywhere.
  std::string record;
  bool record_overwrite = false;
  bool record_append = false;  // a resume always appends, whatever these two say

  // --- Algorithm (CleanRL defaults)
  double learning_rate = 3e-4;
  double adam_eps = 1e-5;  // CleanRL: 1e-5, not PyTorch's 1e-8
  bool anneal_lr = true;
  int64_t num_envs = 1;
  int64_t num_steps = 2048;
  double gamma = 0.99;
  double gae_lambda = 0.95;
  int64_t num_minibatches = 32;  // 2048 / 32 = 64 steps each
  int64_t update_epochs = 10;
  bool norm_adv = true;  // by std + 1e-8, as CleanRL
  double clip_coef = 0.2;
  bool clip_vloss = true;
  double ent_coef = 0.0;
  double vf_coef = 0.5;
  double max_grad_norm = 0.5;
  double target_kl = 0.0;  // CleanRL: None

  // --- Wrappers (CleanRL's order: clip action, normalise obs, clip obs, scale reward, clip)
  bool norm_obs = true;
  double clip_obs = 10.0;
  bool norm_reward = true;
  double clip_reward = 10.0;
  double norm_epsilon = 1e-8;  // Gymnasium: 1e-8

  // --- Policy network
  std::string backbone = "mlp";
  // Backbone options by key without the kind prefix ("chunk" -> "16"); unset keys take the
  // backbone's own defaults, and tlb::backbone_options lists them with their help (the
  // command line spells them --<kind>.<key>).
  std::map<std::string, std::string> backbone_options;
  bool shared_backbone = false;  // CleanRL: separate actor and critic networks
  int64_t sequence_length = 16;
  bool feed_prev_action_reward = false;

  // --- Evaluation while training (off by default: it costs env steps the run does not learn
  // from). Deterministic actions, on one env of its own, reset with eval_seed + e.
  int64_t eval_interval = 0;  // updates between evaluations; 0: never
  int64_t eval_episodes = 10;
  uint64_t eval_seed = 1000;  // as BC's; training resets use seeds mixed from --seed

  // --- Safety
  int64_t max_failed_updates = 5;
};

// Every field of `options` but backbone_options, pointing into `options`, each with its one
// line of help.
inline std::vector<OptionField> ppo_option_fields(PpoOptions& o) {
  return {
      {"env", envs::kTaskIdHelp, &o.env_id},
      {"seed", "seed of torch sampling and env resets", &o.seed},
      {"total_timesteps", "env steps over all envs", &o.total_timesteps},
      {"device", kDeviceHelp, &o.device},
      {"threads", "LibTorch threads (<= 0: all cores; 1 is fastest for the policies here)",
       &o.threads},
      {"env_threads", "threads stepping the envs (<= 0: all cores, at most one per env)",
       &o.env_threads},
      {"run_dir", "run folder (empty: runs/<env>__<backbone>__<seed>__<time>)", &o.run_dir},
      {"checkpoint_interval", "updates between checkpoints", &o.checkpoint_interval},
      {"log_interval", "updates between progress lines when stderr is not a terminal",
       &o.log_interval},
      {"record",
       "also write every training episode, with simulator states, to this trajectory file "
       "(docs/replay.md)",
       &o.record},
      {"record_overwrite", "with --record: replace the file if it exists (a new run)",
       &o.record_overwrite},
      {"record_append", "with --record: add to the file if it exists (a new run)",
       &o.record_append},
      {"learning_rate", "Adam step size at the start", &o.learning_rate},
      {"adam_eps", "Adam epsilon", &o.adam_eps},
      {"anneal_lr", "anneal the learning rate linearly to 0", &o.anneal_lr},
      {"num_envs", "parallel envs", &o.num_envs},
      {"num_steps", "steps per env per rollout", &o.num_steps},
      {"gamma", "discount factor", &o.gamma},
      {"gae_lambda", "GAE lambda", &o.gae_lambda},
      {"num_minibatches", "minibatches per epoch", &o.num_minibatches},
      {"update_epochs", "passes over each rollout", &o.update_epochs},
      {"norm_adv", "normalise advantages per minibatch", &o.norm_adv},
      {"clip_coef", "surrogate clipping epsilon", &o.clip_coef},
      {"clip_vloss", "clip the value loss around the rollout's values", &o.clip_vloss},
      {"ent_coef", "entropy bonus weight", &o.ent_coef},
      {"vf_coef", "value loss weight", &o.vf_coef},
      {"max_grad_norm", "global gradient-norm clip", &o.max_grad_norm},
      {"target_kl", "stop an update's epochs once approx KL exceeds this (0: off)", &o.target_kl},
      {"norm_obs", "running mean/std observation normalisation", &o.norm_obs},
      {"clip_obs", "clip normalised observations to +-this", &o.clip_obs},
      {"norm_reward", "scale rewards by the running std of the discounted return", &o.norm_reward},
      {"clip_reward", "clip scaled rewards to +-this", &o.clip_reward},
      {"norm_epsilon", "added to variances before the square root", &o.norm_epsilon},
      {"backbone", "backbone kind: tlb, mlp, lstm, gru, transformer", &o.backbone},
      {"shared_backbone", "actor and critic share one backbone", &o.shared_backbone},
      {"sequence_length", "steps per training sequence (memory backbones)", &o.sequence_length},
      {"feed_prev_action_reward", "append the previous action and reward to the input",
       &o.feed_prev_action_reward},
      {"eval_interval",
       "updates between evaluations of the deterministic policy on an env of its own (0: never); "
       "each logs eval/return and keeps the best in best.pt",
       &o.eval_interval},
      {"eval_episodes", "episodes per evaluation", &o.eval_episodes},
      {"eval_seed", "evaluation episode e resets with eval_seed + e", &o.eval_seed},
      {"max_failed_updates", "consecutive non-finite updates before the run stops",
       &o.max_failed_updates},
  };
}

// A memory backbone's own defaults (docs/ppo.md, Defaults), as RL Zoo keeps per-algorithm
// ones: CleanRL's layout (1 env x 2048 steps, 32 minibatches, separate actor and critic) acts
// one row at a time and updates in 64-step minibatches, which costs a memory backbone ~5x its
// speed, and its 16-step windows connect no reward to a cue more than 16 steps back. Field
// name -> text; each applies only where the user did not set the field.
const std::vector<std::pair<std::string, std::string>>& memory_backbone_defaults();
// True for the backbones that carry state across steps (all but mlp).
bool is_memory_backbone(const std::string& backbone);
// Sets every memory_backbone_defaults() field not named in `given` when options.backbone is a
// memory backbone; leaves `options` alone otherwise.
void apply_backbone_defaults(PpoOptions& options, const std::set<std::string>& given);

// Derived sizes, computed once (CleanRL computes them right after parsing).
struct PpoSizes {
  int64_t batch_size = 0;      // num_envs * num_steps
  int64_t minibatch_size = 0;  // batch_size / num_minibatches (memoryless backbones)
  int64_t num_iterations = 0;  // total_timesteps / batch_size updates (rounded down)
};

// Bounds no sensible run reaches, checked so a typo fails at once instead of overflowing
// (num_envs * num_steps) or running for ever.
inline constexpr int64_t kMaxNumEnvs = 4096;
inline constexpr int64_t kMaxBatchSize = int64_t{1} << 26;       // num_envs * num_steps
inline constexpr int64_t kMaxTotalTimesteps = 1000000000000000;  // 1e15 env steps
inline constexpr int64_t kMaxEvalEpisodes = 1000000;

// Checks `options` and returns the derived sizes; throws std::invalid_argument naming the
// option, what was expected and what was found. Every check a run needs is here, made before
// anything is created: ranges, values that could only make updates non-finite (nan or inf
// coefficients, a learning rate or Adam epsilon <= 0), the backbone's own options (built once
// to check them) and, for a memory backbone, the sequences a rollout splits into.
PpoSizes check_ppo_options(const PpoOptions& options);

// Throws std::invalid_argument naming --<name> when `threads` is above kMaxThreads (PPO's and
// BC's --threads, PPO's --env-threads).
void check_thread_count(const std::string& name, int64_t threads);

// `options` as INI text: "clip-coef = 0.2" lines, backbone options as "<kind>.<key> = value".
// `tlb train --config` reads it back, and checkpoints store it.
std::string ppo_options_to_text(const PpoOptions& options);

// Parses ppo_options_to_text's output (unknown keys throw std::invalid_argument).
PpoOptions ppo_options_from_text(const std::string& text);

// The fields a resumed run may change: how it runs (threads, device, logging) and how long
// (total_timesteps; a longer run re-plans the learning-rate schedule from the new total).
// Everything else defines the experiment and stays as the run was started.
const std::vector<std::string>& resumable_option_names();
// The same, as the command line spells them: "--total-timesteps, --device, ...".
std::string resumable_option_flags();

// Sets each field named in `overrides` (field name -> text, as ppo_option_fields names
// them) on `options`; throws std::invalid_argument naming the option when it is unknown, not
// resumable, or has a bad value.
void apply_resume_overrides(PpoOptions& options,
                            const std::map<std::string, std::string>& overrides);

}  // namespace tlb::agents
