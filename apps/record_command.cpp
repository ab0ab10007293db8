// `tlb record CHECKPOINT --episodes N --out FILE` or
// `tlb record --env ID --policy random|scripted ...`: runs a policy and writes each episode, with
// the simulator state at every step, to a trajectory file (docs/replay.md).
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <stdexcept>

#include "agents/checkpoint_policy.h"
#include "apps/command.h"
#include "envs/policy.h"
#include "envs/registry.h"
#include "envs/scripted_experts.h"
#include "replay/recorder.h"
#include "tlb/backbone_factory.h"
#include "tlb/runtime.h"

namespace tlb::apps {
namespace {

struct RecordCommandOptions {
  std::string checkpoint;         // a trained policy (.pt or run folder); empty: --policy
  std::string env;                // empty with a checkpoint: the env it was trained on
  std::string policy = "random";  // without a checkpoint: "random" or "scripted"
  bool deterministic = false;
  std::string device = "cpu";
  std::string out;
  bool overwrite = false;
  bool append = false;
  replay::RecordOptions record;
};

int run_record(const std::vector<std::string>& args) {
  RecordCommandOptions opts;
  std::string policy_help =
      "without a checkpoint: random (uniform actions) or scripted (the task's scripted expert, "
      "for demonstrations; tasks with one:";
  const char* separator = " ";
  for (const std::string& task : envs::scripted_expert_tasks()) {
    policy_help += separator + task;
    separator = ", ";
  }
  policy_help += ")";
  po::options_description options("tlb record options");
  options.add_options()("checkpoint", po::value(&opts.checkpoint)->value_name("CHECKPOINT"),
                        "trained policy to run: a .pt file or a run folder (its latest.pt)")(
      "env", po::value(&opts.env)->value_name("ID"),
      (std::string(envs::kTaskIdHelp) + " (default with a checkpoint: the env it was trained on)")
          .c_str())("policy", po::value(&opts.policy)->value_name("random|scripted"),
                    policy_help.c_str())("deterministic", po::bool_switch(&opts.deterministic),
                                         "with a checkpoint: act with the Gaussian's mean")(
      "device", po::value(&opts.device)->value_name("DEVICE"),
      (std::string(kDeviceHelp) + "; with a checkpoint: where the policy runs").c_str())(
      "episodes",
      int_flag<size_t>("episodes", &opts.record.episodes, 1, kMaxEpisodes)->value_name("N"),
      "episodes to record")("out", po::value(&opts.out)->required()->value_name("FILE"),
                            "trajectory file to write")(
      "seed", int_flag<uint64_t>("seed", &opts.record.seed, 0, UINT64_MAX)->value_name("S"),
      "episode k (counted from the file's next id) resets with seed S + k")(
      "dataset-id", po::value(&opts.record.dataset_id)->value_name("ID"),
      "Minari dataset id (default tlb/<task>-<policy>)")(
      "overwrite", po::bool_switch(&opts.overwrite), "replace FILE if it exists")(
      "append", po::bool_switch(&opts.append), "add episodes to FILE if it exists");
  po::positional_options_description positional;
  positional.add("checkpoint", 1);
  po::variables_map values;
  if (!parse_command_options(
          "record", "[CHECKPOINT | --env ID --policy random|scripted] --episodes N --out FILE",
          options, positional, args, values)) {
    return 0;
  }
  if (opts.overwrite && opts.append)
    throw UsageError("--overwrite and --append exclude each other");
  if (opts.checkpoint.empty() && opts.policy != "random" && opts.policy != "scripted") {
    throw UsageError("--policy must be 'random' or 'scripted', got '" + opts.policy +
                     "' (to record a trained policy, name its checkpoint)");
  }
  if (!opts.checkpoint.empty() && values.count("policy") > 0) {
    throw UsageError("--policy excludes a checkpoint (the checkpoint is the policy)");
  }
  if (opts.checkpoint.empty() && opts.env.empty()) {
    throw UsageError("--env is required without a checkpoint");
  }
  // The writer refuses it too; said here with the flags that would accept it (exit 1, as
  // every refusal to touch an existing file).
  if (!opts.overwrite && !opts.append && std::filesystem::exists(opts.out)) {
    throw std::runtime_error("refusing to overwrite existing file '" + opts.out +
                             "': pass --overwrite to replace it or --append to add episodes to it");
  }
  opts.record.writer.mode = opts.overwrite ? replay::OpenMode::kOverwrite
                            : opts.append  ? replay::OpenMode::kAppend
                                           : replay::OpenMode::kCreate;
  opts.record.tlb_version = TLB_VERSION;
  std::unique_ptr<envs::Env> env;
  std::unique_ptr<envs::Policy> policy;
  if (opts.checkpoint.empty()) {
    env = usage_checked([&] { return envs::make_env(opts.env); });
    if (opts.policy == "scripted") {
      policy = envs::make_scripted_expert(env->id());
    } else {
      policy = std::make_unique<envs::UniformRandomPolicy>(env->action_space(), opts.record.seed);
    }
  } else {
    agents::CheckpointPolicyOptions policy_options;
    policy_options.deterministic = opts.deterministic;
    policy_options.device = opts.device;
    agents::CheckpointOnEnv loaded = usage_checked([&] {
      return agents::load_checkpoint_on_env(
          opts.checkpoint, opts.env, policy_options,
          agents::Factories{[](const std::string& id) { return envs::make_env(id); },
                            tlb::make_backbone});
    });
    env = std::move(loaded.env);
    policy = std::move(loaded.policy);
  }
  const replay::RecordSummary summary = replay::record_episodes(
      *env, *policy, opts.out, opts.record, [](int64_t id, double ret, size_t steps) {
        std::printf("episode %lld: %zu steps, return %.4f\n", static_cast<long long>(id), steps,
                    ret);
        std::fflush(stdout);
      });
  std::printf("wrote %zu episodes (%zu steps) to %s\n", summary.ids.size(), summary.steps,
              summary.path.c_str());
  return 0;
}

}  // namespace

Command make_record_command() {
  return {"record", "run a policy on a task and write the episodes to a trajectory file",
          run_record};
}

}  // namespace tlb::apps
