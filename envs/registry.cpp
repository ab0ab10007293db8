#include "envs/registry.h"

#include <stdexcept>

#include "envs/tasks/ant.h"
#include "envs/tasks/custom_task.h"
#include "envs/tasks/half_cheetah.h"
#include "envs/tasks/hopper.h"
#include "envs/tasks/humanoid.h"
#include "envs/tasks/inverted_double_pendulum.h"
#include "envs/tasks/inverted_pendulum.h"
#include "envs/tasks/memory_corridor.h"
#include "envs/tasks/memory_reacher.h"
#include "envs/tasks/pusher.h"
#include "envs/tasks/reacher.h"
#include "envs/tasks/swimmer.h"
#include "envs/tasks/walker2d.h"
#include "envs/wrappers/observation_variants.h"
#include "envs/wrappers/time_limit.h"

namespace tlb::envs {

const std::vector<TaskEntry>& task_table() {
  // Adding a task: include its header above and add one line here.
  static const std::vector<TaskEntry> table = {
      {"HalfCheetah-v5", 1000, make_half_cheetah},
      {"Hopper-v5", 1000, make_hopper},
      {"Walker2d-v5", 1000, make_walker2d},
      {"Ant-v5", 1000, make_ant},
      {"Humanoid-v5", 1000, make_humanoid},
      {"Swimmer-v5", 1000, make_swimmer},
      {"InvertedPendulum-v5", 1000, make_inverted_pendulum},
      {"InvertedDoublePendulum-v5", 1000, make_inverted_double_pendulum},
      {"Reacher-v5", 50, make_reacher},
      {"Pusher-v5", 100, make_pusher},
      {"MemoryReacher-v0", 1000, make_memory_reacher},       // ends itself after cue+delay+reach
      {"MemoryCorridor-v0", 1000000, make_memory_corridor},  // truncates itself (episode_limit)
      {"custom", 1000, make_custom_task},  // custom:model=PATH,reward=... (docs/envs_tasks.md)
  };
  return table;
}

namespace {

const TaskEntry& find_task(const std::string& task) {
  std::string known;
  for (const TaskEntry& entry : task_table()) {
    if (entry.id == task) return entry;
    known += (known.empty() ? "" : ", ") + entry.id;
  }
  throw std::invalid_argument("unknown task '" + task + "'; registered: " + known);
}

// The TimeLimit's steps, an option of every task (make_env and task_options read it alike).
int64_t read_max_episode_steps(const TaskEntry& entry, common::OptionReader& options) {
  return options.get_int("max_episode_steps", entry.max_episode_steps,
                         "steps before the episode is truncated");
}

}  // namespace

EnvSpec parse_env_spec(const std::string& spec) {
  EnvSpec parsed;
  const size_t colon = spec.find(':');
  std::string name = spec.substr(0, colon);
  for (const char* suffix : {"-P", "-V"}) {
    if (name.size() > 2 && name.compare(name.size() - 2, 2, suffix) == 0) {
      parsed.suffix = suffix;
      name.resize(name.size() - 2);
    }
  }
  parsed.task = name;
  if (colon == std::string::npos) return parsed;
  const std::string options = spec.substr(colon + 1);
  size_t start = 0;
  while (start <= options.size()) {
    size_t end = options.find(',', start);
    if (end == std::string::npos) end = options.size();
    const std::string pair = options.substr(start, end - start);
    const size_t eq = pair.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw std::invalid_argument(name + ": expected key=value in env options, found '" + pair +
                                  "' (in '" + spec + "')");
    }
    const std::string key = pair.substr(0, eq);
    if (!parsed.options.emplace(key, pair.substr(eq + 1)).second) {
      throw std::invalid_argument(name + ": option " + key + " given twice (in '" + spec + "')");
    }
    start = end + 1;
  }
  return parsed;
}

std::unique_ptr<Env> make_env(const std::string& spec) {
  const EnvSpec parsed = parse_env_spec(spec);
  const TaskEntry& entry = find_task(parsed.task);
  common::OptionReader options(parsed.task, parsed.options);
  const int64_t max_episode_steps = read_max_episode_steps(entry, options);
  std::unique_ptr<MujocoEnv> task = entry.make(options);
  // The task's id carries the options; an observation variant inserts its suffix itself.
  const size_t colon = spec.find(':');
  task->set_id(parsed.task + (colon == std::string::npos ? "" : spec.substr(colon)));
  std::unique_ptr<Env> env = std::move(task);
  std::map<std::string, std::string> left = options.unread();
  env = wrap_observation_variant(std::move(env),
                                 parsed.suffix.empty() ? "" : parsed.suffix.substr(1), left);
  if (!left.empty()) {
    options.fail_unknown(left.begin()->first, "the observation wrapper options (docs/envs.md)");
  }
  return std::make_unique<TimeLimit>(std::move(env), max_episode_steps);
}

std::vector<TaskInfo> registered_tasks() {
  std::vector<TaskInfo> tasks;
  for (const TaskEntry& entry : task_table()) {
    common::OptionReader defaults(entry.id);
    const std::unique_ptr<MujocoEnv> env = entry.make(defaults);
    tasks.push_back({entry.id, static_cast<int>(env->observation_space().size()),
                     static_cast<int>(env->action_space().size()), entry.max_episode_steps});
  }
  return tasks;
}

std::vector<common::OptionDoc> task_options(const std::string& task) {
  const TaskEntry& entry = find_task(task);
  common::OptionReader options(entry.id);
  read_max_episode_steps(entry, options);
  entry.make(options);
  return options.docs();
}

}  // namespace tlb::envs
