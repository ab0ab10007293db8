#include "agents/checkpoint_policy.h"

#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "agents/actor_critic.h"
#include "agents/checkpoint.h"
#include "agents/policy_io.h"
#include "envs/model_loader.h"
#include "tlb/device.h"

namespace tlb::agents {
namespace {

std::filesystem::path checkpoint_file(const std::filesystem::path& checkpoint) {
  return std::filesystem::is_directory(checkpoint) ? checkpoint / kLatestCheckpoint : checkpoint;
}

std::string file_hash(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return envs::fnv1a_hex(bytes);
}

}  // namespace

struct CheckpointPolicy::Impl {
  Impl(const std::filesystem::path& path, const PpoOptions& options, size_t obs_size,
       const envs::Box& space, const CheckpointPolicyOptions& policy_options,
       const Factories& factories)
      : trained(options),
        deterministic(policy_options.deterministic),
        device(resolve_device(policy_options.device)),
        obs_dim(static_cast<int64_t>(obs_size)),
        act_dim(static_cast<int64_t>(space.size())),
        model(make_actor_critic(options, obs_dim, act_dim, factories.make_backbone)),
        io(1, obs_dim, space, policy_io_options(options), device),
        generator(at::make_generator<at::CPUGeneratorImpl>(options.seed)) {
    // The architecture follows the env's sizes: a mismatch shows as a shape error while loading.
    const CheckpointState state = read_checkpoint(path, model.get(), nullptr, device);
    model->to(device);
    model->eval();
    io.set_statistics(state.obs_stats, state.return_stats);
    io.set_frozen(true);
    checkpoint = path.string();
    checkpoint_hash = file_hash(path);
  }

  PpoOptions trained;
  bool deterministic;
  torch::Device device;
  int64_t obs_dim, act_dim;
  ActorCritic model;
  PolicyIo io;  // the normaliser and reward scaler frozen at the checkpoint's statistics
  at::Generator generator;
  std::string checkpoint, checkpoint_hash;
  RecurrentState state;  // carried from step to step within an episode
  bool started = false;  // reset() was called
};

PpoOptions CheckpointPolicy::trained_options(const std::filesystem::path& checkpoint) {
  return ppo_options_from_text(
      read_checkpoint(checkpoint_file(checkpoint), nullptr, nullptr).config_text);
}

CheckpointPolicy::CheckpointPolicy(const std::filesystem::path& checkpoint, size_t observation_size,
                                   const envs::Box& action_space,
                                   const CheckpointPolicyOptions& options,
                                   const Factories& factories) {
  const auto path = checkpoint_file(checkpoint);
  impl_ = std::make_unique<Impl>(path, trained_options(path), observation_size, action_space,
                                 options, factories);
}

CheckpointPolicy::~CheckpointPolicy() = default;

void CheckpointPolicy::reset(uint64_t episode_seed) {
  impl_->generator = at::make_generator<at::CPUGeneratorImpl>(episode_seed);
  impl_->state = impl_->model->initial_state(1);
  impl_->io.start_episodes();
  impl_->started = true;
}

std::vector<double> CheckpointPolicy::act(const std::vector<double>& observation) {
  Impl& m = *impl_;
  if (static_cast<int64_t>(observation.size()) != m.obs_dim) {
    throw std::invalid_argument("checkpoint policy: observation has " +
                                std::to_string(observation.size()) + " entries, expected " +
                                std::to_string(m.obs_dim));
  }
  if (!m.started) reset(m.trained.seed);  // act() before any reset()
  torch::NoGradGuard no_grad;
  // float32 at the agent boundary, as VectorEnv hands observations to the agent in training.
  const std::vector<float> obs(observation.begin(), observation.end());
  m.io.observe(obs.data());
  auto noise = torch::randn({1, m.act_dim}, m.generator);
  m.state = m.io.act(m.model, m.state, noise, m.deterministic).out.next_state;
  // The env gets the action clipped to its box, as in training; that is what is recorded.
  const std::vector<float>& action = m.io.env_actions();
  return std::vector<double>(action.begin(), action.end());
}

void CheckpointPolicy::observe(const envs::StepResult& step) {
  const float reward = static_cast<float>(step.reward);
  const uint8_t ended = step.terminated || step.truncated;
  impl_->io.record_outcome(&reward, &ended);
}

envs::PolicyInfo CheckpointPolicy::info() const {
  return {"ppo-" + impl_->trained.backbone, impl_->checkpoint, impl_->checkpoint_hash};
}

CheckpointOnEnv load_checkpoint_on_env(const std::filesystem::path& checkpoint,
                                       const std::string& env_id,
                                       const CheckpointPolicyOptions& options,
                                       const Factories& factories) {
  CheckpointOnEnv loaded;
  loaded.trained = CheckpointPolicy::trained_options(checkpoint);
  loaded.env = factories.make_env(env_id.empty() ? loaded.trained.env_id : env_id);
  loaded.policy =
      std::make_unique<CheckpointPolicy>(checkpoint, loaded.env->observation_space().size(),
                                         loaded.env->action_space(), options, factories);
  return loaded;
}

}  // namespace tlb::agents
