// Every setting of a PPO run, in one plain struct. Defaults equal CleanRL's
// ppo_continuous_action.py (see ../shared/spec/ppo.md) unless a field says otherwise.
//
// The same fields are listed once more, with their help text, by ppo_option_fields(): the
// command line, the run folder's config.ini and the checkpoint all go through that table, so
// a field has one default (here) and one help line (there).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace tlb::agents {

struct PpoOptions {
  // --- Experiment
  std::string env_id = "HalfCheetah-v5";  // task id for envs::make_env (CleanRL's default env)
  uint64_t seed = 1;                      // seeds torch sampling and env resets (CleanRL: 1)
  int64_t total_timesteps = 1000000;      // env steps over all envs (CleanRL: 1M)
  std::string device = "auto";            // cpu, cuda, cuda:N, or auto (cuda when available)
  // LibTorch threads (<= 0: all cores). 1 by default: for every policy size PPO here uses,
  // a second intra-op thread measured 5-25 % slower on 2 cores (docs/ppo.md, Threads).
  int64_t threads = 1;
  int64_t env_threads = 0;  // threads stepping the envs (<= 0: all cores, at most one per env)
  std::string run_dir;      // run folder; empty: runs/<env>__<backbone>__<seed>__<time>
  int64_t checkpoint_interval = 25;  // updates between checkpoints (25 x 2048 ~ 51k steps)
  int64_t log_interval = 1;          // updates between progress lines when stderr is no TTY
  // Trajectory file receiving every episode the run plays (docs/replay.md); empty: none. A
  // relative path is made absolute when the run starts, so a resume finds it from anywhere.
  std::string record;
  bool record_overwrite = false;  // a new run may replace an existing --record file
  bool record_append = false;     // a new run may append to an existing --record file
                                  // (a resume always appends, whatever these say)

  // --- Algorithm (CleanRL defaults)
  double learning_rate = 3e-4;   // Adam step size at the start
  double adam_eps = 1e-5;        // Adam epsilon (CleanRL: 1e-5, not PyTorch's 1e-8)
  bool anneal_lr = true;         // anneal the learning rate linearly to 0 over the run
  int64_t num_envs = 1;          // parallel envs (CleanRL: 1)
  int64_t num_steps = 2048;      // steps per env per rollout
  double gamma = 0.99;           // discount factor
  double gae_lambda = 0.95;      // GAE lambda
  int64_t num_minibatches = 32;  // minibatches per epoch (2048 / 32 = 64 steps each)
  int64_t update_epochs = 10;    // passes over each rollout
  bool norm_adv = true;          // normalise advantages per minibatch (std + 1e-8)
  double clip_coef = 0.2;        // surrogate clipping epsilon
  bool clip_vloss = true;        // clip the value loss around the rollout's values
  double ent_coef = 0.0;         // entropy bonus weight
  double vf_coef = 0.5;          // value loss weight
  double max_grad_norm = 0.5;    // global gradient-norm clip
  double target_kl = 0.0;        // stop an update's epochs once approx KL exceeds this; 0: off
                                 // (CleanRL: None)

  // --- Wrappers (CleanRL's order: clip action, normalise obs, clip obs, scale reward, clip)
  bool norm_obs = true;        // running mean/std observation normalisation
  double clip_obs = 10.0;      // clip normalised observations to +-clip_obs
  bool norm_reward = true;     // divide rewards by the running std of the discounted return
  double clip_reward = 10.0;   // clip scaled rewards to +-clip_reward
  double norm_epsilon = 1e-8;  // added to variances before the square root (Gymnasium: 1e-8)

  // --- Policy network
  std::string backbone = "mlp";  // backbone kind: tlb, mlp, lstm, gru, transformer
  // Backbone options by key without the kind prefix ("chunk" -> "16"); unset keys take the
  // backbone's own defaults (tlb::backbone_options).
  std::map<std::string, std::string> backbone_options;
  bool shared_backbone = false;          // actor and critic share one backbone (CleanRL: separate)
  int64_t sequence_length = 16;          // steps per training sequence for memory backbones
  bool feed_prev_action_reward = false;  // append the previous action and reward to the input

  // --- Safety
  int64_t max_failed_updates = 5;  // consecutive non-finite updates before the run stops
};

// Derived sizes, computed once (CleanRL computes them right after parsing).
struct PpoSizes {
  int64_t batch_size = 0;      // num_envs * num_steps
  int64_t minibatch_size = 0;  // batch_size / num_minibatches (memoryless backbones)
  int64_t num_iterations = 0;  // total_timesteps / batch_size updates
};

// Checks `options` and returns the derived sizes; throws std::invalid_argument naming the
// option, what was expected and what was found.
PpoSizes check_ppo_options(const PpoOptions& options);

// One field of PpoOptions, for the command line and config files. `name` is the field's
// name ("clip_coef"); the command line spells it with dashes (--clip-coef).
struct PpoOptionField {
  std::string name;
  std::string help;
  std::variant<std::string*, uint64_t*, int64_t*, double*, bool*> value;
};

// Every scalar field of `options` (all but backbone_options), pointing into `options`.
std::vector<PpoOptionField> ppo_option_fields(PpoOptions& options);

// The field's current value as text ("0.2", "true").
std::string field_text(const PpoOptionField& field);

// Sets the field from text; throws std::invalid_argument naming the option on a bad value.
void set_field_text(const PpoOptionField& field, const std::string& text);

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
