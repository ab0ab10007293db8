#include "agents/bc_data.h"

#include "replay/memory_episode_source.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <stdexcept>

namespace tlb::agents {
namespace {

// The "id" of a Minari env_spec JSON object, or "".
std::string env_spec_id(const std::string& json) {
  const auto key = json.find("\"id\"");
  if (key == std::string::npos) return "";
  const auto open = json.find('"', json.find(':', key) + 1);
  if (open == std::string::npos) return "";
  const auto close = json.find('"', open + 1);
  return close == std::string::npos ? "" : json.substr(open + 1, close - open - 1);
}

}  // namespace

BcFiles::BcFiles(const std::vector<std::string>& paths) {
  if (paths.empty()) {
    throw std::invalid_argument("--data: expected at least one trajectory file, found none");
  }
  for (const auto& path : paths) {
    try {
      std::lock_guard<std::mutex> hdf5(replay::hdf5_lock());
      sources_.push_back(replay::open_episode_source(path));
    } catch (const std::exception& e) {
      throw std::invalid_argument("--data " + path + ": " + e.what());
    }
  }
}

std::string BcFiles::env_id() const {
  std::string id, from;
  for (const auto& source : sources_) {
    const auto& m = source->metadata();
    const std::string named = !m.task.empty() ? m.task : env_spec_id(m.env_spec);
    if (named.empty()) continue;
    if (!id.empty() && named != id) {
      throw std::invalid_argument("--data: the files were recorded on different envs: " + from +
                                  " on '" + id + "', " + source->path() + " on '" + named +
                                  "' (give one env's files, or --env)");
    }
    id = named;
    from = source->path();
  }
  return id;
}

envs::RunningMeanStdState BcFiles::check_and_split(int64_t obs_dim, int64_t act_dim,
                                                   double validation_fraction, uint64_t seed,
                                                   bool preload) {
  std::vector<replay::EpisodeRef> all;
  for (size_t s = 0; s < sources_.size(); ++s) {
    const auto& source = *sources_[s];
    if (source.num_episodes() == 0) {
      throw std::invalid_argument("--data " + source.path() +
                                  ": expected at least one episode, found none");
    }
    for (size_t i = 0; i < source.num_episodes(); ++i) all.push_back({s, i});
  }
  std::mt19937_64 rng(seed);
  std::shuffle(all.begin(), all.end(), rng);
  size_t held_out = static_cast<size_t>(std::floor(validation_fraction * all.size()));
  if (validation_fraction > 0 && held_out == 0 && all.size() >= 2) held_out = 1;
  validation_.assign(all.begin(), all.begin() + held_out);
  train_.assign(all.begin() + held_out, all.end());
  std::sort(train_.begin(), train_.end(), [](const auto& a, const auto& b) {
    return a.source != b.source ? a.source < b.source : a.index < b.index;
  });

  // One pass over every episode, in file order: sizes, finiteness, training statistics.
  envs::RunningMeanStd stats(static_cast<size_t>(obs_dim));
  train_steps_ = 0;
  size_t next_train = 0;
  for (size_t s = 0; s < sources_.size(); ++s) {
    const auto& source = *sources_[s];
    std::vector<replay::Episode> kept;
    for (size_t i = 0; i < source.num_episodes(); ++i) {
      replay::Episode e;
      {
        std::lock_guard<std::mutex> hdf5(replay::hdf5_lock());
        e = source.read_steps(i);
      }
      const std::string where = "--data " + source.path() + ", episode " + std::to_string(i);
      if (static_cast<int64_t>(e.observations.cols) != obs_dim ||
          static_cast<int64_t>(e.actions.cols) != act_dim) {
        throw std::invalid_argument(
            where + ": expected observations of " + std::to_string(obs_dim) + " and actions of " +
            std::to_string(act_dim) + " entries (the env's), found " +
            std::to_string(e.observations.cols) + " and " + std::to_string(e.actions.cols));
      }
      if (e.steps() == 0) {
        throw std::invalid_argument(where + ": expected at least one step, found none");
      }
      if (const std::string bad = e.first_non_finite(); !bad.empty()) {
        throw std::invalid_argument(where +
                                    ": expected finite observations, actions and rewards, "
                                    "found " +
                                    bad);
      }
      const bool training = next_train < train_.size() && train_[next_train].source == s &&
                            train_[next_train].index == i;
      if (training) {
        ++next_train;
        train_steps_ += static_cast<int64_t>(e.steps());
        stats.update(e.observations.values.data(), e.steps());  // the rows the policy acts on
      }
      if (preload) kept.push_back(std::move(e));
    }
    if (preload) {
      sources_[s] = std::make_unique<replay::MemoryEpisodeSource>(
          source.path(), source.layout(), source.metadata(), std::move(kept));
    }
  }
  return stats.state();
}

std::vector<const replay::EpisodeSource*> BcFiles::sources() const {
  std::vector<const replay::EpisodeSource*> out;
  for (const auto& s : sources_) out.push_back(s.get());
  return out;
}

PreparedEpisode prepare_episode(const replay::Episode& episode, PolicyIo& io) {
  const int64_t steps = static_cast<int64_t>(episode.steps());
  const int64_t obs_dim = io.observation_dim(), act_dim = io.action_dim(), in_dim = io.input_dim();
  PreparedEpisode p;
  p.steps = steps;
  p.inputs.resize(steps * in_dim);
  p.actions.resize(steps * act_dim);
  std::vector<float> obs(obs_dim), action(act_dim);
  io.start_episodes();
  for (int64_t t = 0; t < steps; ++t) {
    const double* o = episode.observations.row(t);
    std::copy(o, o + obs_dim, obs.begin());
    io.observe(obs.data());
    io.write_input(&p.inputs[t * in_dim]);
    const double* a = episode.actions.row(t);
    std::copy(a, a + act_dim, action.begin());
    io.clip_actions(action.data());
    std::copy(io.env_actions().begin(), io.env_actions().end(), &p.actions[t * act_dim]);
    const float reward = static_cast<float>(episode.rewards[t]);
    const uint8_t ended = t + 1 == steps;
    io.record_outcome(&reward, &ended);
  }
  return p;
}

int64_t BcBatch::valid_steps() const {
  int64_t n = 0;
  for (float m : mask) n += m > 0;
  return n;
}

StreamBatcher::StreamBatcher(int64_t streams, int64_t window, int64_t input_dim, int64_t action_dim,
                             EpisodeFeed feed)
    : window_(window),
      input_dim_(input_dim),
      action_dim_(action_dim),
      feed_(std::move(feed)),
      streams_(streams) {}

bool StreamBatcher::next(BcBatch& b) {
  const int64_t rows = static_cast<int64_t>(streams_.size()), w = window_;
  b.rows = rows;
  b.steps = w;
  b.inputs.assign(rows * w * input_dim_, 0.0f);
  b.actions.assign(rows * w * action_dim_, 0.0f);
  b.mask.assign(rows * w, 0.0f);
  // Dry steps (a stream past the pass's last episode) are masked out and carry no flag: a
  // reset at every step would cut the TLB's chunks into single steps for nothing.
  b.episode_starts.assign(rows * w, 0);
  bool any = false;
  for (int64_t r = 0; r < rows; ++r) {
    Stream& s = streams_[r];
    for (int64_t t = 0; t < w && !s.dry; ++t) {
      bool start = false;
      if (!s.episode || s.position == s.episode->steps) {
        s.episode = feed_();
        s.position = 0;
        if (!s.episode) {
          s.dry = true;
          break;
        }
        start = true;
      }
      const int64_t k = r * w + t, p = s.position++;
      std::copy_n(&s.episode->inputs[p * input_dim_], input_dim_, &b.inputs[k * input_dim_]);
      std::copy_n(&s.episode->actions[p * action_dim_], action_dim_, &b.actions[k * action_dim_]);
      b.mask[k] = 1.0f;
      b.episode_starts[k] = start;
      any = true;
    }
  }
  return any;
}

TransitionBatcher::TransitionBatcher(int64_t batch, int64_t pool_steps, int64_t input_dim,
                                     int64_t action_dim, EpisodeFeed feed, uint64_t seed)
    : batch_(batch),
      pool_steps_(std::max(pool_steps, batch)),
      input_dim_(input_dim),
      action_dim_(action_dim),
      feed_(std::move(feed)),
      draw_(seed) {}

void TransitionBatcher::fill() {
  while (!exhausted_ && static_cast<int64_t>(actions_.size()) / action_dim_ < pool_steps_) {
    auto episode = feed_();
    if (!episode) {
      exhausted_ = true;
      break;
    }
    inputs_.insert(inputs_.end(), episode->inputs.begin(), episode->inputs.end());
    actions_.insert(actions_.end(), episode->actions.begin(), episode->actions.end());
  }
}

bool TransitionBatcher::next(BcBatch& b) {
  fill();
  int64_t pool = static_cast<int64_t>(actions_.size()) / action_dim_;
  if (pool == 0) return false;
  const int64_t rows = std::min(batch_, pool);
  b.rows = rows;
  b.steps = 1;
  b.inputs.resize(rows * input_dim_);
  b.actions.resize(rows * action_dim_);
  b.mask.assign(rows, 1.0f);
  b.episode_starts.assign(rows, 1);
  for (int64_t r = 0; r < rows; ++r, --pool) {
    // Swap-remove a uniformly drawn transition.
    const int64_t i = std::uniform_int_distribution<int64_t>(0, pool - 1)(draw_);
    std::copy_n(&inputs_[i * input_dim_], input_dim_, &b.inputs[r * input_dim_]);
    std::copy_n(&actions_[i * action_dim_], action_dim_, &b.actions[r * action_dim_]);
    std::copy_n(&inputs_[(pool - 1) * input_dim_], input_dim_, &inputs_[i * input_dim_]);
    std::copy_n(&actions_[(pool - 1) * action_dim_], action_dim_, &actions_[i * action_dim_]);
  }
  inputs_.resize(pool * input_dim_);
  actions_.resize(pool * action_dim_);
  return true;
}

}  // namespace tlb::agents
