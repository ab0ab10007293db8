// Partially observable variants of any task, as wrappers:
//   -P  positions only, -V velocities only (index lists from MujocoEnv's
//       position_observation_indices() / velocity_observation_indices(); docs/envs_tasks.md
//       lists them per task);
//   obs_noise=s       Gaussian noise with standard deviation s added to every entry;
//   flicker=p         the whole observation is zeroed with probability p per step;
//   sensor_dropout=p  each entry is zeroed independently with probability p per step.
// Every draw comes from the wrapper's own generator, seeded by reset(seed), so a seeded run
// is reproducible. Reset observations are transformed like step observations.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "envs/wrappers/wrapper.h"
#include "envs/wrappers/wrapper_rng.h"

namespace tlb::envs {

// Keeps only the given observation entries, in the given order.
class ObservationSubset : public Wrapper {
 public:
  // `suffix` ("P", "V") is appended to the id as "-P"/"-V". Throws std::invalid_argument for
  // an index outside the inner observation.
  ObservationSubset(std::unique_ptr<Env> env, std::vector<int> indices, std::string suffix);

  std::string id() const override;
  const Box& observation_space() const override { return space_; }
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;
  const std::vector<int>& indices() const { return indices_; }

 private:
  std::vector<double> select(const std::vector<double>& observation) const;

  std::vector<int> indices_;
  std::string suffix_;
  Box space_;
};

// Base of the stochastic observation wrappers: seeds its generator on reset and applies
// corrupt() to every observation.
class StochasticObservationWrapper : public Wrapper {
 public:
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;

 protected:
  StochasticObservationWrapper(std::unique_ptr<Env> env, uint64_t salt)
      : Wrapper(std::move(env)), rng_(salt) {}
  virtual void corrupt(std::vector<double>& observation) = 0;

  WrapperRng rng_;
};

// observation += scale * N(0, 1) per entry.
class ObservationNoise : public StochasticObservationWrapper {
 public:
  ObservationNoise(std::unique_ptr<Env> env, double scale);

 protected:
  void corrupt(std::vector<double>& observation) override;

 private:
  double scale_;
};

// With probability p the whole observation is zeros; the info of a step says flickered 0/1.
class Flicker : public StochasticObservationWrapper {
 public:
  Flicker(std::unique_ptr<Env> env, double probability);
  StepResult step(const std::vector<double>& action) override;

 protected:
  void corrupt(std::vector<double>& observation) override;

 private:
  double probability_;
  bool last_flickered_ = false;
};

// Each entry is zeroed independently with probability p.
class SensorDropout : public StochasticObservationWrapper {
 public:
  SensorDropout(std::unique_ptr<Env> env, double probability);

 protected:
  void corrupt(std::vector<double>& observation) override;

 private:
  double probability_;
};

// Applies "-P" / "-V" (`suffix` "P" or "V"; "" for none) and then the options obs_noise,
// flicker and sensor_dropout (in that order), erasing those keys from `options`. The -P/-V
// indices come from env->mujoco(). Throws std::invalid_argument naming the key, what was
// expected and what was found for a bad value, an unknown suffix, or -P/-V on an env that is
// not a MuJoCo env.
std::unique_ptr<Env> wrap_observation_variant(std::unique_ptr<Env> env, const std::string& suffix,
                                              std::map<std::string, std::string>& options);

}  // namespace tlb::envs
