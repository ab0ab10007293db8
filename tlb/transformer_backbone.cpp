#include "tlb/transformer_backbone.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "tlb/input_checks.h"
#include "tlb/transformer_block.h"

namespace tlb {
namespace {

// Queries per attention block: at most 256, which for long windows skips most keys no query
// of the block can see yet (the causal upper triangle), and fewer when the batch is large,
// so one block's scores [B, h, Q, S] stay near kScoreBudget floats: blocks that outgrow the
// CPU's caches made every pass over the scores (mask, softmax, their backward) memory-bound,
// measured 4-7x slower per token at B = 4, T = 4096 than at B = 1.
constexpr int64_t kQueryBlock = 256;
constexpr int64_t kMinQueryBlock = 16;
constexpr int64_t kScoreBudget = int64_t{1} << 22;  // 4M floats, 16 MB

// [B, T] int64 step indices inside the episode -> [B, T, D] sinusoidal codes
// (Vaswani et al. 2017: sin on even features, cos on odd, wavelengths up to 10000 * 2 pi).
torch::Tensor sinusoid(const torch::Tensor& positions, int64_t width, torch::Dtype dtype) {
  auto options = torch::TensorOptions().dtype(dtype).device(positions.device());
  auto i = torch::arange(0, width, 2, options);
  auto frequency = torch::exp(i * (-std::log(10000.0) / static_cast<double>(width)));  // [D/2]
  auto angle = positions.to(dtype).unsqueeze(-1) * frequency;                   // [B, T, D/2]
  return torch::stack({torch::sin(angle), torch::cos(angle)}, -1).flatten(-2);  // [B, T, D]
}

}  // namespace

TransformerBackboneImpl::TransformerBackboneImpl(const TransformerOptions& options_)
    : options(options_) {
  const auto& o = options;
  if (o.input_dim() < 1 || o.width() < 1 || o.heads() < 1 || o.layers() < 1 || o.mlp_width() < 1 ||
      o.window() < 0 || o.width() % o.heads() != 0 ||
      (o.positional() == TransformerPositional::kSinusoidal && o.width() % 2 != 0)) {
    throw std::invalid_argument(
        "transformer: expected input_dim, width, heads, layers, mlp_width >= 1, window >= 0, "
        "heads dividing width (and an even width for sinusoidal), found input_dim " +
        std::to_string(o.input_dim()) + ", width " + std::to_string(o.width()) + ", heads " +
        std::to_string(o.heads()) + ", layers " + std::to_string(o.layers()) + ", mlp_width " +
        std::to_string(o.mlp_width()) + ", window " + std::to_string(o.window()));
  }
  if (o.dropout() < 0 || o.dropout() >= 1) {
    throw std::invalid_argument("transformer.dropout: expected a value in [0, 1), found " +
                                std::to_string(o.dropout()));
  }
  embed_ = register_module("embed", torch::nn::Linear(o.input_dim(), o.width()));
  TransformerBlockConfig config;
  config.width = o.width();
  config.heads = o.heads();
  config.mlp_width = o.mlp_width();
  config.dropout = o.dropout();
  config.gating = o.gating();
  config.gate_bias = o.gate_bias();
  if (o.positional() == TransformerPositional::kRelative)
    config.offset_table = o.window() > 0 ? o.window() : kUnlimitedOffsets;
  blocks_ = torch::nn::ModuleList();
  for (int64_t l = 0; l < o.layers(); ++l) blocks_->push_back(TransformerBlock(config));
  register_module("blocks", blocks_);
  final_norm_ =
      register_module("final_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({o.width()})));
}

RecurrentState TransformerBackboneImpl::initial_state(int64_t batch) {
  const auto device = module_device(*this);
  const int64_t cached = options.window() > 0 ? options.window() - 1 : 0;
  RecurrentState s;
  s.parts.push_back(
      torch::zeros({batch}, torch::TensorOptions().dtype(torch::kLong).device(device)));
  auto zeros = torch::zeros({batch, cached, options.width()},
                            torch::TensorOptions().dtype(module_dtype(*this)).device(device));
  for (int64_t i = 0; i < 2 * options.layers(); ++i) s.parts.push_back(zeros.clone());
  return s;
}

SequenceOutput TransformerBackboneImpl::run(const torch::Tensor& inputs,
                                            const RecurrentState& start,
                                            const torch::Tensor& episode_starts) {
  const int64_t batch = inputs.size(0), steps = inputs.size(1);
  const int64_t window = options.window();
  const int64_t cached = start.parts[1].size(1);  // C
  if (steps == 0) return {torch::zeros({batch, 0, output_dim()}, inputs.options()), start};
  const auto long_options = torch::TensorOptions().dtype(torch::kLong).device(inputs.device());
  const auto& count = start.parts[0];  // [B] steps of the running episode before step 0

  // Episode of each step (0: the one running at the start) and its index inside it.
  auto episode = episode_starts.to(torch::kLong).cumsum(1);  // [B, T]
  auto t = torch::arange(steps, long_options);               // [T]
  auto last_start =
      std::get<0>(torch::where(episode_starts, t, torch::full_like(t, -1)).cummax(1));  // [B, T]
  auto position = torch::where(episode == 0, count.unsqueeze(1) + t, t - last_start);   // [B, T]

  // Keys on the concatenated axis [cache, new steps]: cache entry j is of the running
  // episode when it is at most `count` steps back.
  auto j = torch::arange(cached, long_options);
  auto key_episode = torch::cat({torch::zeros({batch, cached}, long_options), episode}, 1);
  auto key_valid = torch::cat({(cached - j).unsqueeze(0) <= count.unsqueeze(1),
                               torch::ones({batch, steps}, long_options.dtype(torch::kBool))},
                              1);  // [B, C+T]

  // Cache entries no row can see (older than every row's running episode) are left out of
  // the key axis: at an episode's start a window of W = T would otherwise double the keys.
  const int64_t first_key =
      cached > 0 ? std::max<int64_t>(0, cached - count.max().item<int64_t>()) : 0;
  const auto blocked = torch::full({}, -std::numeric_limits<float>::infinity(), inputs.options());
  AttentionPlan plan;
  const int64_t table = options.positional() == TransformerPositional::kRelative
                            ? (window > 0 ? window : kUnlimitedOffsets)
                            : 0;
  const int64_t key_span = window > 0 ? std::min(window, cached + steps) : cached + steps;
  const int64_t budget_queries =
      kScoreBudget / std::max<int64_t>(1, batch * options.heads() * key_span);
  int64_t block = std::clamp(budget_queries, kMinQueryBlock, kQueryBlock);
  if (window > 0) block = std::min(window, block);
  for (int64_t t0 = 0; t0 < steps; t0 += block) {
    QueryBlock b;
    b.t0 = t0;
    b.t1 = std::min(steps, t0 + block);
    b.lo = std::max(first_key, window > 0 ? cached + t0 - (window - 1) : 0);
    b.hi = cached + b.t1;
    auto query_at = torch::arange(cached + b.t0, cached + b.t1, long_options);  // [Q]
    auto key_at = torch::arange(b.lo, b.hi, long_options);                      // [S]
    auto offset = query_at.unsqueeze(1) - key_at.unsqueeze(0);                  // [Q, S]
    auto in_reach = offset >= 0;
    if (window > 0) in_reach = in_reach & (offset <= window - 1);
    auto same_episode = key_episode.slice(1, b.lo, b.hi).unsqueeze(1) ==
                        episode.slice(1, b.t0, b.t1).unsqueeze(2);  // [B, Q, S]
    auto allowed = same_episode & key_valid.slice(1, b.lo, b.hi).unsqueeze(1) & in_reach;
    b.mask = torch::where(allowed, torch::zeros({}, inputs.options()), blocked).unsqueeze(1);
    if (table > 0) {
      // Diagonal d = s - q of the block (entry d mod L) has offset (cached + t0 - lo) - d.
      const int64_t q = b.t1 - b.t0, s = b.hi - b.lo, l = q + s;
      auto entry = torch::arange(l, long_options);
      auto d = torch::where(entry < s, entry, entry - l);
      b.diagonals = ((cached + b.t0 - b.lo) - d).clamp(0, table - 1);
    }
    plan.blocks.push_back(std::move(b));
  }

  auto x = embed_->forward(inputs);  // [B, T, D]
  if (options.positional() == TransformerPositional::kSinusoidal)
    x = x + sinusoid(position, output_dim(), x.scalar_type());

  // State after the last step: the episode count and, per layer, the last keys/values with
  // entries from before the episode start zeroed (they are masked anyway; zeros keep the
  // state independent of other episodes).
  auto final_count = position.select(1, steps - 1) + 1;  // [B]
  const int64_t total = cached + steps;
  const int64_t keep =
      window > 0 ? window - 1 : std::min<int64_t>(total, final_count.max().item<int64_t>());
  auto kept = torch::arange(keep, long_options);
  auto kept_valid = ((keep - kept).unsqueeze(0) <= final_count.unsqueeze(1))
                        .unsqueeze(2)
                        .to(x.scalar_type());  // [B, keep, 1]
  RecurrentState final_state;
  final_state.parts.push_back(final_count);
  for (size_t l = 0; l < blocks_->size(); ++l) {
    const auto& past_keys = start.parts[1 + 2 * l];
    const auto& past_values = start.parts[2 + 2 * l];
    auto out = blocks_[l]->as<TransformerBlock>()->forward(x, past_keys, past_values, plan);
    x = out.x;
    final_state.parts.push_back(torch::cat({past_keys, out.keys}, 1).slice(1, total - keep) *
                                kept_valid);
    final_state.parts.push_back(torch::cat({past_values, out.values}, 1).slice(1, total - keep) *
                                kept_valid);
  }
  return {final_norm_->forward(x), final_state};
}

SequenceOutput TransformerBackboneImpl::forward_sequence(const torch::Tensor& inputs,
                                                         const RecurrentState& start,
                                                         const torch::Tensor& episode_starts) {
  const std::string where = "transformer.forward_sequence";
  check_sequence_inputs(where, inputs, episode_starts, input_dim(), module_dtype(*this),
                        module_device(*this));
  check_state_like(where, start, initial_state(inputs.size(0)), options.window() > 0 ? -1 : 1);
  return run(inputs, start, episode_starts);
}

StepOutput TransformerBackboneImpl::step(const torch::Tensor& input, const RecurrentState& state,
                                         const torch::Tensor& episode_starts) {
  const std::string where = "transformer.step";
  check_step_inputs(where, input, episode_starts, input_dim(), module_dtype(*this),
                    module_device(*this));
  check_state_like(where, state, initial_state(input.size(0)), options.window() > 0 ? -1 : 1);
  // One step is a sequence of one: the cache holds the last C steps, so its cost does not
  // grow with the episode (for W > 0). The episode start masks the whole cache.
  auto out = run(input.unsqueeze(1), state, episode_starts.unsqueeze(1));
  return {out.features.squeeze(1), out.final_state};
}

Backbone make_transformer_backbone(int64_t input_dim, common::OptionReader& reader) {
  const TransformerOptions o = read_transformer_options(input_dim, reader);
  reader.finish();
  return Backbone(std::shared_ptr<BackboneImpl>(std::make_shared<TransformerBackboneImpl>(o)));
}

}  // namespace tlb
