// Makes envs by id. Grammar:
//   spec    := task [ "-P" | "-V" ] [ ":" options ]
//   options := key "=" value { "," key "=" value }
// e.g. "Hopper-v5", "Hopper-v5:ctrl_cost_weight=0.01,max_episode_steps=500",
// "HalfCheetah-v5-P". Keys are the task's options (Gymnasium's names), max_episode_steps (the
// TimeLimit, default: the task's registered limit), or options of the observation wrappers.
// Range values are written low..high (healthy_z_range=0.7..inf).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/option_reader.h"
#include "envs/env.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

// The help line of every flag that takes a task id.
inline constexpr const char* kTaskIdHelp =
    "task id with overrides, e.g. Hopper-v5 or Hopper-v5:ctrl_cost_weight=0.01";

// One registered task: its id, its step limit, and a factory reading its options.
struct TaskEntry {
  std::string id;
  int64_t max_episode_steps;
  std::function<std::unique_ptr<MujocoEnv>(common::OptionReader& options)> make;
};

// Every task, in listing order (envs/registry.cpp).
const std::vector<TaskEntry>& task_table();

// What `tlb envs` lists.
struct TaskInfo {
  std::string id;
  int observation_size;
  int action_size;
  int64_t max_episode_steps;
};
std::vector<TaskInfo> registered_tasks();

// The parts of a spec string.
struct EnvSpec {
  std::string task;                            // "Hopper-v5"
  std::string suffix;                          // "", "-P" or "-V"
  std::map<std::string, std::string> options;  // key -> value text
};
// Throws std::invalid_argument for a malformed spec (empty key, missing '=', repeated key).
EnvSpec parse_env_spec(const std::string& spec);

// The env named by `spec`, wrapped in its TimeLimit (and observation wrappers for -P / -V).
// Throws std::invalid_argument naming the task and key for an unknown task, key or bad value.
std::unique_ptr<Env> make_env(const std::string& spec);

// The options `task` accepts (key, default, help), for listings.
std::vector<common::OptionDoc> task_options(const std::string& task);

}  // namespace tlb::envs
