#include "tlb/temporal_latent_bottleneck.h"

#include <torch/torch.h>

#include <cmath>
#include <string>

#include "common/option_reader.h"
#include "tlb/chunk_schedule.h"
#include "tlb/input_checks.h"

namespace tlb {
namespace {

constexpr int64_t kLatents = 0, kPosition = 1, kChunkOutputs = 2, kFirstCache = 3;
// Scale of the learned embeddings at init. Learned latents start small too: unit-scale I_0
// swamps what the slow updates write into the residual stream, and a recall task across
// five chunks then learns several times slower (measured with bench/tlb/tlb_reference.py).
constexpr double kEmbeddingInitStd = 0.02;

// Fixed slot embedding [N, D]: slot n, pairs (sin, cos) at frequencies 10000^(-2i/D).
torch::Tensor sinusoidal_slots(int64_t n, int64_t d) {
  auto slot = torch::arange(n, torch::kFloat).unsqueeze(1);      // [N, 1]
  auto i = torch::arange(0, d, 2, torch::kFloat);                // [ceil(D/2)]
  auto angle = slot * torch::exp(i * (-std::log(10000.0) / d));  // [N, ceil(D/2)]
  auto out = torch::zeros({n, d});
  out.index_put_({torch::indexing::Slice(), torch::indexing::Slice(0, d, 2)}, torch::sin(angle));
  auto cos = torch::cos(angle).slice(1, 0, d / 2);
  out.index_put_({torch::indexing::Slice(), torch::indexing::Slice(1, d, 2)}, cos);
  return out;
}

// True when every row starts at chunk position 0 and no episode starts off the chunk grid
// (steps 0, K, 2K, ... only): forward_aligned then computes what the rounds compute.
bool chunk_aligned(const torch::Tensor& positions, const torch::Tensor& episode_starts,
                   int64_t chunk) {
  if (positions.ne(0).any().item<bool>()) return false;
  auto off_grid = episode_starts.to(torch::kCPU, torch::kBool).clone();  // [B, T]
  off_grid.slice(1, 0, off_grid.size(1), chunk).fill_(false);
  return !off_grid.any().item<bool>();
}

}  // namespace

TlbBackboneImpl::TlbBackboneImpl(const TlbOptions& options_) : options(options_) {
  const int64_t d = options.width(), k = options.chunk(), n = options.latents();
  TORCH_CHECK(options.input_dim() > 0, "tlb: input_dim expected >= 1, found ", options.input_dim());
  TORCH_CHECK(d > 0 && options.heads() > 0 && d % options.heads() == 0,
              "tlb: width expected a positive multiple of heads (", options.heads(), "), found ",
              d);
  TORCH_CHECK(k > 0, "tlb: chunk expected >= 1, found ", k);
  TORCH_CHECK(n > 0, "tlb: latents expected >= 1, found ", n);
  TORCH_CHECK(options.self_layers() >= 0, "tlb: self_layers expected >= 0, found ",
              options.self_layers());
  TORCH_CHECK(options.groups() > 0, "tlb: groups expected >= 1, found ", options.groups());
  TORCH_CHECK(options.mlp_width() >= 0, "tlb: mlp_width expected >= 0, found ",
              options.mlp_width());
  TORCH_CHECK(options.dropout() >= 0 && options.dropout() < 1,
              "tlb: dropout expected in [0, 1), found ", options.dropout());
  const int64_t m = options.mlp_width() > 0 ? options.mlp_width() : 4 * d;
  const double p = options.dropout();

  embed = register_module("embed", torch::nn::Linear(options.input_dim(), d));
  position = register_parameter("position", torch::randn({k, d}) * kEmbeddingInitStd);
  if (options.initial_latents() == InitialLatents::kLearned) {
    initial_latents =
        register_parameter("initial_latents", torch::randn({n, d}) * kEmbeddingInitStd);
  } else {
    initial_latents = register_buffer("initial_latents", sinusoidal_slots(n, d));
  }
  self_blocks = register_module("self_blocks", torch::nn::ModuleList());
  cross_blocks = register_module("cross_blocks", torch::nn::ModuleList());
  for (int64_t g = 0; g < options.groups(); ++g) {
    for (int64_t r = 0; r < options.self_layers(); ++r) {
      self_list_.push_back(ChunkSelfBlock(d, options.heads(), m, p));
      self_blocks->push_back(self_list_.back());
    }
    cross_list_.push_back(CrossBlock(d, options.heads(), m, p, /*gated=*/false));
    cross_blocks->push_back(cross_list_.back());
  }
  slow_update = register_module(
      "slow_update",
      CrossBlock(d, options.heads(), m, p, options.slow_update() == SlowUpdate::kGated));
  ln_out = register_module("ln_out", torch::nn::LayerNorm(torch::nn::LayerNormOptions({d})));
}

RecurrentState TlbBackboneImpl::initial_state(int64_t batch) {
  const int64_t d = options.width(), k = options.chunk();
  const auto like = torch::TensorOptions().dtype(position.dtype()).device(position.device());
  RecurrentState s;
  s.parts.push_back(initial_latents.unsqueeze(0).expand({batch, -1, -1}).contiguous());
  s.parts.push_back(torch::zeros({batch}, like.dtype(torch::kLong)));
  for (size_t j = 0; j < 1 + 2 * self_list_.size(); ++j) {
    s.parts.push_back(torch::zeros({batch, k, d}, like));
  }
  return s;
}

void TlbBackboneImpl::check_state(const std::string& where, const RecurrentState& state,
                                  int64_t batch) {
  torch::NoGradGuard no_grad;
  check_state_like(where, state, initial_state(batch));
}

torch::Tensor TlbBackboneImpl::fast_stream(const torch::Tensor& x, const RecurrentState& state,
                                           const torch::Tensor& take_new, const torch::Tensor& mask,
                                           std::vector<torch::Tensor>& full_kv) {
  const auto& latents = state.parts[kLatents];
  full_kv.assign(2 * self_list_.size(), torch::Tensor());
  auto h = x;
  size_t j = 0;
  for (int64_t g = 0; g < options.groups(); ++g) {
    for (int64_t r = 0; r < options.self_layers(); ++r, ++j) {
      h = self_list_[j]->forward(h, state.parts[kFirstCache + 2 * j],
                                 state.parts[kFirstCache + 2 * j + 1], take_new, mask,
                                 full_kv[2 * j], full_kv[2 * j + 1]);
    }
    h = cross_list_[g]->forward(h, latents);
  }
  return h;
}

RecurrentState TlbBackboneImpl::finish_round(const RecurrentState& state,
                                             const torch::Tensor& chunk_outputs,
                                             const std::vector<torch::Tensor>& full_kv,
                                             const torch::Tensor& p_end) {
  const int64_t k = options.chunk();
  auto slots = torch::arange(k, p_end.options());  // [K]
  auto done = p_end.eq(k);                         // [B]
  // [B, K, 1]: slots still holding this chunk's tokens; a completed chunk keeps none.
  auto keep =
      slots.unsqueeze(0).lt(p_end.unsqueeze(1)).logical_and(done.logical_not().unsqueeze(1));
  keep = keep.unsqueeze(-1);
  auto zero = torch::zeros({}, chunk_outputs.options());
  RecurrentState next;
  auto latents = state.parts[kLatents];
  auto rows = done.nonzero().squeeze(1);  // rows whose chunk just completed
  if (rows.numel() > 0) {
    auto updated =
        slow_update->forward(latents.index_select(0, rows), chunk_outputs.index_select(0, rows));
    latents = latents.index_copy(0, rows, updated);
  }
  next.parts.push_back(latents);
  next.parts.push_back(torch::where(done, torch::zeros_like(p_end), p_end));
  next.parts.push_back(torch::where(keep, chunk_outputs, zero));
  for (const auto& t : full_kv) next.parts.push_back(torch::where(keep, t, zero));
  return next;
}

StepOutput TlbBackboneImpl::step(const torch::Tensor& input, const RecurrentState& state,
                                 const torch::Tensor& episode_starts) {
  check_step_inputs("tlb.step", input, episode_starts, options.input_dim(), position.scalar_type(),
                    position.device());
  const int64_t batch = input.size(0);
  check_state("tlb.step", state, batch);
  auto s = state.where_reset(episode_starts, initial_state(batch));
  const auto& p = s.parts[kPosition];                                           // [B]
  auto slots = torch::arange(options.chunk(), p.options());                     // [K]
  auto take_new = slots.unsqueeze(0).eq(p.unsqueeze(1)).unsqueeze(-1);          // [B, K, 1]
  auto mask = slots.unsqueeze(0).le(p.unsqueeze(1)).unsqueeze(1);               // [B, 1, K]
  auto x = (embed->forward(input) + position.index_select(0, p)).unsqueeze(1);  // [B, 1, D]
  std::vector<torch::Tensor> full_kv;
  auto h = fast_stream(x, s, take_new, mask, full_kv);                     // [B, 1, D]
  auto chunk_outputs = torch::where(take_new, h, s.parts[kChunkOutputs]);  // [B, K, D]
  return {ln_out->forward(h.squeeze(1)), finish_round(s, chunk_outputs, full_kv, p + 1)};
}

SequenceOutput TlbBackboneImpl::forward_sequence(const torch::Tensor& inputs,
                                                 const RecurrentState& start,
                                                 const torch::Tensor& episode_starts) {
  check_sequence_inputs("tlb.forward_sequence", inputs, episode_starts, options.input_dim(),
                        position.scalar_type(), position.device());
  const int64_t batch = inputs.size(0), steps = inputs.size(1);
  const int64_t k = options.chunk(), d = options.width();
  check_state("tlb.forward_sequence", start, batch);
  if (steps == 0) return {inputs.new_zeros({batch, 0, d}), start};

  if (chunk_aligned(start.parts[kPosition], episode_starts, k)) {
    return forward_aligned(embed->forward(inputs), start, episode_starts);
  }
  const auto plan = make_chunk_schedule(start.parts[kPosition], episode_starts, k);
  const auto device = position.device();
  const auto resets = plan.reset.to(device), t0s = plan.t0.to(device);
  const auto p0s = plan.p0.to(device), lens = plan.len.to(device);
  const auto init = initial_state(batch);
  auto slots = torch::arange(k, torch::TensorOptions().dtype(torch::kLong).device(device));
  auto causal =
      torch::ones({k, k}, torch::TensorOptions().dtype(torch::kBool).device(device)).tril();
  auto tokens = embed->forward(inputs);  // [B, T, D]

  // Every round's K-slot frame of tokens in one gather, [R, B, K, D]: gathering per round
  // would cost a [B, T, D] scatter per round in the backward pass (quadratic in T). Each
  // slot reads step t0 + slot - p0; slots outside the segment read a clamped (unused) step.
  auto index = (t0s.unsqueeze(2) + slots - p0s.unsqueeze(2)).clamp(0, steps - 1);  // [R, B, K]
  index = index.permute({1, 0, 2}).reshape({batch, plan.rounds * k, 1});           // [B, R K, 1]
  const auto xs = tokens.gather(1, index.expand({batch, plan.rounds * k, d}))
                      .view({batch, plan.rounds, k, d})
                      .unbind(1);  // R x [B, K, D]
  RecurrentState s = start;
  std::vector<torch::Tensor> frames;  // per round [B, K, D]
  std::vector<torch::Tensor> full_kv;
  const auto any_reset = plan.reset.any(/*dim=*/1);
  const auto any = any_reset.accessor<bool, 1>();
  for (int64_t r = 0; r < plan.rounds; ++r) {
    if (any[r]) s = s.where_reset(resets[r], init);
    const auto p0 = p0s[r];  // [B]
    auto x = xs[r] + position;
    auto take_new = slots.unsqueeze(0).ge(p0.unsqueeze(1)).unsqueeze(-1);  // [B, K, 1]
    auto h = fast_stream(x, s, take_new, causal, full_kv);                 // [B, K, D]
    auto chunk_outputs = torch::where(take_new, h, s.parts[kChunkOutputs]);
    frames.push_back(h);
    s = finish_round(s, chunk_outputs, full_kv, p0 + lens[r]);
  }
  auto stacked = torch::stack(frames).view({plan.rounds * batch * k, d});  // [R * B * K, D]
  auto features = stacked.index_select(0, plan.flat_index.to(device).view(-1));
  return {ln_out->forward(features.view({batch, steps, d})), s};
}

SequenceOutput TlbBackboneImpl::forward_aligned(const torch::Tensor& tokens,
                                                const RecurrentState& start,
                                                const torch::Tensor& episode_starts) {
  const int64_t batch = tokens.size(0), steps = tokens.size(1);
  const int64_t k = options.chunk(), d = options.width(), layers = options.self_layers();
  const int64_t chunks = (steps + k - 1) / k, tail = steps - (chunks - 1) * k;  // 1 <= tail <= K
  const auto device = tokens.device();
  auto causal =
      torch::ones({k, k}, torch::TensorOptions().dtype(torch::kBool).device(device)).tril();
  // [B * C, K, D]; a partial last chunk is padded with zeros that no real token sees.
  auto x =
      chunks * k == steps ? tokens : torch::constant_pad_nd(tokens, {0, 0, 0, chunks * k - steps});
  auto h = x.view({batch, chunks, k, d}) + position;
  h = h.view({batch * chunks, k, d});
  std::vector<torch::Tensor> kv(2 * self_list_.size());  // last chunk's keys/values per layer
  for (int64_t r = 0; r < layers; ++r) {
    h = self_list_[r]->forward_fresh(h, causal, kv[2 * r], kv[2 * r + 1]);
    kv[2 * r] = kv[2 * r].view({batch, chunks, k, d}).select(1, chunks - 1);
    kv[2 * r + 1] = kv[2 * r + 1].view({batch, chunks, k, d}).select(1, chunks - 1);
  }
  // One view per chunk by unbind: select per chunk would cost a [B, C, K, D] zero-filled
  // gradient per chunk in the backward pass (quadratic in T).
  const auto h_chunks = h.view({batch, chunks, k, d}).unbind(1);
  // Group 0's cross-attention queries depend on the chunk's tokens only, not on the
  // latents: project them for every chunk at once.
  const auto queries = cross_list_[0]->project_queries(h).view({batch, chunks, k, d}).unbind(1);
  // [C, B] on CPU: rows whose episode starts with chunk c reset their latents before it.
  const auto chunk_starts =
      episode_starts.to(torch::kCPU, torch::kBool).slice(1, 0, steps, k).t().contiguous();
  const auto any_reset = chunk_starts.any(/*dim=*/1);
  const auto any = any_reset.accessor<bool, 1>();
  const auto resets = chunk_starts.to(device).view({chunks, batch, 1, 1});
  auto latents = start.parts[kLatents];
  std::vector<torch::Tensor> frames;  // per chunk [B, K, D]
  for (int64_t c = 0; c < chunks; ++c) {
    if (any[c]) latents = torch::where(resets[c], initial_latents, latents);
    auto hc = h_chunks[c];
    int64_t j = layers;
    for (int64_t g = 0; g < options.groups(); ++g) {
      for (int64_t r = 0; g > 0 && r < layers; ++r, ++j) {
        hc = self_list_[j]->forward_fresh(hc, causal, kv[2 * j], kv[2 * j + 1]);
      }
      hc = g == 0 ? cross_list_[0]->forward_projected(hc, queries[c], latents)
                  : cross_list_[g]->forward(hc, latents);
    }
    frames.push_back(hc);
    if (c + 1 < chunks || tail == k) latents = slow_update->forward(latents, hc);
  }
  // The end state: a completed last chunk leaves empty caches, a partial one its tail slots.
  const int64_t p_end = tail % k;
  auto keep = torch::arange(k, torch::TensorOptions().dtype(torch::kLong).device(device))
                  .lt(p_end)
                  .view({1, k, 1});
  auto zero = torch::zeros({}, tokens.options());
  RecurrentState s;
  s.parts.push_back(latents);
  s.parts.push_back(
      torch::full({batch}, p_end, torch::TensorOptions().dtype(torch::kLong).device(device)));
  s.parts.push_back(torch::where(keep, frames.back(), zero));
  for (const auto& t : kv) s.parts.push_back(torch::where(keep, t, zero));
  auto features = torch::stack(frames, 1).view({batch, chunks * k, d}).slice(1, 0, steps);
  return {ln_out->forward(features), s};
}

Backbone make_tlb_backbone(int64_t input_dim, common::OptionReader& reader) {
  const TlbOptions o = read_tlb_options(input_dim, reader);
  reader.finish();
  return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<TlbBackboneImpl>(o)));
}

}  // namespace tlb
