#include "envs/scripted_experts.h"

#include <functional>
#include <stdexcept>
#include <utility>

#include "envs/registry.h"
#include "envs/tasks/memory_corridor_experts.h"
#include "envs/tasks/memory_reacher_experts.h"

namespace tlb::envs {
namespace {

struct ExpertEntry {
  const char* task;
  std::function<std::unique_ptr<Policy>()> make;
};

// Adding an expert is an include and a line.
const std::vector<ExpertEntry>& expert_table() {
  static const std::vector<ExpertEntry> table = {
      {"MemoryReacher-v0", [] { return std::make_unique<ReacherRememberingExpert>(); }},
      {"MemoryCorridor-v0", [] { return std::make_unique<CorridorRememberingExpert>(); }},
  };
  return table;
}

// The expert itself, named "scripted-<name>" in what it records.
class ScriptedExpert : public Policy {
 public:
  explicit ScriptedExpert(std::unique_ptr<Policy> expert) : expert_(std::move(expert)) {}
  void reset(uint64_t episode_seed) override { expert_->reset(episode_seed); }
  std::vector<double> act(const std::vector<double>& observation) override {
    return expert_->act(observation);
  }
  void observe(const StepResult& step) override { expert_->observe(step); }
  PolicyInfo info() const override {
    PolicyInfo info = expert_->info();
    info.algorithm_name = "scripted-" + info.algorithm_name;
    return info;
  }

 private:
  std::unique_ptr<Policy> expert_;
};

}  // namespace

std::vector<std::string> scripted_expert_tasks() {
  std::vector<std::string> tasks;
  for (const ExpertEntry& entry : expert_table()) tasks.push_back(entry.task);
  return tasks;
}

std::unique_ptr<Policy> make_scripted_expert(const std::string& spec) {
  const EnvSpec parsed = parse_env_spec(spec);
  const ExpertEntry* found = nullptr;
  std::string known;
  for (const ExpertEntry& entry : expert_table()) {
    if (parsed.task == entry.task) found = &entry;
    known += (known.empty() ? "" : ", ") + std::string(entry.task);
  }
  if (found == nullptr) {
    throw std::invalid_argument("no scripted expert for task '" + parsed.task +
                                "'; tasks with one: " + known);
  }
  if (!parsed.suffix.empty()) {
    throw std::invalid_argument("no scripted expert for " + parsed.task + parsed.suffix +
                                ": the expert reads the full observation, drop the " +
                                parsed.suffix + " suffix");
  }
  // The task's own options (and max_episode_steps) leave the observation as the expert expects
  // it; anything else is an observation wrapper's option or a key make_env refuses anyway.
  const std::vector<common::OptionDoc> own = task_options(parsed.task);
  for (const auto& [key, value] : parsed.options) {
    bool is_own = false;
    for (const common::OptionDoc& doc : own) is_own = is_own || doc.key == key;
    if (!is_own) {
      throw std::invalid_argument("no scripted expert for " + parsed.task + " with option " + key +
                                  ": the expert reads the clean observation and accepts only the "
                                  "task's own options (tlb envs " +
                                  parsed.task + ")");
    }
  }
  return std::make_unique<ScriptedExpert>(found->make());
}

}  // namespace tlb::envs
