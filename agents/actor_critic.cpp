#include "agents/actor_critic.h"

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>

#include "agents/policy_input.h"

namespace tlb::agents {
namespace {

constexpr double kHalfLog2Pi = 0.91893853320467274178;  // 0.5 * log(2 pi)

void init_linear(torch::nn::Linear& layer, double gain) {
  torch::NoGradGuard no_grad;
  torch::nn::init::orthogonal_(layer->weight, gain);
  torch::nn::init::zeros_(layer->bias);
}

}  // namespace

ActorCriticImpl::ActorCriticImpl(Backbone actor_backbone, Backbone critic_backbone,
                                 int64_t action_dim)
    : actor_backbone_(std::move(actor_backbone)),
      critic_backbone_(std::move(critic_backbone)),
      action_dim_(action_dim) {
  if (action_dim < 1) {
    throw std::invalid_argument("ActorCritic: expected action_dim >= 1, found " +
                                std::to_string(action_dim));
  }
  register_module("actor_backbone", actor_backbone_.ptr());
  if (!critic_backbone_.is_empty()) {
    if (critic_backbone_->input_dim() != actor_backbone_->input_dim()) {
      throw std::invalid_argument("ActorCritic: critic backbone reads width " +
                                  std::to_string(critic_backbone_->input_dim()) + ", expected " +
                                  std::to_string(actor_backbone_->input_dim()));
    }
    register_module("critic_backbone", critic_backbone_.ptr());
  }
  const int64_t critic_width =
      shared_backbone() ? actor_backbone_->output_dim() : critic_backbone_->output_dim();
  actor_mean_ =
      register_module("actor_mean", torch::nn::Linear(actor_backbone_->output_dim(), action_dim));
  critic_head_ = register_module("critic", torch::nn::Linear(critic_width, 1));
  log_std_ = register_parameter("actor_logstd", torch::zeros({action_dim}));
  actor_parts_ = actor_backbone_->initial_state(1).parts.size();
  orthogonal_init();
}

bool ActorCriticImpl::has_memory() { return !initial_state(1).parts.empty(); }

RecurrentState ActorCriticImpl::initial_state(int64_t batch) {
  RecurrentState state = actor_backbone_->initial_state(batch);
  if (!shared_backbone()) {
    for (auto& p : critic_backbone_->initial_state(batch).parts) state.parts.push_back(p);
  }
  return state;
}

RecurrentState ActorCriticImpl::actor_part(const RecurrentState& state) const {
  RecurrentState out;
  out.parts.assign(state.parts.begin(), state.parts.begin() + actor_parts_);
  return out;
}

RecurrentState ActorCriticImpl::critic_part(const RecurrentState& state) const {
  RecurrentState out;
  out.parts.assign(state.parts.begin() + actor_parts_, state.parts.end());
  return out;
}

torch::Tensor ActorCriticImpl::log_prob_of(const torch::Tensor& mean,
                                           const torch::Tensor& actions) const {
  auto z = (actions - mean) * torch::exp(-log_std_);
  return (-0.5 * z.pow(2) - log_std_ - kHalfLog2Pi).sum(-1);
}

ActOutput ActorCriticImpl::act(const torch::Tensor& input, const RecurrentState& state,
                               const torch::Tensor& episode_starts, const torch::Tensor& noise,
                               bool deterministic) {
  auto actor_out = actor_backbone_->step(input, actor_part(state), episode_starts);
  ActOutput out;
  out.next_state = actor_out.next_state;
  torch::Tensor critic_features = actor_out.features;
  if (!shared_backbone()) {
    auto critic_out = critic_backbone_->step(input, critic_part(state), episode_starts);
    critic_features = critic_out.features;
    for (auto& p : critic_out.next_state.parts) out.next_state.parts.push_back(p);
  }
  auto mean = actor_mean_->forward(actor_out.features);  // [B, A]
  out.action = deterministic ? mean : mean + torch::exp(log_std_) * noise.to(mean.device());
  out.log_prob = log_prob_of(mean, out.action);
  out.value = critic_head_->forward(critic_features).squeeze(-1);
  return out;
}

torch::Tensor ActorCriticImpl::value(const torch::Tensor& input, const RecurrentState& state,
                                     const torch::Tensor& episode_starts) {
  if (shared_backbone()) {
    return critic_head_->forward(actor_backbone_->step(input, state, episode_starts).features)
        .squeeze(-1);
  }
  auto features = critic_backbone_->step(input, critic_part(state), episode_starts).features;
  return critic_head_->forward(features).squeeze(-1);
}

EvaluateOutput ActorCriticImpl::evaluate(const torch::Tensor& inputs, const RecurrentState& start,
                                         const torch::Tensor& episode_starts,
                                         const torch::Tensor& actions) {
  auto actor_features =
      actor_backbone_->forward_sequence(inputs, actor_part(start), episode_starts).features;
  torch::Tensor critic_features = actor_features;
  if (!shared_backbone()) {
    critic_features =
        critic_backbone_->forward_sequence(inputs, critic_part(start), episode_starts).features;
  }
  auto mean = actor_mean_->forward(actor_features);  // [B, T, A]
  EvaluateOutput out;
  out.log_prob = log_prob_of(mean, actions);
  out.entropy = (0.5 + kHalfLog2Pi + log_std_).sum().expand(out.log_prob.sizes());
  out.value = critic_head_->forward(critic_features).squeeze(-1);
  return out;
}

ActorSequenceOutput ActorCriticImpl::actor_sequence(const torch::Tensor& inputs,
                                                    const RecurrentState& start,
                                                    const torch::Tensor& episode_starts) {
  auto out = actor_backbone_->forward_sequence(inputs, actor_part(start), episode_starts);
  return {actor_mean_->forward(out.features), out.final_state};
}

void ActorCriticImpl::orthogonal_init() {
  torch::NoGradGuard no_grad;
  std::vector<Backbone> backbones = {actor_backbone_};
  if (!shared_backbone()) backbones.push_back(critic_backbone_);
  for (auto& backbone : backbones) {
    if (backbone->kind() != "mlp") continue;  // other kinds keep their own initialisation
    for (auto& item : backbone->named_parameters()) {
      auto& p = item.value();
      if (p.dim() == 2) torch::nn::init::orthogonal_(p, std::sqrt(2.0));
      if (p.dim() == 1) torch::nn::init::zeros_(p);
    }
  }
  init_linear(actor_mean_, 0.01);
  init_linear(critic_head_, 1.0);
  log_std_.zero_();
}

ActorCritic make_actor_critic(const PpoOptions& options, int64_t obs_dim, int64_t action_dim,
                              const BackboneFactory& make_backbone) {
  const int64_t input_dim = policy_input_dim(obs_dim, action_dim, options.feed_prev_action_reward);
  Backbone actor = make_backbone(options.backbone, input_dim, options.backbone_options);
  Backbone critic{nullptr};
  if (!options.shared_backbone) {
    critic = make_backbone(options.backbone, input_dim, options.backbone_options);
  }
  return ActorCritic(std::move(actor), std::move(critic), action_dim);
}

}  // namespace tlb::agents
