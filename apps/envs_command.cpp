// `tlb envs`: lists the registered tasks; `tlb envs ID` lists a task's options;
// `tlb envs ID --random N` runs N random-policy episodes and prints their statistics.
#include <cstdint>
#include <cstdio>
#include <iostream>

#include "apps/command.h"
#include "common/statistics.h"
#include "envs/random_policy.h"
#include "envs/registry.h"

namespace tlb::apps {
namespace {

struct EnvsCommandOptions {
  std::string spec;             // task id with overrides; empty: list the tasks
  int64_t random_episodes = 0;  // random-policy episodes to run (0: list the task's options)
  uint64_t seed = 0;            // seeds the first reset and the random actions
};

void list_tasks() {
  std::printf("%-28s %11s %6s %9s\n", "task", "observation", "action", "max_steps");
  for (const envs::TaskInfo& task : envs::registered_tasks()) {
    std::printf("%-28s %11d %6d %9lld\n", task.id.c_str(), task.observation_size, task.action_size,
                static_cast<long long>(task.max_episode_steps));
  }
  std::printf("\nid grammar: Task-v5[-P|-V][:key=value,...]; tlb envs ID lists a task's keys\n");
}

void list_options(const std::string& spec) {
  const envs::EnvSpec parsed = envs::parse_env_spec(spec);
  std::printf("%s options (override as %s:key=value,...):\n", parsed.task.c_str(),
              parsed.task.c_str());
  for (const common::OptionDoc& doc : envs::task_options(parsed.task)) {
    std::printf("  %-44s %-12s %s\n", doc.key.c_str(), doc.default_text.c_str(), doc.help.c_str());
  }
}

void print_summary(const char* name, const common::Summary& s) {
  std::printf("%-7s mean %.2f ± %.2f  min %.2f  max %.2f\n", name, s.mean, s.std, s.min, s.max);
}

int run_envs(const std::vector<std::string>& args) {
  EnvsCommandOptions opts;
  po::options_description options("tlb envs options");
  options.add_options()("task", po::value(&opts.spec)->value_name("ID"), envs::kTaskIdHelp)(
      "random",
      int_flag<int64_t>("random", &opts.random_episodes, 0, kMaxEpisodes)->value_name("N"),
      "run N random-policy episodes and print return and length statistics")(
      "seed", int_flag<uint64_t>("seed", &opts.seed, 0, UINT64_MAX)->value_name("S"),
      "seed of the first reset and of the random actions");
  po::positional_options_description positional;
  positional.add("task", 1);
  po::variables_map values;
  if (!parse_command_options("envs", "[ID [--random N] [--seed S]]", options, positional, args,
                             values)) {
    return 0;
  }
  if (opts.spec.empty()) {
    if (opts.random_episodes > 0) throw UsageError("--random needs a task id");
    list_tasks();
    return 0;
  }
  // Making the env checks the whole id, its task options included.
  const auto env = usage_checked([&] { return envs::make_env(opts.spec); });
  if (opts.random_episodes == 0) {
    list_options(opts.spec);
    return 0;
  }
  const envs::RandomPolicyResult result =
      envs::run_random_policy(*env, static_cast<int>(opts.random_episodes), opts.seed);
  std::printf("%s: %lld random-policy episodes, seed %llu\n", env->id().c_str(),
              static_cast<long long>(opts.random_episodes),
              static_cast<unsigned long long>(opts.seed));
  print_summary("return", common::summarize(result.returns));
  print_summary("length", common::summarize(result.lengths));
  return 0;
}

}  // namespace

Command make_envs_command() {
  return {"envs", "list the tasks, a task's options, or random-policy returns", run_envs};
}

}  // namespace tlb::apps
