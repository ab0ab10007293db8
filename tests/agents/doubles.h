// Small test doubles for agents/ tests: a cheap deterministic env (envs::Env) and backbones
// of both kinds (memoryless, recurrent), plus factories that build them by name.
#pragma once

#include <torch/torch.h>

#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "agents/factories.h"

namespace tlb::agents::testing {

// A point mass pushed by the action toward a target: obs (position, velocity, target),
// reward -|position - target| - 0.01 |a|^2. Terminates when |position| > 3, truncates after
// `max_steps`. Reset draws position and target from the env's generator.
class PointEnv : public envs::Env {
 public:
  explicit PointEnv(int max_steps = 20) : max_steps_(max_steps) {
    obs_space_.low.assign(3, -INFINITY);
    obs_space_.high.assign(3, INFINITY);
    act_space_.low.assign(2, -1.0);
    act_space_.high.assign(2, 1.0);
  }
  std::string id() const override { return "Point-v0"; }
  const envs::Box& observation_space() const override { return obs_space_; }
  const envs::Box& action_space() const override { return act_space_; }
  envs::ResetResult reset(std::optional<uint64_t> seed) override {
    if (seed) rng_.seed(*seed);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    x_ = u(rng_);
    v_ = 0;
    target_ = u(rng_);
    t_ = 0;
    return {observation(), {}};
  }
  envs::StepResult step(const std::vector<double>& a) override {
    v_ = 0.8 * v_ + 0.2 * (a[0] - 0.5 * a[1]);
    x_ += v_;
    ++t_;
    envs::StepResult r;
    r.reward = -std::fabs(x_ - target_) - 0.01 * (a[0] * a[0] + a[1] * a[1]);
    r.terminated = std::fabs(x_) > 3.0;
    r.truncated = !r.terminated && t_ >= max_steps_;
    r.observation = observation();
    return r;
  }

 private:
  std::vector<double> observation() const { return {x_, v_, target_}; }
  envs::Box obs_space_, act_space_;
  std::mt19937_64 rng_{0};
  double x_ = 0, v_ = 0, target_ = 0;
  int t_ = 0, max_steps_;
};

// Memoryless: Linear + tanh.
class TinyMlpImpl : public BackboneImpl {
 public:
  TinyMlpImpl(int64_t in, int64_t width) : in_(in), width_(width) {
    l1_ = register_module("l1", torch::nn::Linear(in, width));
    l2_ = register_module("l2", torch::nn::Linear(width, width));
  }
  int64_t input_dim() const override { return in_; }
  int64_t output_dim() const override { return width_; }
  RecurrentState initial_state(int64_t) override { return {}; }
  SequenceOutput forward_sequence(const torch::Tensor& x, const RecurrentState&,
                                  const torch::Tensor&) override {
    return {torch::tanh(l2_(torch::tanh(l1_(x)))), {}};
  }
  StepOutput step(const torch::Tensor& x, const RecurrentState&, const torch::Tensor&) override {
    return {torch::tanh(l2_(torch::tanh(l1_(x)))), {}};
  }
  std::string kind() const override { return "mlp"; }

 private:
  int64_t in_, width_;
  torch::nn::Linear l1_{nullptr}, l2_{nullptr};
};

// Recurrent: a GRU cell whose state resets at episode starts, plus a step counter part
// (like the tlb's chunk phase) that the features depend on.
class TinyGruImpl : public BackboneImpl {
 public:
  TinyGruImpl(int64_t in, int64_t width) : in_(in), width_(width) {
    cell_ = register_module("cell", torch::nn::GRUCell(in, width));
  }
  int64_t input_dim() const override { return in_; }
  int64_t output_dim() const override { return width_; }
  RecurrentState initial_state(int64_t batch) override {
    auto device = cell_->weight_ih.device();
    return {{torch::zeros({batch, width_}, device), torch::zeros({batch}, device)}};
  }
  StepOutput step(const torch::Tensor& x, const RecurrentState& state,
                  const torch::Tensor& starts) override {
    auto s = state.where_reset(starts, initial_state(x.size(0)));
    auto h = cell_(x, s.parts[0]);
    auto phase = torch::fmod(s.parts[1] + 1, 4.0);
    return {h * (1.0 + 0.1 * phase.unsqueeze(1)), {{h, phase}}};
  }
  SequenceOutput forward_sequence(const torch::Tensor& x, const RecurrentState& start,
                                  const torch::Tensor& starts) override {
    std::vector<torch::Tensor> outs;
    RecurrentState s = start;
    for (int64_t t = 0; t < x.size(1); ++t) {
      auto o = step(x.select(1, t), s, starts.select(1, t));
      outs.push_back(o.features);
      s = o.next_state;
    }
    return {torch::stack(outs, 1), s};
  }
  std::string kind() const override { return "gru"; }

 private:
  int64_t in_, width_;
  torch::nn::GRUCell cell_{nullptr};
};

inline Backbone make_test_backbone(const std::string& kind, int64_t input_dim,
                                   const std::map<std::string, std::string>& options) {
  const int64_t width = options.count("width") ? std::stoll(options.at("width")) : 16;
  if (kind == "mlp")
    return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<TinyMlpImpl>(input_dim, width)));
  if (kind == "gru")
    return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<TinyGruImpl>(input_dim, width)));
  throw std::invalid_argument("test backbone: unknown kind '" + kind + "'");
}

inline Factories test_factories(int max_steps = 20) {
  return {[max_steps](const std::string&) { return std::make_unique<PointEnv>(max_steps); },
          make_test_backbone};
}

}  // namespace tlb::agents::testing
