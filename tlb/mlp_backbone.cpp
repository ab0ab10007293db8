#include "tlb/mlp_backbone.h"

#include <torch/torch.h>

#include <stdexcept>

#include "tlb/input_checks.h"

namespace tlb {
namespace {

torch::nn::AnyModule make_activation(MlpActivation activation) {
  switch (activation) {
    case MlpActivation::kRelu:
      return torch::nn::AnyModule(torch::nn::ReLU());
    case MlpActivation::kGelu:
      return torch::nn::AnyModule(torch::nn::GELU());
    case MlpActivation::kTanh:
      break;
  }
  return torch::nn::AnyModule(torch::nn::Tanh());
}

}  // namespace

MlpBackboneImpl::MlpBackboneImpl(const MlpOptions& options_) : options(options_) {
  const auto& o = options;
  if (o.input_dim() < 1 || o.frames() < 1 || o.layers() < 1 || o.width() < 1) {
    throw std::invalid_argument(
        "mlp: expected input_dim, frames, layers and width >= 1, found input_dim " +
        std::to_string(o.input_dim()) + ", frames " + std::to_string(o.frames()) + ", layers " +
        std::to_string(o.layers()) + ", width " + std::to_string(o.width()));
  }
  net_ = torch::nn::Sequential();
  int64_t in = o.input_dim() * o.frames();
  for (int64_t i = 0; i < o.layers(); ++i) {
    net_->push_back(torch::nn::Linear(in, o.width()));
    net_->push_back(make_activation(o.activation()));
    in = o.width();
  }
  register_module("net", net_);
}

RecurrentState MlpBackboneImpl::initial_state(int64_t batch) {
  RecurrentState s;
  if (options.frames() > 1) {
    s.parts.push_back(torch::zeros(
        {batch, options.frames() - 1, options.input_dim()},
        torch::TensorOptions().dtype(module_dtype(*this)).device(module_device(*this))));
  }
  return s;
}

SequenceOutput MlpBackboneImpl::forward_sequence(const torch::Tensor& inputs,
                                                 const RecurrentState& start,
                                                 const torch::Tensor& episode_starts) {
  check_sequence_inputs("mlp.forward_sequence", inputs, episode_starts, input_dim(),
                        module_dtype(*this), module_device(*this));
  const int64_t batch = inputs.size(0), steps = inputs.size(1), k = options.frames();
  check_state_like("mlp.forward_sequence", start, initial_state(batch));
  if (k == 1) return {net_->forward(inputs), {}};

  // Episode index of each step: frames of another episode are zeroed. The k-1 stored frames
  // belong to episode 0 (the one running at the start).
  auto episode = episode_starts.to(torch::kLong).cumsum(1);  // [B, T]
  auto frame_episode =
      torch::cat({torch::zeros({batch, k - 1}, episode.options()), episode}, 1);  // [B, T+k-1]
  auto history = torch::cat({start.parts[0], inputs}, 1);                         // [B, T+k-1, I]
  auto windows = history.unfold(1, k, 1).permute({0, 1, 3, 2});                   // [B, T, k, I]
  auto same = frame_episode.unfold(1, k, 1) == episode.unsqueeze(2);              // [B, T, k]
  auto stacks = windows * same.unsqueeze(3).to(inputs.dtype());                   // [B, T, k, I]
  auto features = net_->forward(stacks.reshape({batch, steps, k * input_dim()}));
  RecurrentState final_state;
  if (steps > 0) {
    final_state.parts.push_back(stacks.select(1, steps - 1).slice(1, 1, k));  // [B, k-1, I]
  } else {
    final_state.parts.push_back(start.parts[0]);
  }
  return {features, final_state};
}

StepOutput MlpBackboneImpl::step(const torch::Tensor& input, const RecurrentState& state,
                                 const torch::Tensor& episode_starts) {
  check_step_inputs("mlp.step", input, episode_starts, input_dim(), module_dtype(*this),
                    module_device(*this));
  const int64_t batch = input.size(0), k = options.frames();
  auto initial = initial_state(batch);
  check_state_like("mlp.step", state, initial);
  if (k == 1) return {net_->forward(input), {}};
  auto previous = state.where_reset(episode_starts, initial).parts[0];  // [B, k-1, I]
  auto stack = torch::cat({previous, input.unsqueeze(1)}, 1);           // [B, k, I]
  RecurrentState next;
  next.parts.push_back(stack.slice(1, 1, k));
  return {net_->forward(stack.reshape({batch, k * input_dim()})), next};
}

Backbone make_mlp_backbone(int64_t input_dim, common::OptionReader& reader) {
  const MlpOptions o = read_mlp_options(input_dim, reader);
  reader.finish();
  return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<MlpBackboneImpl>(o)));
}

}  // namespace tlb
