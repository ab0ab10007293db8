#include "agents/trained_policy.h"

#include <torch/torch.h>

#include <stdexcept>
#include <string>

namespace tlb::agents {

struct TrainedPolicy::State {
  at::Generator generator;
  RecurrentState backbone;  // carried from step to step within an episode
  bool started = false;     // reset() was called
};

TrainedPolicy::TrainedPolicy(ActorCritic model, PolicyIo io, bool deterministic, uint64_t seed,
                             envs::PolicyInfo info)
    : model_(std::move(model)),
      io_(std::move(io)),
      deterministic_(deterministic),
      seed_(seed),
      info_(std::move(info)),
      state_(std::make_unique<State>(State{at::make_generator<at::CPUGeneratorImpl>(seed), {}})) {
  if (io_.rows() != 1) {
    throw std::invalid_argument("TrainedPolicy: expected a PolicyIo of 1 row, found " +
                                std::to_string(io_.rows()));
  }
  io_.set_frozen(true);
}

TrainedPolicy::~TrainedPolicy() = default;

void TrainedPolicy::reset(uint64_t episode_seed) {
  state_->generator = at::make_generator<at::CPUGeneratorImpl>(episode_seed);
  state_->backbone = model_->initial_state(1);
  io_.start_episodes();
  state_->started = true;
}

std::vector<double> TrainedPolicy::act(const std::vector<double>& observation) {
  const int64_t obs_dim = io_.observation_dim();
  if (static_cast<int64_t>(observation.size()) != obs_dim) {
    throw std::invalid_argument(info_.algorithm_name + " policy: observation has " +
                                std::to_string(observation.size()) + " entries, expected " +
                                std::to_string(obs_dim));
  }
  if (!state_->started) reset(seed_);  // act() before any reset()
  torch::NoGradGuard no_grad;
  // float32 at the agent boundary, as VectorEnv hands observations to the agent in training.
  const std::vector<float> obs(observation.begin(), observation.end());
  io_.observe(obs.data());
  auto noise = torch::randn({1, io_.action_dim()}, state_->generator);
  state_->backbone = io_.act(model_, state_->backbone, noise, deterministic_).out.next_state;
  // The env gets the action clipped to its box, as in training; that is what is recorded.
  const std::vector<float>& action = io_.env_actions();
  return std::vector<double>(action.begin(), action.end());
}

void TrainedPolicy::observe(const envs::StepResult& step) {
  const float reward = static_cast<float>(step.reward);
  const uint8_t ended = step.terminated || step.truncated;
  io_.record_outcome(&reward, &ended);
}

double mean_deterministic_return(ActorCritic model, PolicyIo io, envs::Env& env, int64_t episodes,
                                 uint64_t seed, envs::PolicyInfo info,
                                 const std::function<void(const envs::EpisodeOutcome&)>& each) {
  const bool was_training = model->is_training();
  model->eval();
  TrainedPolicy policy(model, std::move(io), /*deterministic=*/true, seed, std::move(info));
  double sum = 0;
  for (const envs::EpisodeOutcome& e : envs::run_episodes(env, policy, episodes, seed)) {
    if (each) each(e);
    sum += e.episode_return;
  }
  model->train(was_training);
  return sum / static_cast<double>(episodes);
}

}  // namespace tlb::agents
