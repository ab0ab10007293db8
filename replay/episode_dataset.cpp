#include "replay/episode_dataset.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

namespace tlb::replay {

EpisodeDataset::EpisodeDataset(std::unique_ptr<EpisodeSource> source, EpisodeDatasetOptions options)
    : source_(std::move(source)), options_(options) {
  if (options_.window_length == 0) throw std::invalid_argument("window_length must be > 0, got 0");
  if (!(options_.validation_fraction >= 0.0 && options_.validation_fraction < 1.0)) {
    throw std::invalid_argument("validation_fraction must be in [0, 1), got " +
                                std::to_string(options_.validation_fraction));
  }
  if (options_.cache_episodes == 0)
    throw std::invalid_argument("cache_episodes must be > 0, got 0");
  const size_t n = source_->num_episodes();
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  std::mt19937_64 rng(options_.seed);
  std::shuffle(order.begin(), order.end(), rng);
  size_t held_out = static_cast<size_t>(std::round(options_.validation_fraction * n));
  if (options_.validation_fraction > 0 && held_out == 0 && n >= 2) held_out = 1;
  validation_.assign(order.begin(), order.begin() + held_out);
  train_.assign(order.begin() + held_out, order.end());
  std::sort(validation_.begin(), validation_.end());
  std::sort(train_.begin(), train_.end());
}

const std::vector<size_t>& EpisodeDataset::episodes(Split split) const {
  return split == Split::kTrain ? train_ : validation_;
}

std::vector<WindowRef> EpisodeDataset::windows(Split split, uint64_t epoch) const {
  std::vector<WindowRef> refs;
  const size_t w = options_.window_length;
  for (size_t e : episodes(split)) {
    const size_t steps = source_->episode_steps(e);
    for (size_t start = 0; start < steps; start += w) {
      refs.push_back({e, start, std::min(w, steps - start)});
    }
  }
  // A different stream per epoch, all fixed by the seed.
  std::seed_seq seq{options_.seed, epoch, static_cast<uint64_t>(split)};
  std::mt19937_64 rng(seq);
  std::shuffle(refs.begin(), refs.end(), rng);
  return refs;
}

const Episode& EpisodeDataset::episode(size_t index) {
  for (auto it = cache_.begin(); it != cache_.end(); ++it) {
    if (it->first == index) {
      cache_.splice(cache_.begin(), cache_, it);
      return *cache_.front().second;
    }
  }
  cache_.emplace_front(index, std::make_shared<const Episode>(source_->read_episode(index)));
  if (cache_.size() > options_.cache_episodes) cache_.pop_back();
  return *cache_.front().second;
}

Window EpisodeDataset::read(const WindowRef& ref) {
  const Episode& e = episode(ref.episode);
  if (ref.length == 0 || ref.start + ref.length > e.steps()) {
    throw std::out_of_range("window [" + std::to_string(ref.start) + ", " +
                            std::to_string(ref.start + ref.length) + ") outside episode " +
                            std::to_string(ref.episode) + " of " + std::to_string(e.steps()) +
                            " steps (" + source_->path() + ")");
  }
  Window w;
  w.ref = ref;
  const size_t l = ref.length;
  const size_t obs = e.observations.cols, act = e.actions.cols;
  w.observations.rows = l + 1;
  w.observations.cols = obs;
  w.observations.values.assign(e.observations.row(ref.start),
                               e.observations.row(ref.start + l + 1));
  w.actions.rows = l;
  w.actions.cols = act;
  w.actions.values.assign(e.actions.row(ref.start), e.actions.row(ref.start + l));
  const auto first = static_cast<std::ptrdiff_t>(ref.start);
  const auto last = static_cast<std::ptrdiff_t>(ref.start + l);
  w.rewards.assign(e.rewards.begin() + first, e.rewards.begin() + last);
  w.terminations.assign(e.terminations.begin() + first, e.terminations.begin() + last);
  w.truncations.assign(e.truncations.begin() + first, e.truncations.begin() + last);
  double to_go = 0;
  for (size_t t = e.steps(); t-- > ref.start + l;) to_go += e.rewards[t];
  w.returns_to_go.resize(l);
  for (size_t i = l; i-- > 0;) {
    to_go += w.rewards[i];
    w.returns_to_go[i] = to_go;
  }
  return w;
}

}  // namespace tlb::replay
