#include "envs/thread_pool.h"

#include <algorithm>
#include <chrono>

namespace tlb::envs {
namespace {

// Busy-polls for up to kPauseSpin (longer than one env step of the tasks here, so
// back-to-back steps never sleep), then polls with sched_yield up to kYieldSpin, which lets
// other runnable threads have the core when the machine is oversubscribed, then gives up.
constexpr auto kPauseSpin = std::chrono::microseconds(30);
constexpr auto kYieldSpin = std::chrono::microseconds(200);

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Polls `ready` for a short while; true as soon as it holds, false when the caller should
// block instead.
template <typename Ready>
bool spin_until(Ready ready) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  while (true) {
    for (int i = 0; i < 64; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    const auto waited = Clock::now() - start;
    if (waited > kYieldSpin) return false;
    if (waited > kPauseSpin) std::this_thread::yield();
  }
}

}  // namespace

ThreadPool::ThreadPool(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int block = 1; block < threads; ++block) {
    workers_.emplace_back([this, block] { worker_loop(block); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_.store(true, std::memory_order_release);
  }
  start_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

void ThreadPool::run_block(int block) {
  const int blocks = size();
  const int begin = static_cast<int>(static_cast<int64_t>(n_) * block / blocks);
  const int end = static_cast<int>(static_cast<int64_t>(n_) * (block + 1) / blocks);
  try {
    for (int i = begin; i < end; ++i) (*fn_)(i);
  } catch (...) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
}

void ThreadPool::worker_loop(int block) {
  uint64_t seen = 0;
  const auto has_job = [&] {
    return stopping_.load(std::memory_order_acquire) ||
           generation_.load(std::memory_order_acquire) != seen;
  };
  while (true) {
    if (!spin_until(has_job)) {
      std::unique_lock<std::mutex> lock(mutex_);
      start_.wait(lock, has_job);
    }
    if (stopping_.load(std::memory_order_acquire)) return;
    seen = generation_.load(std::memory_order_acquire);
    run_block(block);
    if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
      // Taking the lock orders this notify after the caller's predicate check, so a caller
      // that has just decided to sleep cannot miss it.
      std::lock_guard<std::mutex> lock(mutex_);
      done_.notify_one();
    }
  }
}

void ThreadPool::parallel_for(int n, const std::function<void(int)>& fn) {
  if (workers_.empty()) {
    for (int i = 0; i < n; ++i) fn(i);
    return;
  }
  n_ = n;
  fn_ = &fn;
  error_ = nullptr;
  pending_.store(static_cast<int>(workers_.size()), std::memory_order_relaxed);
  {
    // Publishing under the lock pairs with the workers' predicate check before they sleep.
    std::lock_guard<std::mutex> lock(mutex_);
    generation_.fetch_add(1, std::memory_order_release);
  }
  start_.notify_all();
  run_block(0);
  const auto all_done = [&] { return pending_.load(std::memory_order_acquire) == 0; };
  if (!spin_until(all_done)) {
    std::unique_lock<std::mutex> lock(mutex_);
    done_.wait(lock, all_done);
  }
  std::exception_ptr error;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    error = error_;
    fn_ = nullptr;
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace tlb::envs
