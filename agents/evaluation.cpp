#include "agents/evaluation.h"

#include <torch/torch.h>

#include "agents/actor_critic.h"
#include "agents/checkpoint.h"
#include "agents/policy_input.h"
#include "agents/ppo.h"
#include "envs/normalization.h"
#include "envs/vector_env.h"

namespace tlb::agents {

EvaluationResult evaluate_checkpoint(const std::filesystem::path& checkpoint,
                                     const EvaluationOptions& options, const Factories& factories) {
  const auto path =
      std::filesystem::is_directory(checkpoint) ? checkpoint / kLatestCheckpoint : checkpoint;
  EvaluationResult result;
  auto& trained = result.trained_with;
  trained = ppo_options_from_text(read_checkpoint(path, nullptr, nullptr).config_text);
  const torch::Device device = resolve_device(options.device);

  std::vector<std::unique_ptr<envs::Env>> env_list;
  env_list.push_back(factories.make_env(options.env_id.empty() ? trained.env_id : options.env_id));
  envs::VectorEnv env(std::move(env_list), 1);
  const int64_t obs_dim = env.observation_size(), act_dim = env.action_size();
  ActorCritic model = make_actor_critic(trained, obs_dim, act_dim, factories.make_backbone);
  const auto state_read = read_checkpoint(path, model.get(), nullptr, device);
  model->to(device);
  model->eval();

  envs::ObservationNormalizerOptions obs_options;
  obs_options.clip = trained.clip_obs;
  obs_options.epsilon = trained.norm_epsilon;
  envs::ObservationNormalizer normalizer(obs_dim, obs_options);
  normalizer.set_state(state_read.obs_stats);
  normalizer.set_frozen(true);
  envs::RewardScalerOptions reward_options;
  reward_options.gamma = trained.gamma;
  reward_options.clip = trained.clip_reward;
  reward_options.epsilon = trained.norm_epsilon;
  envs::RewardScaler scaler(1, reward_options);
  scaler.set_state(state_read.return_stats);
  scaler.set_frozen(true);
  auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);

  torch::NoGradGuard no_grad;
  const auto& space = env.single_action_space();
  const int64_t in_dim = model->input_dim();
  for (int64_t e = 0; e < options.episodes; ++e) {
    env.reset(options.seed + static_cast<uint64_t>(e));
    std::vector<float> obs(env.observations(), env.observations() + obs_dim);
    std::vector<float> prev_action(act_dim, 0.0f), prev_reward(1, 0.0f);
    std::vector<float> input(in_dim);
    RecurrentState state = model->initial_state(1);
    bool start = true;
    while (true) {
      if (trained.norm_obs) normalizer.normalize(obs.data(), 1);
      build_policy_input(obs.data(), prev_action.data(), prev_reward.data(), 1, obs_dim, act_dim,
                         trained.feed_prev_action_reward, input.data());
      auto x = torch::from_blob(input.data(), {1, in_dim})
                   .to(device, /*non_blocking=*/false,
                       /*copy=*/true);
      auto starts =
          torch::full({1}, start, torch::TensorOptions().dtype(torch::kBool).device(device));
      auto noise = torch::randn({1, act_dim}, generator);
      auto out = model->act(x, state, starts, noise, options.deterministic);
      auto action = out.action.to(torch::kCPU).contiguous();
      for (int64_t j = 0; j < act_dim; ++j) {
        prev_action[j] = static_cast<float>(
            std::clamp<double>(action.data_ptr<float>()[j], space.low[j], space.high[j]));
      }
      env.step(prev_action.data());
      if (!env.finished_episodes().empty()) {
        const auto& done = env.finished_episodes().front();
        result.episodes.push_back({done.episode_return, done.length});
        break;
      }
      obs.assign(env.observations(), env.observations() + obs_dim);
      prev_reward[0] = env.rewards()[0];
      const uint8_t not_ended = 0;
      if (trained.norm_reward) scaler.scale(prev_reward.data(), &not_ended);
      state = out.next_state;
      start = false;
    }
  }
  return result;
}

}  // namespace tlb::agents
