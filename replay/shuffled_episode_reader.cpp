#include "replay/shuffled_episode_reader.h"

#include <algorithm>
#include <random>
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
    : sources_(std::move(sources)), refs_(std::move(refs)), capacity_(buffer_episodes) {
  if (capacity_ == 0) {
    throw std::invalid_argument("ShuffledEpisodeReader: expected a buffer of at least 1 episode");
  }
  for (const EpisodeRef& ref : refs_) {
    if (ref.source >= sources_.size() || ref.index >= sources_[ref.source]->num_episodes()) {
      throw std::out_of_range("ShuffledEpisodeReader: no episode " + std::to_string(ref.index) +
                              " in source " + std::to_string(ref.source));
    }
  }
  std::mt19937_64 draw(seed);
  std::shuffle(refs_.begin(), refs_.end(), draw);
  // The shuffle buffer, played out on positions: hold the next `capacity_` positions, hand out
  // a uniformly drawn one (swap-remove), let the next position in.
  std::vector<size_t> buffer;
  size_t next_in = 0;
  while (next_in < refs_.size() && buffer.size() < capacity_) buffer.push_back(next_in++);
  while (!buffer.empty()) {
    const size_t i = std::uniform_int_distribution<size_t>(0, buffer.size() - 1)(draw);
    hand_out_order_.push_back(buffer[i]);
    buffer[i] = buffer.back();
    buffer.pop_back();
    if (next_in < refs_.size()) buffer.push_back(next_in++);
  }
  read_episodes_.resize(refs_.size());
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
    for (size_t position = 0; position < refs_.size(); ++position) {
      {
        // Position p is handed out at the latest by hand-out p (every earlier position has
        // been, or is in the buffer): never more than the buffer's worth ahead.
        std::unique_lock<std::mutex> guard(mutex_);
        changed_.wait(guard, [&] { return stop_ || position < handed_out_ + capacity_; });
        if (stop_) return;
      }
      const EpisodeRef& ref = refs_[position];
      std::shared_ptr<const Episode> episode;
      {
        std::lock_guard<std::mutex> hdf5(hdf5_lock());
        episode = std::make_shared<const Episode>(sources_[ref.source]->read_steps(ref.index));
      }
      {
        std::lock_guard<std::mutex> guard(mutex_);
        read_episodes_[position] = std::move(episode);
        read_ = position + 1;
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
  const size_t position = hand_out_order_[handed_out_];
  changed_.wait(guard, [&] { return read_ > position || error_; });
  if (read_ <= position) std::rethrow_exception(error_);
  std::shared_ptr<const Episode> episode = std::move(read_episodes_[position]);
  ++handed_out_;
  guard.unlock();
  changed_.notify_all();
  return episode;
}

}  // namespace tlb::replay
