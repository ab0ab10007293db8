#include "agents/policy_export.h"

#include <torch/serialize.h>
#include <torch/torch.h>

#include <stdexcept>
#include <string_view>

#include "agents/actor_critic.h"
#include "agents/checkpoint.h"
#include "agents/checkpoint_policy.h"
#include "common/atomic_file.h"

namespace tlb::agents {

namespace {

// The version of the exported dict's keys; bumped when they change.
constexpr int64_t kPolicyExportFormat = 1;

torch::Tensor doubles(const std::vector<double>& values) {
  return torch::tensor(values, torch::kFloat64);
}

}  // namespace

PolicyExport export_policy(const std::filesystem::path& checkpoint, const std::string& out,
                           bool overwrite, const Factories& factories) {
  if (std::filesystem::exists(out) && !overwrite) {
    throw std::runtime_error("refusing to overwrite existing file '" + out + "' (use --overwrite)");
  }
  const std::filesystem::path path =
      std::filesystem::is_directory(checkpoint) ? checkpoint / kLatestCheckpoint : checkpoint;
  const PpoOptions trained = trained_options(path);
  const auto frames = trained.backbone_options.count("frames")
                          ? trained.backbone_options.at("frames")
                          : std::string("1");
  if (trained.backbone != "mlp" || frames != "1" || trained.feed_prev_action_reward) {
    throw std::invalid_argument(
        "tlb export: expected a memoryless mlp policy (backbone mlp, frames 1, without "
        "feed_prev_action_reward), found backbone " +
        trained.backbone + ", frames " + frames + ", feed_prev_action_reward " +
        (trained.feed_prev_action_reward ? "true" : "false") + " in '" + path.string() + "'");
  }
  const auto env = factories.make_env(trained.env_id);
  const auto obs_dim = static_cast<int64_t>(env->observation_space().size());
  const envs::Box& box = env->action_space();
  ActorCritic model = make_actor_critic(trained, obs_dim, static_cast<int64_t>(box.size()),
                                        factories.make_backbone);
  const CheckpointState state = read_checkpoint(path, model.get(), nullptr);

  c10::impl::GenericDict dict(c10::StringType::get(), c10::AnyType::get());
  PolicyExport result;
  for (const auto& p : model->named_parameters()) {
    const std::string& name = p.key();
    if (name.rfind("actor_backbone.", 0) != 0 && name.rfind("actor_mean.", 0) != 0) continue;
    dict.insert(name, p.value().detach().to(torch::kCPU).contiguous());
    ++result.tensors;
  }
  const std::vector<float> low(box.low.begin(), box.low.end());
  const std::vector<float> high(box.high.begin(), box.high.end());
  const std::pair<const char*, torch::Tensor> extra[] = {
      {"obs_mean", doubles(state.obs_stats.mean)},
      {"obs_var", doubles(state.obs_stats.var)},
      {"action_low", torch::tensor(low, torch::kFloat32)},
      {"action_high", torch::tensor(high, torch::kFloat32)},
  };
  for (const auto& [name, tensor] : extra) {
    dict.insert(name, tensor);
    ++result.tensors;
  }
  const auto activation = trained.backbone_options.count("activation")
                              ? trained.backbone_options.at("activation")
                              : std::string("tanh");
  dict.insert("norm_obs", trained.norm_obs);
  dict.insert("obs_clip", trained.clip_obs);
  dict.insert("obs_epsilon", trained.norm_epsilon);
  dict.insert("activation", activation);
  dict.insert("env_id", trained.env_id);
  dict.insert("backbone", trained.backbone);
  dict.insert("algorithm", trained_algorithm(path));
  dict.insert("format", kPolicyExportFormat);
  const std::vector<char> bytes = torch::pickle_save(c10::IValue(dict));
  common::write_file_atomically(out, std::string_view(bytes.data(), bytes.size()));
  result.env_id = trained.env_id;
  result.backbone = trained.backbone;
  return result;
}

}  // namespace tlb::agents
