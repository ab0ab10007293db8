#include "agents/ppo_options.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "common/text.h"
#include "tlb/backbone_factory.h"

namespace tlb::agents {
namespace {

using common::dashed;

[[noreturn]] void bad_value(const std::string& name, const std::string& expected,
                            const std::string& found) {
  throw std::invalid_argument("--" + dashed(name) + ": expected " + expected + ", found '" + found +
                              "'");
}

void require(bool ok, const std::string& name, const std::string& expected, double found) {
  if (!ok) bad_value(name, expected, common::format_number(found));
}

void require_in(int64_t value, int64_t low, int64_t high, const std::string& name) {
  if (value < low || value > high) {
    bad_value(name, "an integer in [" + std::to_string(low) + ", " + std::to_string(high) + "]",
              std::to_string(value));
  }
}

// `expected` is what else the value must be ("> 0"), or empty.
void require_finite(double value, bool ok, const std::string& name, const std::string& expected) {
  require(std::isfinite(value) && ok, name,
          "a finite number" + (expected.empty() ? "" : " " + expected), value);
}

}  // namespace

void check_thread_count(const std::string& name, int64_t threads) {
  if (threads > kMaxThreads) {
    bad_value(name, "<= 0 (all cores) or at most " + std::to_string(kMaxThreads),
              std::to_string(threads));
  }
}

PpoSizes check_ppo_options(const PpoOptions& o) {
  require_in(o.num_envs, 1, kMaxNumEnvs, "num_envs");
  require_in(o.num_steps, 1, kMaxBatchSize, "num_steps");
  require_in(o.num_minibatches, 1, kMaxBatchSize, "num_minibatches");
  require_in(o.update_epochs, 1, 1000000, "update_epochs");
  require_in(o.total_timesteps, 1, kMaxTotalTimesteps, "total_timesteps");
  check_thread_count("threads", o.threads);
  check_thread_count("env_threads", o.env_threads);
  require_finite(o.learning_rate, o.learning_rate > 0, "learning_rate", "> 0");
  require_finite(o.adam_eps, o.adam_eps > 0, "adam_eps", "> 0");
  require(o.gamma >= 0 && o.gamma <= 1, "gamma", "in [0, 1]", o.gamma);
  require(o.gae_lambda >= 0 && o.gae_lambda <= 1, "gae_lambda", "in [0, 1]", o.gae_lambda);
  require_finite(o.clip_coef, o.clip_coef > 0, "clip_coef", "> 0");
  require_finite(o.ent_coef, true, "ent_coef", "");
  require_finite(o.vf_coef, o.vf_coef >= 0, "vf_coef", ">= 0");
  require(o.max_grad_norm > 0, "max_grad_norm", "> 0 (inf: no clipping)", o.max_grad_norm);
  require_finite(o.target_kl, o.target_kl >= 0, "target_kl", ">= 0");
  require(o.clip_obs > 0, "clip_obs", "> 0 (inf: no clipping)", o.clip_obs);
  require(o.clip_reward > 0, "clip_reward", "> 0 (inf: no clipping)", o.clip_reward);
  require_finite(o.norm_epsilon, o.norm_epsilon > 0, "norm_epsilon", "> 0");
  require_in(o.sequence_length, 1, kMaxBatchSize, "sequence_length");
  require_in(o.eval_interval, 0, INT64_MAX, "eval_interval");
  require_in(o.eval_episodes, 1, kMaxEvalEpisodes, "eval_episodes");
  require(o.checkpoint_interval >= 1, "checkpoint_interval", "at least 1", o.checkpoint_interval);
  require(o.max_failed_updates >= 1, "max_failed_updates", "at least 1", o.max_failed_updates);
  require(o.log_interval >= 1, "log_interval", "at least 1", o.log_interval);
  if (o.record_overwrite && o.record_append) {
    throw std::invalid_argument(
        "--record-overwrite and --record-append exclude each other, found both");
  }
  PpoSizes sizes;
  // Both factors are bounded above, so the product cannot overflow.
  sizes.batch_size = o.num_envs * o.num_steps;
  if (sizes.batch_size > kMaxBatchSize) {
    bad_value("num_steps",
              "num_envs * num_steps at most " + std::to_string(kMaxBatchSize) + " (num_envs is " +
                  std::to_string(o.num_envs) + ")",
              std::to_string(o.num_steps));
  }
  // The backbone's options are checked by building it once (a tiny module); a memory backbone
  // learns from whole sequences, so the minibatches split those.
  const bool memory =
      !tlb::make_backbone(o.backbone, 1, o.backbone_options)->initial_state(1).parts.empty();
  if (memory) {
    require(o.num_steps % o.sequence_length == 0, "num_steps",
            "a multiple of --sequence-length (" + std::to_string(o.sequence_length) +
                ") for a memory backbone",
            static_cast<double>(o.num_steps));
    const int64_t sequences = sizes.batch_size / o.sequence_length;
    require(o.num_minibatches <= sequences, "num_minibatches",
            "at most the rollout's sequences for backbone " + o.backbone +
                " (num_envs * num_steps / sequence_length = " + std::to_string(sequences) + ")",
            static_cast<double>(o.num_minibatches));
  }
  require(o.num_minibatches <= sizes.batch_size, "num_minibatches",
          "at most num_envs * num_steps = " + std::to_string(sizes.batch_size), o.num_minibatches);
  sizes.minibatch_size = sizes.batch_size / o.num_minibatches;
  sizes.num_iterations = o.total_timesteps / sizes.batch_size;
  require(sizes.num_iterations >= 1, "total_timesteps",
          "at least one rollout (num_envs * num_steps = " + std::to_string(sizes.batch_size) + ")",
          o.total_timesteps);
  return sizes;
}

const std::vector<std::pair<std::string, std::string>>& memory_backbone_defaults() {
  // 8 envs x 256 steps: the same 2048-step batch as CleanRL, acted 8 rows at a time. One
  // window per env per rollout (sequence_length = num_steps) and 4 minibatches of 2 windows:
  // the setting that learnt the memory tasks (docs/results_memory.md). One shared backbone:
  // half the forward passes.
  static const std::vector<std::pair<std::string, std::string>> defaults = {
      {"num_envs", "8"},        {"num_steps", "256"},        {"sequence_length", "256"},
      {"num_minibatches", "4"}, {"shared_backbone", "true"},
  };
  return defaults;
}

bool is_memory_backbone(const std::string& backbone) { return backbone != "mlp"; }

void apply_backbone_defaults(PpoOptions& options, const std::set<std::string>& given) {
  if (!is_memory_backbone(options.backbone)) return;
  auto fields = ppo_option_fields(options);
  for (const auto& [name, text] : memory_backbone_defaults()) {
    if (given.count(name)) continue;
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const OptionField& f) { return f.name == name; });
    set_field_text(*field, text);
  }
}

std::string ppo_options_to_text(const PpoOptions& options) {
  PpoOptions copy = options;
  return fields_to_text(ppo_option_fields(copy), options.backbone, options.backbone_options);
}

const std::vector<std::string>& resumable_option_names() {
  static const std::vector<std::string> names = {"total_timesteps", "device", "threads",
                                                 "env_threads", "log_interval"};
  return names;
}

std::string resumable_option_flags() {
  std::vector<std::string> flags;
  for (const auto& name : resumable_option_names()) flags.push_back("--" + dashed(name));
  return common::join(flags, ", ");
}

void apply_resume_overrides(PpoOptions& options,
                            const std::map<std::string, std::string>& overrides) {
  const auto& allowed = resumable_option_names();
  auto fields = ppo_option_fields(options);
  for (const auto& [name, text] : overrides) {
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const OptionField& f) { return f.name == name; });
    if (field == fields.end()) {
      throw std::invalid_argument("--resume: unknown option '" + name + "'");
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw std::invalid_argument("--" + dashed(name) +
                                  " cannot change when resuming (the run keeps " + dashed(name) +
                                  " = " + field_text(*field) + "); a resumed run may change only " +
                                  resumable_option_flags());
    }
    set_field_text(*field, text);
  }
}

PpoOptions ppo_options_from_text(const std::string& text) {
  PpoOptions options;
  fields_from_text(text, ppo_option_fields(options), options.backbone, options.backbone_options);
  return options;
}

}  // namespace tlb::agents
