// Episodes of one or more trajectory files, read by a background thread into a bounded
// buffer and handed out in random order from it (a shuffle buffer): a dataset larger than
// memory is read once per pass, in chunks, while learning runs on what is buffered.
//
// The order is random twice over: the reading order is a permutation of all episodes, and
// each hand-out draws uniformly among the `buffer_episodes` next ones not yet handed out (the
// shuffle buffer). That hand-out order is planned from the seed when the reader is made, so
// it never depends on the reading thread's timing, and next() waits only until the one
// episode it hands out has been read: reading overlaps learning from the first episode on.
// With a buffer as large as the dataset the order is a full shuffle.
//
// It reads observations, actions, rewards and flags (EpisodeSource::read_steps), not the infos
// and simulator states.
//
// HDF5 (as Debian builds it) is not thread-safe: every read of every reader goes through one
// process-wide lock, so readers and other threads may use the same files safely.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "replay/episode.h"
#include "replay/episode_source.h"

namespace tlb::replay {

// Episode `index` of source `source` (positions, not ids).
struct EpisodeRef {
  size_t source = 0;
  size_t index = 0;
};

class ShuffledEpisodeReader {
 public:
  // Reads the episodes `refs` of `sources` (which must outlive the reader) in an order drawn
  // from `seed`, keeping at most `buffer_episodes` (>= 1) read but not yet handed out.
  ShuffledEpisodeReader(std::vector<const EpisodeSource*> sources, std::vector<EpisodeRef> refs,
                        size_t buffer_episodes, uint64_t seed);
  ~ShuffledEpisodeReader();  // stops the reading thread
  ShuffledEpisodeReader(const ShuffledEpisodeReader&) = delete;
  ShuffledEpisodeReader& operator=(const ShuffledEpisodeReader&) = delete;

  // The next episode, or nullptr once every one has been handed out. Blocks until that
  // episode has been read; rethrows an error the reading thread met (a file that became
  // unreadable).
  std::shared_ptr<const Episode> next();

 private:
  void read_all();

  std::vector<const EpisodeSource*> sources_;
  std::vector<EpisodeRef> refs_;        // in reading order
  std::vector<size_t> hand_out_order_;  // positions in refs_, in the order next() hands out
  size_t capacity_;

  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::shared_ptr<const Episode>> read_episodes_;  // by position; null once handed
  size_t read_ = 0, handed_out_ = 0;
  bool stop_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

// The lock every HDF5 read in a multi-threaded program goes through.
std::mutex& hdf5_lock();

}  // namespace tlb::replay
