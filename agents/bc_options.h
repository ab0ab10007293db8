// Every setting of a behaviour-cloning run (`tlb train --algo bc`), in one plain struct.
// The policy it trains is the one PPO trains (agents/actor_critic.h, one shared backbone; the
// critic head stays untrained), so `tlb eval`, `tlb record` and `tlb replay` take its
// checkpoints unchanged: policy_options() says it in PPO's terms.
#pragma once

#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "agents/ppo_options.h"

namespace tlb::agents {

struct BcOptions {
  // --- Data and experiment
  std::vector<std::string> data;  // trajectory files (ours, Minari's or D4RL's layout)
  std::string env_id;             // empty: the env the files name
  uint64_t seed = 1;
  std::string device = "auto";
  int64_t threads = 1;
  std::string run_dir;
  int64_t epochs = 50;
  double validation_fraction = 0.1;
  int64_t buffer_episodes = 256;  // episodes read ahead into the shuffle buffer
  bool preload = false;           // read every episode into memory first
  int64_t log_interval = 1;       // epochs between progress lines when stderr is no TTY

  // --- Learning
  std::string loss = "nll";  // nll: Gaussian negative log-likelihood; mse: on the mean
  double learning_rate = 1e-3;
  double adam_eps = 1e-8;
  double max_grad_norm = 1.0;
  int64_t batch_size = 256;     // memoryless backbones: transitions per batch
  int64_t pool_steps = 100000;  // memoryless backbones: transitions drawn from
  int64_t num_streams = 16;     // memory backbones: windows per batch
  int64_t window_length = 64;   // memory backbones: steps per window

  // --- Evaluation
  int64_t eval_interval = 1;  // epochs between evaluations in the env; 0: never
  int64_t eval_episodes = 10;
  uint64_t eval_seed = 1000;  // episode e resets with eval_seed + e
  // Returns that score 0 and 100 in D4RL's normalised score; empty: D4RL's references where
  // the task has them (d4rl_reference_returns).
  std::string ref_random;
  std::string ref_expert;

  // --- Policy
  std::string backbone = "mlp";
  std::map<std::string, std::string> backbone_options;
  bool feed_prev_action_reward = false;
  bool norm_obs = true;  // statistics from the training episodes, stored in the checkpoint
  double clip_obs = 10.0;
  double norm_epsilon = 1e-8;
};

// The trained policy in PPO's terms (what make_actor_critic, policy_io_options and checkpoint
// loading read), for the env `env_id`.
PpoOptions policy_options(const BcOptions& options, const std::string& env_id);

// Every field of `options` but data and backbone_options, pointing into it, with its help.
std::vector<OptionField> bc_option_fields(BcOptions& options);

// The text a BC run's config.ini and checkpoints hold: "algo = bc" first, then every field,
// a "data = FILE" line per file and "<kind>.<key> = value" per backbone option.
std::string bc_options_to_text(const BcOptions& options);
// Parses bc_options_to_text's output (unknown keys throw std::invalid_argument).
BcOptions bc_options_from_text(const std::string& text);
// Whether a configuration text (a checkpoint's) is a BC run's.
bool is_bc_options_text(const std::string& text);

// What a resumed BC run may change: epochs (a longer run), device, threads, log_interval.
void apply_bc_resume_overrides(BcOptions& options,
                               const std::map<std::string, std::string>& overrides);

// The random and expert returns the normalised score uses: ref_random/ref_expert where
// given, else D4RL's (NaNs where neither says).
std::pair<double, double> reference_returns(const BcOptions& options, const std::string& env_id);

// Checks `options`; throws std::invalid_argument naming the option, what was expected and
// what was found.
void check_bc_options(const BcOptions& options);

// D4RL's random and expert returns for `env_id`'s task (Hopper, HalfCheetah, Walker2d, Ant), or
// NaNs. D4RL measured them on gym's v2-era tasks: a normalised score on v5 is a guide.
std::pair<double, double> d4rl_reference_returns(const std::string& env_id);

}  // namespace tlb::agents
