#include "tlb/recurrent_backbone.h"

#include <torch/torch.h>

#include <stdexcept>

#include "tlb/input_checks.h"

namespace tlb {

RecurrentBackboneImpl::RecurrentBackboneImpl(const RecurrentOptions& options_) : options(options_) {
  const auto& o = options;
  if (o.input_dim() < 1 || o.hidden() < 1 || o.layers() < 1 || o.embed() < 0) {
    throw std::invalid_argument(
        kind() +
        ": expected input_dim, hidden, layers >= 1 and embed >= 0, found "
        "input_dim " +
        std::to_string(o.input_dim()) + ", hidden " + std::to_string(o.hidden()) + ", layers " +
        std::to_string(o.layers()) + ", embed " + std::to_string(o.embed()));
  }
  int64_t cell_in = o.input_dim();
  if (o.embed() > 0) {
    input_layer_ = register_module("input_layer", torch::nn::Linear(o.input_dim(), o.embed()));
    cell_in = o.embed();
  }
  if (is_lstm()) {
    lstm_ = register_module(
        "lstm",
        torch::nn::LSTM(
            torch::nn::LSTMOptions(cell_in, o.hidden()).num_layers(o.layers()).batch_first(true)));
  } else {
    gru_ = register_module(
        "gru",
        torch::nn::GRU(
            torch::nn::GRUOptions(cell_in, o.hidden()).num_layers(o.layers()).batch_first(true)));
  }
  if (o.carry_bias() != 0.0) init_carry_bias();
}

void RecurrentBackboneImpl::init_carry_bias() {
  // LibTorch stacks the gates' rows as (input, forget, cell, output) for the LSTM and (reset,
  // update, new) for the GRU: rows [H, 2H) are the carry gate in both. Its pre-activation
  // adds bias_ih and bias_hh.
  torch::NoGradGuard no_grad;
  const int64_t h = options.hidden();
  torch::nn::Module& cell =
      is_lstm() ? static_cast<torch::nn::Module&>(*lstm_) : static_cast<torch::nn::Module&>(*gru_);
  for (auto& item : cell.named_parameters()) {
    const bool ih = item.key().rfind("bias_ih", 0) == 0;
    const bool hh = item.key().rfind("bias_hh", 0) == 0;
    if (ih) item.value().narrow(0, h, h).fill_(options.carry_bias());
    if (hh) item.value().narrow(0, h, h).zero_();
  }
}

RecurrentState RecurrentBackboneImpl::initial_state(int64_t batch) {
  auto zeros =
      torch::zeros({batch, options.layers(), options.hidden()},
                   torch::TensorOptions().dtype(module_dtype(*this)).device(module_device(*this)));
  RecurrentState s;
  s.parts.push_back(zeros);
  if (is_lstm()) s.parts.push_back(zeros.clone());
  return s;
}

torch::Tensor RecurrentBackboneImpl::embed(const torch::Tensor& x) {
  return input_layer_ ? torch::tanh(input_layer_->forward(x)) : x;
}

SequenceOutput RecurrentBackboneImpl::run_cell(const torch::Tensor& x,
                                               const RecurrentState& state) {
  // torch's cells keep the state layer-first: [L, B, H].
  auto h0 = state.parts[0].transpose(0, 1).contiguous();
  SequenceOutput out;
  if (is_lstm()) {
    auto c0 = state.parts[1].transpose(0, 1).contiguous();
    auto [y, hc] = lstm_->forward(x, std::make_tuple(h0, c0));
    out.features = y;
    out.final_state.parts = {std::get<0>(hc).transpose(0, 1), std::get<1>(hc).transpose(0, 1)};
  } else {
    auto [y, h] = gru_->forward(x, h0);
    out.features = y;
    out.final_state.parts = {h.transpose(0, 1)};
  }
  return out;
}

SequenceOutput RecurrentBackboneImpl::forward_sequence(const torch::Tensor& inputs,
                                                       const RecurrentState& start,
                                                       const torch::Tensor& episode_starts) {
  const std::string where = kind() + ".forward_sequence";
  check_sequence_inputs(where, inputs, episode_starts, input_dim(), module_dtype(*this),
                        module_device(*this));
  const int64_t batch = inputs.size(0), steps = inputs.size(1);
  const auto initial = initial_state(batch);
  check_state_like(where, start, initial);
  if (steps == 0) {
    return {torch::zeros({batch, 0, output_dim()}, inputs.options()), start};
  }
  auto x = embed(inputs);  // [B, T, E or I]

  // Split the steps at every column where some row starts an episode: inside a segment no row
  // resets, so one call of the fused cell covers it; before each segment the rows that start
  // there are reset. Rollouts have few episode starts, so segments are long.
  auto any_start = episode_starts.any(0).to(torch::kCPU);  // [T]
  const auto* flags = any_start.data_ptr<bool>();
  std::vector<torch::Tensor> pieces;
  RecurrentState state = start;
  int64_t begin = 0;
  while (begin < steps) {
    int64_t end = begin + 1;
    while (end < steps && !flags[end]) ++end;
    if (flags[begin]) state = state.where_reset(episode_starts.select(1, begin), initial);
    auto out = run_cell(x.slice(1, begin, end), state);
    pieces.push_back(out.features);
    state = out.final_state;
    begin = end;
  }
  return {pieces.size() == 1 ? pieces.front() : torch::cat(pieces, 1), state};
}

StepOutput RecurrentBackboneImpl::step(const torch::Tensor& input, const RecurrentState& state,
                                       const torch::Tensor& episode_starts) {
  const std::string where = kind() + ".step";
  check_step_inputs(where, input, episode_starts, input_dim(), module_dtype(*this),
                    module_device(*this));
  const auto initial = initial_state(input.size(0));
  check_state_like(where, state, initial);
  auto out = run_cell(embed(input).unsqueeze(1), state.where_reset(episode_starts, initial));
  return {out.features.squeeze(1), out.final_state};
}

Backbone make_recurrent_backbone(RecurrentCell cell, int64_t input_dim,
                                 common::OptionReader& reader) {
  const RecurrentOptions o = read_recurrent_options(cell, input_dim, reader);
  reader.finish();
  return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<RecurrentBackboneImpl>(o)));
}

}  // namespace tlb
