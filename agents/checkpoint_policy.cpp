#include "agents/checkpoint_policy.h"

#include <torch/torch.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "agents/actor_critic.h"
#include "agents/checkpoint.h"
#include "agents/policy_input.h"
#include "agents/ppo.h"
#include "envs/model_loader.h"
#include "envs/normalization.h"

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
        action_space(space),
        deterministic(policy_options.deterministic),
        device(resolve_device(policy_options.device)),
        obs_dim(static_cast<int64_t>(obs_size)),
        act_dim(static_cast<int64_t>(space.size())),
        model(make_actor_critic(options, obs_dim, act_dim, factories.make_backbone)),
        normalizer(obs_size, normalizer_options(options)),
        scaler(1, scaler_options(options)),
        generator(at::make_generator<at::CPUGeneratorImpl>(options.seed)) {
    // The architecture follows the env's sizes: a mismatch shows as a shape error while loading.
    const CheckpointState state = read_checkpoint(path, model.get(), nullptr, device);
    model->to(device);
    model->eval();
    normalizer.set_state(state.obs_stats);
    normalizer.set_frozen(true);
    scaler.set_state(state.return_stats);
    scaler.set_frozen(true);
    checkpoint = path.string();
    checkpoint_hash = file_hash(path);
  }

  static envs::ObservationNormalizerOptions normalizer_options(const PpoOptions& o) {
    envs::ObservationNormalizerOptions n;
    n.clip = o.clip_obs;
    n.epsilon = o.norm_epsilon;
    return n;
  }
  static envs::RewardScalerOptions scaler_options(const PpoOptions& o) {
    envs::RewardScalerOptions r;
    r.gamma = o.gamma;
    r.clip = o.clip_reward;
    r.epsilon = o.norm_epsilon;
    return r;
  }

  PpoOptions trained;
  envs::Box action_space;
  bool deterministic;
  torch::Device device;
  int64_t obs_dim, act_dim;
  ActorCritic model;
  envs::ObservationNormalizer normalizer;
  envs::RewardScaler scaler;
  at::Generator generator;
  std::string checkpoint, checkpoint_hash;

  // Carried from step to step within an episode.
  RecurrentState state;
  bool episode_start = true;
  std::vector<float> prev_action, prev_reward;
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
  impl_->episode_start = true;
  impl_->prev_action.assign(impl_->act_dim, 0.0f);
  impl_->prev_reward.assign(1, 0.0f);
}

std::vector<double> CheckpointPolicy::act(const std::vector<double>& observation) {
  Impl& m = *impl_;
  if (static_cast<int64_t>(observation.size()) != m.obs_dim) {
    throw std::invalid_argument("checkpoint policy: observation has " +
                                std::to_string(observation.size()) + " entries, expected " +
                                std::to_string(m.obs_dim));
  }
  if (m.prev_action.empty()) reset(m.trained.seed);  // act() before any reset()
  torch::NoGradGuard no_grad;
  // float32 at the agent boundary, as VectorEnv hands observations to the agent in training.
  std::vector<float> obs(observation.begin(), observation.end());
  if (m.trained.norm_obs) m.normalizer.normalize(obs.data(), 1);
  const int64_t in_dim = m.model->input_dim();
  std::vector<float> input(in_dim);
  build_policy_input(obs.data(), m.prev_action.data(), m.prev_reward.data(), 1, m.obs_dim,
                     m.act_dim, m.trained.feed_prev_action_reward, input.data());
  auto x = torch::from_blob(input.data(), {1, in_dim})
               .to(m.device, /*non_blocking=*/false,
                   /*copy=*/true);
  auto starts = torch::full({1}, m.episode_start,
                            torch::TensorOptions().dtype(torch::kBool).device(m.device));
  auto noise = torch::randn({1, m.act_dim}, m.generator);
  auto out = m.model->act(x, m.state, starts, noise, m.deterministic);
  m.state = out.next_state;
  m.episode_start = false;
  auto action = out.action.to(torch::kCPU).contiguous();
  // The env gets the action clipped to its box, as in training; that is what is recorded.
  std::vector<double> clipped(m.act_dim);
  for (int64_t j = 0; j < m.act_dim; ++j) {
    clipped[j] = std::clamp<double>(action.data_ptr<float>()[j], m.action_space.low[j],
                                    m.action_space.high[j]);
    m.prev_action[j] = static_cast<float>(clipped[j]);
  }
  return clipped;
}

void CheckpointPolicy::observe(const envs::StepResult& step) {
  Impl& m = *impl_;
  m.prev_reward[0] = static_cast<float>(step.reward);
  const uint8_t not_ended = 0;
  if (m.trained.norm_reward) m.scaler.scale(m.prev_reward.data(), &not_ended);
}

replay::PolicyInfo CheckpointPolicy::info() const {
  return {"ppo-" + impl_->trained.backbone, impl_->checkpoint, impl_->checkpoint_hash};
}

}  // namespace tlb::agents
