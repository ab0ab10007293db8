#include "agents/bc_options.h"

#include "common/text.h"
#include "envs/registry.h"
#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>

namespace tlb::agents {
namespace {

constexpr const char* kAlgoLine = "algo = bc";

void require(bool ok, const std::string& name, const std::string& expected,
             const std::string& found) {
  if (!ok) {
    throw std::invalid_argument("--" + common::dashed(name) + ": expected " + expected +
                                ", found '" + found + "'");
  }
}

}  // namespace

PpoOptions policy_options(const BcOptions& o, const std::string& env_id) {
  PpoOptions p;
  p.env_id = env_id;
  p.seed = o.seed;
  p.backbone = o.backbone;
  p.backbone_options = o.backbone_options;
  p.shared_backbone = true;  // the critic is never trained: one backbone is all there is
  p.feed_prev_action_reward = o.feed_prev_action_reward;
  p.norm_obs = o.norm_obs;
  p.clip_obs = o.clip_obs;
  p.norm_epsilon = o.norm_epsilon;
  p.norm_reward = false;  // the previous reward is fed as recorded
  return p;
}

std::vector<OptionField> bc_option_fields(BcOptions& o) {
  return {
      {"env", std::string(envs::kTaskIdHelp) + " (empty: the env the data files name)", &o.env_id},
      {"seed", "seed of the initial weights, the validation split and the data order", &o.seed},
      {"device", kDeviceHelp, &o.device},
      {"threads", "LibTorch threads (<= 0: all cores)", &o.threads},
      {"run_dir", "run folder (empty: runs/<env>__bc-<backbone>__<seed>__<time>)", &o.run_dir},
      {"epochs", "passes over the training episodes", &o.epochs},
      {"validation_fraction", "share of the episodes held out for the validation loss",
       &o.validation_fraction},
      {"buffer_episodes", "episodes read ahead into the shuffle buffer", &o.buffer_episodes},
      {"preload",
       "read every episode into memory before training (else they stream from the files)",
       &o.preload},
      {"log_interval", "epochs between progress lines when stderr is not a terminal",
       &o.log_interval},
      {"loss", "nll (Gaussian negative log-likelihood, learned std) or mse (on the mean)", &o.loss},
      {"learning_rate", "Adam step size", &o.learning_rate},
      {"adam_eps", "Adam epsilon", &o.adam_eps},
      {"max_grad_norm", "global gradient-norm clip", &o.max_grad_norm},
      {"batch_size", "memoryless backbones: transitions per batch", &o.batch_size},
      {"pool_steps", "memoryless backbones: transitions in the pool batches are drawn from",
       &o.pool_steps},
      {"num_streams", "memory backbones: windows per batch", &o.num_streams},
      {"window_length", "memory backbones: steps per window (state carried between windows)",
       &o.window_length},
      {"eval_interval", "epochs between evaluations in the env (0: never)", &o.eval_interval},
      {"eval_episodes", "episodes per evaluation (deterministic actions)", &o.eval_episodes},
      {"eval_seed", "evaluation episode e resets with eval_seed + e", &o.eval_seed},
      {"ref_random", "return scoring 0 in the normalised score (empty: D4RL's, where known)",
       &o.ref_random},
      {"ref_expert", "return scoring 100 in the normalised score (empty: D4RL's, where known)",
       &o.ref_expert},
      {"backbone", "backbone kind: tlb, mlp, lstm, gru, transformer", &o.backbone},
      {"feed_prev_action_reward", "append the previous action and reward to the input",
       &o.feed_prev_action_reward},
      {"norm_obs", "normalise observations by the training episodes' mean and std", &o.norm_obs},
      {"clip_obs", "clip normalised observations to +-this", &o.clip_obs},
      {"norm_epsilon", "added to variances before the square root", &o.norm_epsilon},
  };
}

std::string bc_options_to_text(const BcOptions& options) {
  BcOptions copy = options;
  std::ostringstream out;
  out << kAlgoLine << "\n";
  for (const auto& path : options.data) out << "data = " << path << "\n";
  out << fields_to_text(bc_option_fields(copy), options.backbone, options.backbone_options);
  return out.str();
}

bool is_bc_options_text(const std::string& text) { return text.rfind(kAlgoLine, 0) == 0; }

BcOptions bc_options_from_text(const std::string& text) {
  BcOptions options;
  fields_from_text(
      text, bc_option_fields(options), options.backbone, options.backbone_options,
      [&](const std::string& key, const std::string& value) {
        if (key == "algo") {
          if (value != "bc") {
            throw std::invalid_argument("options text: expected algo = bc, found '" + value + "'");
          }
          return true;
        }
        if (key != "data") return false;
        options.data.push_back(value);
        return true;
      });
  return options;
}

void apply_bc_resume_overrides(BcOptions& options,
                               const std::map<std::string, std::string>& overrides) {
  static const std::vector<std::string> allowed = {"epochs", "device", "threads", "log_interval"};
  auto fields = bc_option_fields(options);
  for (const auto& [name, text] : overrides) {
    auto field = std::find_if(fields.begin(), fields.end(),
                              [&](const OptionField& f) { return f.name == name; });
    if (field == fields.end() || std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw std::invalid_argument("--" + common::dashed(name) +
                                  " cannot change when resuming; a resumed BC run may change "
                                  "only --epochs, --device, --threads, --log-interval");
    }
    set_field_text(*field, text);
  }
}

void check_bc_options(const BcOptions& o) {
  auto n = [](double v) { return std::to_string(v); };
  require(o.epochs >= 1, "epochs", "at least 1", std::to_string(o.epochs));
  check_thread_count("threads", o.threads);
  require(o.validation_fraction >= 0 && o.validation_fraction < 1, "validation_fraction",
          "a share in [0, 1)", n(o.validation_fraction));
  require(o.buffer_episodes >= 1, "buffer_episodes", "at least 1",
          std::to_string(o.buffer_episodes));
  require(o.log_interval >= 1, "log_interval", "at least 1", std::to_string(o.log_interval));
  require(o.loss == "nll" || o.loss == "mse", "loss", "nll or mse", o.loss);
  require(std::isfinite(o.learning_rate) && o.learning_rate > 0, "learning_rate",
          "a finite number > 0", n(o.learning_rate));
  require(std::isfinite(o.adam_eps) && o.adam_eps > 0, "adam_eps", "a finite number > 0",
          n(o.adam_eps));
  require(std::isfinite(o.max_grad_norm) && o.max_grad_norm > 0, "max_grad_norm",
          "a finite number > 0", n(o.max_grad_norm));
  require(o.batch_size >= 1, "batch_size", "at least 1", std::to_string(o.batch_size));
  require(o.pool_steps >= 1, "pool_steps", "at least 1", std::to_string(o.pool_steps));
  require(o.num_streams >= 1, "num_streams", "at least 1", std::to_string(o.num_streams));
  require(o.window_length >= 1, "window_length", "at least 1", std::to_string(o.window_length));
  require(o.eval_interval >= 0, "eval_interval", "0 or more", std::to_string(o.eval_interval));
  require(o.eval_episodes >= 1, "eval_episodes", "at least 1", std::to_string(o.eval_episodes));
  require(o.eval_episodes <= kMaxEvalEpisodes, "eval_episodes",
          "at most " + std::to_string(kMaxEvalEpisodes), std::to_string(o.eval_episodes));
  require(std::isfinite(o.clip_obs) && o.clip_obs > 0, "clip_obs", "a finite number > 0",
          n(o.clip_obs));
  require(std::isfinite(o.norm_epsilon) && o.norm_epsilon > 0, "norm_epsilon",
          "a finite number > 0", n(o.norm_epsilon));
  // The backbone's own options, checked by building it once (a tiny module).
  tlb::make_backbone(o.backbone, 1, o.backbone_options);
  for (const auto& [name, text] :
       {std::pair{"ref_random", &o.ref_random}, std::pair{"ref_expert", &o.ref_expert}}) {
    const auto value = common::parse_double(*text);
    require(text->empty() || (value && std::isfinite(*value)), name, "a finite number or nothing",
            *text);
  }
}

std::pair<double, double> reference_returns(const BcOptions& o, const std::string& env_id) {
  auto refs = d4rl_reference_returns(env_id);
  if (!o.ref_random.empty()) refs.first = common::parse_double(o.ref_random).value_or(NAN);
  if (!o.ref_expert.empty()) refs.second = common::parse_double(o.ref_expert).value_or(NAN);
  return refs;
}

std::pair<double, double> d4rl_reference_returns(const std::string& env_id) {
  // D4RL's REF_MIN_SCORE / REF_MAX_SCORE (d4rl/infos.py), per task family.
  static const std::vector<std::pair<std::string, std::pair<double, double>>> table = {
      {"HalfCheetah-", {-280.178953, 12135.0}},
      {"Hopper-", {-20.272305, 3234.3}},
      {"Walker2d-", {1.629008, 4592.3}},
      {"Ant-", {-325.6, 3879.7}},
  };
  for (const auto& [prefix, refs] : table) {
    if (env_id.rfind(prefix, 0) == 0) return refs;
  }
  return {NAN, NAN};
}

}  // namespace tlb::agents
