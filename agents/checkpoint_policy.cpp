#include "agents/checkpoint_policy.h"

#include <torch/torch.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "agents/actor_critic.h"
#include "agents/bc_options.h"
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

std::string trained_algorithm(const std::filesystem::path& checkpoint) {
  const std::string text =
      read_checkpoint(checkpoint_file(checkpoint), nullptr, nullptr).config_text;
  return is_bc_options_text(text) ? "bc" : "ppo";
}

PpoOptions trained_options(const std::filesystem::path& checkpoint) {
  const std::string text =
      read_checkpoint(checkpoint_file(checkpoint), nullptr, nullptr).config_text;
  if (is_bc_options_text(text)) {
    const BcOptions bc = bc_options_from_text(text);
    return policy_options(bc, bc.env_id);
  }
  return ppo_options_from_text(text);
}

std::unique_ptr<TrainedPolicy> load_checkpoint_policy(const std::filesystem::path& checkpoint,
                                                      size_t observation_size,
                                                      const envs::Box& action_space,
                                                      const CheckpointPolicyOptions& options,
                                                      const Factories& factories) {
  const auto path = checkpoint_file(checkpoint);
  const PpoOptions trained = trained_options(path);
  const torch::Device device = resolve_device(options.device);
  const auto obs_dim = static_cast<int64_t>(observation_size);
  ActorCritic model = make_actor_critic(trained, obs_dim, static_cast<int64_t>(action_space.size()),
                                        factories.make_backbone);
  // The architecture follows the env's sizes: a mismatch shows as a shape error while loading.
  const CheckpointState state = read_checkpoint(path, model.get(), nullptr, device);
  model->to(device);
  model->eval();
  PolicyIo io(1, obs_dim, action_space, policy_io_options(trained), device);
  io.set_statistics(state.obs_stats, state.return_stats);
  return std::make_unique<TrainedPolicy>(
      model, std::move(io), options.deterministic, trained.seed,
      envs::PolicyInfo{trained_algorithm(path) + "-" + trained.backbone, path.string(),
                       file_hash(path)});
}

CheckpointOnEnv load_checkpoint_on_env(const std::filesystem::path& checkpoint,
                                       const std::string& env_id,
                                       const CheckpointPolicyOptions& options,
                                       const Factories& factories) {
  CheckpointOnEnv loaded;
  loaded.trained = trained_options(checkpoint);
  loaded.algorithm = trained_algorithm(checkpoint);
  loaded.env = factories.make_env(env_id.empty() ? loaded.trained.env_id : env_id);
  if (!env_id.empty() && env_id != loaded.trained.env_id) {
    // Another task: it must have the sizes of the one the policy was trained on.
    const auto trained_env = factories.make_env(loaded.trained.env_id);
    const auto sizes = [](const envs::Env& env) {
      return "observations of " + std::to_string(env.observation_space().size()) + ", actions of " +
             std::to_string(env.action_space().size());
    };
    if (sizes(*trained_env) != sizes(*loaded.env)) {
      throw std::invalid_argument("--env " + env_id + ": the checkpoint was trained on " +
                                  loaded.trained.env_id + " (" + sizes(*trained_env) + "); " +
                                  env_id + " has " + sizes(*loaded.env));
    }
  }
  loaded.policy = load_checkpoint_policy(checkpoint, loaded.env->observation_space().size(),
                                         loaded.env->action_space(), options, factories);
  return loaded;
}

}  // namespace tlb::agents
