#include "replay/shuffled_episode_reader.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace tlb::replay {

std::mutex& hdf5_lock() {
  static std::mutex lock;
  return lock;
}

ShuffledEpisodeReader::ShuffledEpisodeReader(std::vector<const EpisodeSource*> sources,
                                             std::vector<EpisodeRef> refs, size_t buffer_episodes,
                                             uint64_t seed)
    : sources_(std::move(sources)),
      refs_(std::move(refs)),
      capacity_(buffer_episodes),
      draw_(seed) {
  if (capacity_ == 0) {
    throw std::invalid_argument("ShuffledEpisodeReader: expected a buffer of at least 1 episode");
  }
  for (const EpisodeRef& ref : refs_) {
    if (ref.source >= sources_.size() || ref.index >= sources_[ref.source]->num_episodes()) {
      throw std::out_of_range("ShuffledEpisodeReader: no episode " + std::to_string(ref.index) +
                              " in source " + std::to_string(ref.source));
    }
  }
  std::shuffle(refs_.begin(), refs_.end(), draw_);
  thread_ = std::thread([this] { read_all(); });
}

ShuffledEpisodeReader::~ShuffledEpisodeReader() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ShuffledEpisodeReader::read_all() {
  try {
    for (const EpisodeRef& ref : refs_) {
      {
        std::unique_lock<std::mutex> guard(mutex_);
        changed_.wait(guard, [this] { return stop_ || buffer_.size() < capacity_; });
        if (stop_) return;
      }
      std::shared_ptr<const Episode> episode;
      {
        std::lock_guard<std::mutex> hdf5(hdf5_lock());
        episode = std::make_shared<const Episode>(sources_[ref.source]->read_steps(ref.index));
      }
      {
        std::lock_guard<std::mutex> guard(mutex_);
        buffer_.push_back(std::move(episode));
        ++read_;
      }
      changed_.notify_all();
    }
  } catch (...) {
    std::lock_guard<std::mutex> guard(mutex_);
    error_ = std::current_exception();
  }
  changed_.notify_all();
}

std::shared_ptr<const Episode> ShuffledEpisodeReader::next() {
  std::unique_lock<std::mutex> guard(mutex_);
  if (handed_out_ == refs_.size()) return nullptr;
  // Drawing only from a full buffer keeps the order independent of the reading thread's
  // timing: the same seed gives the same order, run after run.
  const size_t full = std::min(capacity_, refs_.size() - handed_out_);
  changed_.wait(guard, [this, full] { return buffer_.size() >= full || error_; });
  if (error_) std::rethrow_exception(error_);
  std::uniform_int_distribution<size_t> pick(0, buffer_.size() - 1);
  const size_t i = pick(draw_);
  std::shared_ptr<const Episode> episode = std::move(buffer_[i]);
  buffer_[i] = std::move(buffer_.back());
  buffer_.pop_back();
  ++handed_out_;
  guard.unlock();
  changed_.notify_all();
  return episode;
}

}  // namespace tlb::replay
