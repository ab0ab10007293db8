#include "envs/wrappers/observation_variants.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "envs/mujoco_env.h"

namespace tlb::envs {
namespace {

// Salts keep the three wrappers' streams apart when stacked with the same seed.
constexpr uint64_t kNoiseSalt = 0x6e6f697365ULL;    // "noise"
constexpr uint64_t kFlickerSalt = 0x666c69636bULL;  // "flick"
constexpr uint64_t kDropoutSalt = 0x64726f706fULL;  // "dropo"

void check_probability(const std::string& id, const std::string& key, double p) {
  if (!(p >= 0.0 && p <= 1.0)) {
    throw std::invalid_argument(id + ": option " + key +
                                " expects a probability in [0, 1], found " + std::to_string(p));
  }
}

// Reads and erases options[key] as a number in [low, high]; nullopt when absent.
std::optional<double> take_number(std::map<std::string, std::string>& options,
                                  const std::string& key, const std::string& id,
                                  const std::string& expected, double low, double high) {
  auto it = options.find(key);
  if (it == options.end()) return std::nullopt;
  const std::string text = it->second;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(value >= low && value <= high)) {
    throw std::invalid_argument(id + ": option " + key + " expects " + expected + ", found '" +
                                text + "'");
  }
  options.erase(it);
  return value;
}

}  // namespace

ObservationSubset::ObservationSubset(std::unique_ptr<Env> env, std::vector<int> indices,
                                     std::string suffix)
    : Wrapper(std::move(env)), indices_(std::move(indices)), suffix_(std::move(suffix)) {
  const Box& inner = env_->observation_space();
  for (int i : indices_) {
    if (i < 0 || static_cast<size_t>(i) >= inner.size()) {
      throw std::invalid_argument(env_->id() + ": observation index " + std::to_string(i) +
                                  " expected in [0, " + std::to_string(inner.size()) + ")");
    }
    space_.low.push_back(inner.low[i]);
    space_.high.push_back(inner.high[i]);
  }
}

std::string ObservationSubset::id() const {
  // "Hopper-v5:opt=1" -> "Hopper-v5-P:opt=1": the suffix belongs to the task name.
  const std::string inner = env_->id();
  const size_t colon = inner.find(':');
  if (colon == std::string::npos) return inner + "-" + suffix_;
  return inner.substr(0, colon) + "-" + suffix_ + inner.substr(colon);
}

std::vector<double> ObservationSubset::select(const std::vector<double>& observation) const {
  std::vector<double> out(indices_.size());
  for (size_t k = 0; k < indices_.size(); ++k) out[k] = observation[indices_[k]];
  return out;
}

ResetResult ObservationSubset::reset(std::optional<uint64_t> seed) {
  ResetResult result = env_->reset(seed);
  result.observation = select(result.observation);
  return result;
}

StepResult ObservationSubset::step(const std::vector<double>& action) {
  StepResult result = env_->step(action);
  result.observation = select(result.observation);
  return result;
}

ResetResult StochasticObservationWrapper::reset(std::optional<uint64_t> seed) {
  if (seed) rng_.seed(*seed);
  ResetResult result = env_->reset(seed);
  corrupt(result.observation);
  return result;
}

StepResult StochasticObservationWrapper::step(const std::vector<double>& action) {
  StepResult result = env_->step(action);
  corrupt(result.observation);
  return result;
}

ObservationNoise::ObservationNoise(std::unique_ptr<Env> env, double scale)
    : StochasticObservationWrapper(std::move(env), kNoiseSalt), scale_(scale) {
  if (!(scale >= 0.0) || !std::isfinite(scale)) {
    throw std::invalid_argument(env_->id() + ": option obs_noise expects a finite scale >= 0, " +
                                "found " + std::to_string(scale));
  }
}

void ObservationNoise::corrupt(std::vector<double>& observation) {
  for (double& x : observation) x += scale_ * rng_.normal();
}

Flicker::Flicker(std::unique_ptr<Env> env, double probability)
    : StochasticObservationWrapper(std::move(env), kFlickerSalt), probability_(probability) {
  check_probability(env_->id(), "flicker", probability);
}

void Flicker::corrupt(std::vector<double>& observation) {
  last_flickered_ = rng_.uniform() < probability_;
  if (last_flickered_) std::fill(observation.begin(), observation.end(), 0.0);
}

StepResult Flicker::step(const std::vector<double>& action) {
  StepResult result = StochasticObservationWrapper::step(action);
  result.info.set("flickered", last_flickered_ ? 1.0 : 0.0);
  return result;
}

SensorDropout::SensorDropout(std::unique_ptr<Env> env, double probability)
    : StochasticObservationWrapper(std::move(env), kDropoutSalt), probability_(probability) {
  check_probability(env_->id(), "sensor_dropout", probability);
}

void SensorDropout::corrupt(std::vector<double>& observation) {
  for (double& x : observation) {
    if (rng_.uniform() < probability_) x = 0.0;
  }
}

std::unique_ptr<Env> wrap_observation_variant(std::unique_ptr<Env> env, const std::string& suffix,
                                              std::map<std::string, std::string>& options) {
  const std::string id = env->id();
  if (!suffix.empty()) {
    if (suffix != "P" && suffix != "V") {
      throw std::invalid_argument(id + ": observation variant expects suffix -P or -V, found -" +
                                  suffix);
    }
    MujocoEnv* mujoco = env->mujoco();
    if (mujoco == nullptr) {
      throw std::invalid_argument(id + ": variant -" + suffix +
                                  " expects a MuJoCo env, found one without a model");
    }
    std::vector<int> indices = suffix == "P" ? mujoco->position_observation_indices()
                                             : mujoco->velocity_observation_indices();
    env = std::make_unique<ObservationSubset>(std::move(env), std::move(indices), suffix);
  }
  if (auto scale = take_number(options, "obs_noise", id, "a finite number >= 0", 0.0,
                               std::numeric_limits<double>::max())) {
    env = std::make_unique<ObservationNoise>(std::move(env), *scale);
  }
  if (auto p = take_number(options, "flicker", id, "a probability in [0, 1]", 0.0, 1.0)) {
    env = std::make_unique<Flicker>(std::move(env), *p);
  }
  if (auto p = take_number(options, "sensor_dropout", id, "a probability in [0, 1]", 0.0, 1.0)) {
    env = std::make_unique<SensorDropout>(std::move(env), *p);
  }
  return env;
}

}  // namespace tlb::envs
