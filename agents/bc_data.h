// What behaviour cloning learns from: trajectory files (ours, Minari's or D4RL's layout, one or
// several), checked against the env, split by episode into training and validation, with the
// observation statistics of the training split, and each episode turned into exactly the
// inputs the policy sees when it acts (agents/policy_io.h, frozen at those statistics) and the
// actions the env received.
//
// Batches come two ways, by backbone:
//   memoryless: transitions drawn at random from a bounded pool (the shuffle buffer) that
//     fills from episodes as they are read;
//   memory: B streams, each walking through whole episodes one after another, cut into
//     windows of W steps. A window's first step is either an episode's first step (flagged,
//     the state resets) or continues the stream's previous window, whose end state the
//     learner carries over. So a window sees the state exactly as acting would, and an
//     episode longer than W is learnt whole, window after window.
//
// Legend: B rows, W steps, I input width, A action width.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "agents/policy_io.h"
#include "envs/running_mean_std.h"
#include "replay/episode_source.h"
#include "replay/shuffled_episode_reader.h"

namespace tlb::agents {

// The opened files.
class BcFiles {
 public:
  // Opens every file; throws std::invalid_argument naming a file that cannot be opened.
  explicit BcFiles(const std::vector<std::string>& paths);

  // The env the files were recorded on (our task id, or Minari's env_spec id), or "" when
  // none says; throws std::invalid_argument when two files name different envs.
  std::string env_id() const;

  // Checks every file against the env's sizes and that it holds an episode, then reads every
  // episode once: any non-finite observation, action or reward is refused. Splits the
  // episodes (`validation_fraction` of them, at least one when > 0 and there are two or more)
  // with `seed`, and returns the training split's observation statistics. With `preload`, the
  // episodes read stay in memory and the files are not read again. Throws
  // std::invalid_argument with one line naming the file and what was expected and found.
  envs::RunningMeanStdState check_and_split(int64_t obs_dim, int64_t act_dim,
                                            double validation_fraction, uint64_t seed,
                                            bool preload = false);

  std::vector<const replay::EpisodeSource*> sources() const;
  const std::vector<replay::EpisodeRef>& train() const { return train_; }
  const std::vector<replay::EpisodeRef>& validation() const { return validation_; }
  int64_t train_steps() const { return train_steps_; }

 private:
  std::vector<std::unique_ptr<replay::EpisodeSource>> sources_;
  std::vector<replay::EpisodeRef> train_, validation_;
  int64_t train_steps_ = 0;
};

// One episode as the policy sees it: inputs [T, I], the actions taken [T, A] (clipped to the
// box, as the env applied them).
struct PreparedEpisode {
  int64_t steps = 0;
  std::vector<float> inputs;
  std::vector<float> actions;
};

// Runs `episode` through `io` (one row, frozen) as acting would.
PreparedEpisode prepare_episode(const replay::Episode& episode, PolicyIo& io);

// One batch on the host: inputs [B, W, I], actions [B, W, A], episode_starts [B, W] (0/1),
// mask [B, W] (1 where a step holds data).
struct BcBatch {
  int64_t rows = 0, steps = 0;
  std::vector<float> inputs, actions, mask;
  std::vector<uint8_t> episode_starts;
  int64_t valid_steps() const;
};

// Where prepared episodes come from; nullptr when the pass is over.
using EpisodeFeed = std::function<std::shared_ptr<const PreparedEpisode>()>;

// Memory backbones: B streams of windows of W steps.
class StreamBatcher {
 public:
  StreamBatcher(int64_t streams, int64_t window, int64_t input_dim, int64_t action_dim,
                EpisodeFeed feed);
  // The next batch, false when every stream has run dry (the pass is over).
  bool next(BcBatch& batch);

 private:
  struct Stream {
    std::shared_ptr<const PreparedEpisode> episode;
    int64_t position = 0;
    bool dry = false;
  };
  int64_t window_, input_dim_, action_dim_;
  EpisodeFeed feed_;
  std::vector<Stream> streams_;
};

// Memoryless backbones: B transitions at a time, drawn uniformly from a pool of at least
// `pool_steps` (while the pass lasts) without replacement.
class TransitionBatcher {
 public:
  TransitionBatcher(int64_t batch, int64_t pool_steps, int64_t input_dim, int64_t action_dim,
                    EpisodeFeed feed, uint64_t seed);
  bool next(BcBatch& batch);

 private:
  void fill();
  int64_t batch_, pool_steps_, input_dim_, action_dim_;
  EpisodeFeed feed_;
  bool exhausted_ = false;
  std::vector<float> inputs_, actions_;  // the pool, [P, I] and [P, A]
  std::mt19937_64 draw_;
};

}  // namespace tlb::agents
