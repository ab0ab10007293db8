#include "agents/ppo_options.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <type_traits>

#include "common/text.h"

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

}  // namespace

PpoSizes check_ppo_options(const PpoOptions& o) {
  require(o.num_envs >= 1, "num_envs", "at least 1", o.num_envs);
  require(o.num_steps >= 1, "num_steps", "at least 1", o.num_steps);
  require(o.num_minibatches >= 1, "num_minibatches", "at least 1", o.num_minibatches);
  require(o.update_epochs >= 1, "update_epochs", "at least 1", o.update_epochs);
  require(o.total_timesteps >= 1, "total_timesteps", "at least 1", o.total_timesteps);
  require(o.learning_rate > 0, "learning_rate", "> 0", o.learning_rate);
  require(o.gamma >= 0 && o.gamma <= 1, "gamma", "in [0, 1]", o.gamma);
  require(o.gae_lambda >= 0 && o.gae_lambda <= 1, "gae_lambda", "in [0, 1]", o.gae_lambda);
  require(o.clip_coef > 0, "clip_coef", "> 0", o.clip_coef);
  require(o.max_grad_norm > 0, "max_grad_norm", "> 0", o.max_grad_norm);
  require(o.sequence_length >= 1, "sequence_length", "at least 1", o.sequence_length);
  require(o.checkpoint_interval >= 1, "checkpoint_interval", "at least 1", o.checkpoint_interval);
  require(o.max_failed_updates >= 1, "max_failed_updates", "at least 1", o.max_failed_updates);
  require(o.log_interval >= 1, "log_interval", "at least 1", o.log_interval);
  if (o.record_overwrite && o.record_append) {
    throw std::invalid_argument(
        "--record-overwrite and --record-append exclude each other, found both");
  }
  PpoSizes sizes;
  sizes.batch_size = o.num_envs * o.num_steps;
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
