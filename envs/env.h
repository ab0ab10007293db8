// One environment with Gymnasium's semantics: reset(seed) -> observation; step(action) ->
// observation, reward, terminated, truncated, info. Values are float64 inside; the vector env
// converts to float32 at the agent boundary.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tlb::envs {

// A flat box space: one [low, high] interval per entry (±infinity where unbounded).
struct Box {
  std::vector<double> low;
  std::vector<double> high;

  size_t size() const { return low.size(); }
};

// Named scalars a step reports beside the reward: reward terms, x position, healthy, ...
// Keys keep their first-set order, so tables and files list them stably.
class Info {
 public:
  // Sets `key` to `value`, adding the key if it is new.
  void set(std::string_view key, double value);
  // The value of `key`, or nullopt when it was never set.
  std::optional<double> get(std::string_view key) const;
  bool contains(std::string_view key) const { return get(key).has_value(); }
  const std::vector<std::pair<std::string, double>>& items() const { return items_; }
  void clear() { items_.clear(); }

 private:
  std::vector<std::pair<std::string, double>> items_;
};

// What one step returns.
struct StepResult {
  std::vector<double> observation;
  double reward = 0.0;
  bool terminated = false;  // the task ended the episode (fell over, reached the goal)
  bool truncated = false;   // something outside the task ended it (time limit, instability)
  Info info;
};

// What reset returns.
struct ResetResult {
  std::vector<double> observation;
  Info info;
};

class MujocoEnv;

class Env {
 public:
  virtual ~Env() = default;

  // The task id with its overrides, e.g. "Hopper-v5:ctrl_cost_weight=0.01".
  virtual std::string id() const = 0;
  virtual const Box& observation_space() const = 0;
  virtual const Box& action_space() const = 0;

  // Starts a new episode; with a seed, re-seeds the env's random generator first.
  virtual ResetResult reset(std::optional<uint64_t> seed = std::nullopt) = 0;

  // Applies `action` (action_space().size() entries, finite) and advances one env step.
  // Throws std::invalid_argument naming the task for a wrong-sized or non-finite action.
  virtual StepResult step(const std::vector<double>& action) = 0;

  // The innermost MuJoCo env (through any wrappers), or nullptr if there is none.
  virtual MujocoEnv* mujoco() { return nullptr; }
};

}  // namespace tlb::envs
