// `tlb record --env ID --policy random --episodes N --out FILE`: runs a policy and writes each
// episode, with the simulator state at every step, to a trajectory file (docs/replay.md).
#include <cstdio>

#include "apps/command.h"
#include "envs/registry.h"
#include "replay/policy.h"
#include "replay/recorder.h"

namespace tlb::apps {
namespace {

struct RecordCommandOptions {
  std::string env;
  std::string policy = "random";  // the only policy this command builds itself
  std::string out;
  bool overwrite = false;
  bool append = false;
  replay::RecordOptions record;
};

int run_record(const std::vector<std::string>& args) {
  RecordCommandOptions opts;
  po::options_description options("tlb record options");
  options.add_options()("env", po::value(&opts.env)->required()->value_name("ID"),
                        "task id with overrides, e.g. Hopper-v5:ctrl_cost_weight=0.01")(
      "policy", po::value(&opts.policy)->value_name("random"), "the policy to run")(
      "episodes", po::value(&opts.record.episodes)->value_name("N"), "episodes to record")(
      "out", po::value(&opts.out)->required()->value_name("FILE"), "trajectory file to write")(
      "seed", po::value(&opts.record.seed)->value_name("S"),
      "episode k (counted from the file's next id) resets with seed S + k")(
      "dataset-id", po::value(&opts.record.dataset_id)->value_name("ID"),
      "Minari dataset id (default tlb/<task>-<policy>)")(
      "overwrite", po::bool_switch(&opts.overwrite), "replace FILE if it exists")(
      "append", po::bool_switch(&opts.append), "add episodes to FILE if it exists");
  po::variables_map values;
  if (!parse_command_options("record", "--env ID --policy random --episodes N --out FILE", options,
                             {}, args, values)) {
    return 0;
  }
  if (opts.overwrite && opts.append)
    throw UsageError("--overwrite and --append exclude each other");
  if (opts.policy != "random") {
    throw UsageError("--policy must be 'random', got '" + opts.policy +
                     "' (checkpoints are recorded by the agents' commands)");
  }
  if (opts.record.episodes == 0) throw UsageError("--episodes must be at least 1, got 0");
  opts.record.writer.mode = opts.overwrite ? replay::OpenMode::kOverwrite
                            : opts.append  ? replay::OpenMode::kAppend
                                           : replay::OpenMode::kCreate;
  opts.record.tlb_version = TLB_VERSION;
  auto env = envs::make_env(opts.env);
  replay::UniformRandomPolicy policy(env->action_space(), opts.record.seed);
  const replay::RecordSummary summary = replay::record_episodes(
      *env, policy, opts.out, opts.record, [](int64_t id, double ret, size_t steps) {
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
