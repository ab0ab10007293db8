// The PPO policy: a Gaussian actor and a value critic on backbone features.
//
// Legend: B batch rows (envs or sequences), T steps, I input width, A action width, D feature
// width.
//
// The actor head maps features to the action mean; the standard deviation is exp(log_std),
// one learned value per action dimension, independent of the state (CleanRL). Log-probs and
// entropies are summed over action dimensions. The actor and critic each have a backbone, or
// share one (shared_backbone). The state of the whole policy is one RecurrentState whose parts
// are the actor backbone's parts followed by the critic backbone's (none when shared).
//
// Two paths compute the same numbers: act() steps every env once (rollout), evaluate() runs
// forward_sequence over [B, T] (learning). Before the first gradient step they agree to
// float32 rounding: that is the ratio-1 invariant tested in tests/agents/.
#pragma once

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>
#include <torch/types.h>

#include "agents/factories.h"
#include "agents/ppo_options.h"
#include "tlb/backbone.h"

namespace tlb::agents {

struct ActOutput {
  torch::Tensor action;    // [B, A] the unclipped sample (the mean when deterministic)
  torch::Tensor log_prob;  // [B]
  torch::Tensor value;     // [B]
  RecurrentState next_state;
};

struct ActorSequenceOutput {
  torch::Tensor mean;         // [B, T, A] the action mean
  RecurrentState next_state;  // the actor backbone's state after the last step
};

struct EvaluateOutput {
  torch::Tensor log_prob;  // [B, T]
  torch::Tensor entropy;   // [B, T]
  torch::Tensor value;     // [B, T]
};

class ActorCriticImpl : public torch::nn::Module {
 public:
  // `critic_backbone` empty (nullptr holder): the critic shares `actor_backbone`.
  ActorCriticImpl(Backbone actor_backbone, Backbone critic_backbone, int64_t action_dim);

  int64_t input_dim() const { return actor_backbone_->input_dim(); }
  int64_t action_dim() const { return action_dim_; }
  // Whether any backbone carries state from step to step (then learning uses sequences).
  bool has_memory();
  bool shared_backbone() const { return critic_backbone_.is_empty(); }

  // The state of `batch` rows at an episode start.
  RecurrentState initial_state(int64_t batch);

  // One step for every row: input [B, I], state, episode_starts [B] bool. `noise` [B, A]
  // standard normal (ignored when deterministic) makes the sample reproducible from the
  // caller's generator.
  ActOutput act(const torch::Tensor& input, const RecurrentState& state,
                const torch::Tensor& episode_starts, const torch::Tensor& noise,
                bool deterministic = false);

  // The critic's value of one step [B] (truncation bootstrap, last value), leaving the state.
  torch::Tensor value(const torch::Tensor& input, const RecurrentState& state,
                      const torch::Tensor& episode_starts);

  // Log-prob of `actions` [B, T, A], entropy and value over sequences: inputs [B, T, I],
  // start state, episode_starts [B, T] bool.
  EvaluateOutput evaluate(const torch::Tensor& inputs, const RecurrentState& start,
                          const torch::Tensor& episode_starts, const torch::Tensor& actions);

  // The actor alone over sequences (behaviour cloning; the critic does not run): inputs
  // [B, T, I], the actor backbone's start state, episode_starts [B, T] bool.
  ActorSequenceOutput actor_sequence(const torch::Tensor& inputs, const RecurrentState& start,
                                     const torch::Tensor& episode_starts);
  // Log-density of `actions` under the Gaussian of `mean` and the learned std, summed over
  // action dimensions: [..., A] -> [...].
  torch::Tensor log_prob(const torch::Tensor& mean, const torch::Tensor& actions) const {
    return log_prob_of(mean, actions);
  }

  // CleanRL's layer_init: orthogonal weights (gain sqrt(2) hidden, 0.01 actor mean, 1.0
  // value), zero biases, on the heads and on the layers of `mlp` backbones.
  void orthogonal_init();

 private:
  RecurrentState actor_part(const RecurrentState& state) const;
  RecurrentState critic_part(const RecurrentState& state) const;
  torch::Tensor log_prob_of(const torch::Tensor& mean, const torch::Tensor& actions) const;

  Backbone actor_backbone_;
  Backbone critic_backbone_{nullptr};
  torch::nn::Linear actor_mean_{nullptr};
  torch::nn::Linear critic_head_{nullptr};
  torch::Tensor log_std_;  // [A]
  int64_t action_dim_;
  size_t actor_parts_ = 0;
};

TORCH_MODULE(ActorCritic);

// The policy `options` describe (backbone kind and options, shared or separate, inputs with
// the previous action and reward or not) for an env of the given widths, orthogonally
// initialised, on the CPU.
ActorCritic make_actor_critic(const PpoOptions& options, int64_t obs_dim, int64_t action_dim,
                              const BackboneFactory& make_backbone);

}  // namespace tlb::agents
