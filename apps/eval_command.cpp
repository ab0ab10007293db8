// `tlb eval CHECKPOINT`: runs a trained policy for whole episodes on the env configuration it
// was trained with (normalisation included, frozen) and prints a per-episode table and
// mean +- std of return and length.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "agents/checkpoint_policy.h"
#include "agents/evaluation.h"
#include "apps/command.h"
#include "common/statistics.h"
#include "envs/registry.h"
#include "replay/recorder.h"
#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"

namespace tlb::apps {
namespace {

// The same episodes as evaluate_checkpoint (same seeds, same policy), written to `path` too.
agents::EvaluationResult evaluate_and_record(const std::string& checkpoint,
                                             const agents::EvaluationOptions& eval,
                                             const agents::Factories& factories,
                                             const std::string& path, bool overwrite) {
  agents::CheckpointPolicyOptions policy_options;
  policy_options.deterministic = eval.deterministic;
  policy_options.device = eval.device;
  agents::CheckpointOnEnv loaded =
      agents::load_checkpoint_on_env(checkpoint, eval.env_id, policy_options, factories);
  agents::EvaluationResult result;
  result.trained_with = loaded.trained;
  result.algorithm = loaded.algorithm;
  replay::RecordOptions record;
  record.episodes = static_cast<size_t>(eval.episodes);
  record.seed = eval.seed;
  record.tlb_version = TLB_VERSION;
  record.writer.mode = overwrite ? replay::OpenMode::kOverwrite : replay::OpenMode::kCreate;
  replay::record_episodes(*loaded.env, *loaded.policy, path, record,
                          [&result](int64_t, double ret, size_t steps) {
                            result.episodes.push_back({ret, static_cast<int64_t>(steps)});
                          });
  std::cout << "recorded " << result.episodes.size() << " episodes to " << path << "\n";
  return result;
}

int run_eval(const std::vector<std::string>& args) {
  agents::EvaluationOptions eval;  // the defaults
  std::string record_path;
  bool overwrite = false;
  po::options_description options("Eval options");
  options.add_options()("checkpoint", po::value<std::string>()->required(),
                        "a checkpoint file, or a run folder (its latest.pt)")(
      "episodes", int_flag<int64_t>("episodes", &eval.episodes, 1, kMaxEpisodes)->value_name("N"),
      "episodes to run")("deterministic", po::bool_switch(&eval.deterministic),
                         "act with the policy's mean instead of sampling")(
      "seed", int_flag<uint64_t>("seed", &eval.seed, 0, UINT64_MAX)->value_name("S"),
      "episode e resets its env with seed + e")(
      "env", po::value<std::string>(&eval.env_id),
      "run on this task id instead of the one the checkpoint was trained on")(
      "device", po::value<std::string>(&eval.device)->default_value(eval.device), kDeviceHelp)(
      "record", po::value<std::string>(&record_path)->value_name("FILE"),
      "also write the episodes to a trajectory file (docs/replay.md)")(
      "overwrite", po::bool_switch(&overwrite), "with --record: replace FILE if it exists");
  po::positional_options_description positional;
  positional.add("checkpoint", 1);
  po::variables_map values;
  if (!parse_command_options("eval", "CHECKPOINT [--episodes N] [--deterministic] [--seed S]",
                             options, positional, args, values)) {
    return 0;
  }
  agents::Factories factories{[](const std::string& id) { return envs::make_env(id); },
                              tlb::make_backbone};
  const std::string checkpoint = values["checkpoint"].as<std::string>();
  agents::EvaluationResult result;
  // A task id that does not exist, or an env the checkpoint cannot act on, is bad usage.
  result = usage_checked([&] {
    return record_path.empty()
               ? agents::evaluate_checkpoint(checkpoint, eval, factories)
               : evaluate_and_record(checkpoint, eval, factories, record_path, overwrite);
  });
  const auto& trained = result.trained_with;
  std::cout << "policy: " << result.algorithm << ", backbone " << trained.backbone
            << ", trained on " << trained.env_id << " (seed " << trained.seed << "); "
            << (eval.deterministic ? "deterministic" : "sampled") << " actions\n";
  std::cout << "episode      return  length\n";
  std::vector<double> returns, lengths;
  for (size_t i = 0; i < result.episodes.size(); ++i) {
    const auto& e = result.episodes[i];
    char line[80];
    std::snprintf(line, sizeof(line), "%7zu %11.2f %7lld\n", i, e.episode_return,
                  static_cast<long long>(e.length));
    std::cout << line;
    returns.push_back(e.episode_return);
    lengths.push_back(static_cast<double>(e.length));
  }
  const common::Summary r = common::summarize(returns), l = common::summarize(lengths);
  char summary[160];
  std::snprintf(summary, sizeof(summary),
                "return %.2f +- %.2f, length %.1f +- %.1f over %zu episodes\n", r.mean, r.std,
                l.mean, l.std, returns.size());
  std::cout << summary;
  return 0;
}

}  // namespace

Command make_eval_command() {
  return {"eval", "evaluate a trained checkpoint for N episodes", run_eval};
}

}  // namespace tlb::apps
