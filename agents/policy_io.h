// What the policy sees and what the envs get, in one place for training, evaluation,
// recording and behaviour cloning, so they cannot drift apart.
//
// For N rows (envs), in CleanRL's wrapper order: the env's action is the policy's sample
// clipped to the action box; observations are normalised by running mean/std and clipped;
// rewards are divided by the running std of the discounted return and clipped; the policy's
// input is the normalised observation, optionally followed by the previous (clipped) action
// and the previous scaled reward, both zero at an episode's first step (agents/policy_input.h).
// Statistics learn from what they see unless frozen (evaluation, a loaded checkpoint).
//
// One step of acting:
//     auto step = io.act(model, state, noise);          // input, episode starts, model output
//     env.step(io.env_actions());                       // clipped, [N, A]
//     io.observe(raw_observations);                     // normalised
//     io.record_outcome(raw_rewards, ended);            // scaled; ended rows start anew
//
// Legend: N rows, O observation width, A action width, I input width.
#pragma once

#include <torch/types.h>

#include <cstdint>
#include <vector>

#include "agents/actor_critic.h"
#include "agents/ppo_options.h"
#include "envs/env.h"
#include "envs/normalization.h"

namespace tlb::agents {

struct PolicyIoOptions {
  bool norm_obs = true;
  bool norm_reward = true;
  bool feed_prev_action_reward = false;
  envs::ObservationNormalizerOptions obs;
  envs::RewardScalerOptions reward;
};

// The one mapping from a run's options to what its policy sees.
PolicyIoOptions policy_io_options(const PpoOptions& options);

// What act() fed the model and what came back (the buffer stores all of it).
struct PolicyStep {
  torch::Tensor input;           // [N, I] on the device
  torch::Tensor episode_starts;  // [N] bool on the device
  ActOutput out;                 // the unclipped sample (or mean), log-prob, value, next state
};

class PolicyIo {
 public:
  PolicyIo(int64_t rows, int64_t obs_dim, envs::Box action_space, PolicyIoOptions options,
           torch::Device device = torch::kCPU);

  int64_t rows() const { return rows_; }
  int64_t observation_dim() const { return obs_dim_; }
  int64_t action_dim() const { return act_dim_; }
  int64_t input_dim() const;
  torch::Device device() const { return device_; }

  // Every row starts an episode: previous action and reward zero, running returns restart
  // (the statistics carry on). Call before observing the reset observations.
  void start_episodes();

  // Raw observations [N, O] (float32): normalised here, the statistics learning from them
  // unless frozen.
  void observe(const float* raw_observations);

  // The policy's input [N, I] now, and which rows start an episode with it.
  torch::Tensor input() const;
  torch::Tensor episode_starts() const;
  // The same input on the host, written to `out` [N, I] (learning from recorded data).
  void write_input(float* out) const;

  // Runs the model one step on input() and clips its action for the envs (env_actions()).
  // `noise` [N, A] standard normal makes the sample reproducible from the caller's generator.
  PolicyStep act(ActorCritic& model, const RecurrentState& state, const torch::Tensor& noise,
                 bool deterministic = false);

  // Clips sampled actions [N, A] (any device) to the box; they become env_actions() and the
  // previous action of the next input. act() calls it.
  void clip_actions(const torch::Tensor& sampled);
  // The same for actions [N, A] on the host (a recording's actions, when learning from it).
  void clip_actions(const float* actions);
  const std::vector<float>& env_actions() const { return env_actions_; }

  // The outcome of the step the env_actions() took: raw rewards [N] are scaled (scaled
  // rewards(), the previous reward of the next input); rows whose episode `ended` [N]
  // (terminated or truncated) start a new one at the next input.
  void record_outcome(const float* raw_rewards, const uint8_t* ended);
  const std::vector<float>& rewards() const { return rewards_; }

  // The input V(final observation) sees for rows whose episode was cut by a time limit:
  // raw final observations [N, O] normalised without learning, with the action and reward of
  // the step that ended it. [N, I] on the device.
  torch::Tensor final_input(const float* raw_final_observations) const;

  // Statistics stay fixed (evaluation, acting from a checkpoint).
  void set_frozen(bool frozen);

  envs::RunningMeanStdState observation_statistics() const { return normalizer_.state(); }
  envs::RunningMeanStdState return_statistics() const { return scaler_.state(); }
  void set_statistics(const envs::RunningMeanStdState& observations,
                      const envs::RunningMeanStdState& returns);

 private:
  void build_input(const std::vector<float>& obs, const uint8_t* zero_rows, float* out) const;
  torch::Tensor to_device(const std::vector<float>& values, std::vector<int64_t> shape) const;

  int64_t rows_, obs_dim_, act_dim_;
  envs::Box action_space_;
  PolicyIoOptions options_;
  torch::Device device_;
  envs::ObservationNormalizer normalizer_;
  envs::RewardScaler scaler_;

  // The previous action and reward of the next input are env_actions_ and rewards_; rows
  // flagged in episode_starts_ read zeros instead.
  std::vector<float> obs_;               // [N, O] normalised
  std::vector<float> env_actions_;       // [N, A] the last actions, clipped
  std::vector<float> rewards_;           // [N] the last scaled rewards
  std::vector<uint8_t> episode_starts_;  // [N]
};

}  // namespace tlb::agents
