// The scripted experts: for each task that has one, a policy that solves it from the
// observation alone (the memory tasks' remembering experts, envs/tasks/*_experts.h). They make
// demonstrations for behaviour cloning (`tlb record --policy scripted`) and the score-1 lines
// of the memory tasks.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "envs/policy.h"

namespace tlb::envs {

// The tasks that have a scripted expert, in listing order.
std::vector<std::string> scripted_expert_tasks();

// The scripted expert of the env `spec` names (envs/registry.h's grammar, e.g.
// "MemoryCorridor-v0:delay=512"; pass env.id() for an env already made). Any of the task's own
// options and max_episode_steps are accepted. The expert reads only the env's observation, so
// it refuses what changes that observation: a -P/-V suffix and the observation wrappers'
// options (obs_noise, flicker, sensor_dropout). Its info().algorithm_name is "scripted-" and
// the expert's name, e.g. "scripted-remembering_expert"; it is deterministic (reset(seed) only
// clears its memory). Throws std::invalid_argument naming the task and the tasks that have an
// expert for a task without one, and naming the suffix or option otherwise.
std::unique_ptr<Policy> make_scripted_expert(const std::string& spec);

}  // namespace tlb::envs
