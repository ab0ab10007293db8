// A fixed set of worker threads running parallel-for loops. The calling thread works too, so a
// pool of size 1 has no worker threads and runs everything inline.
//
// parallel_for(n, fn) splits [0, n) into size() contiguous blocks, one per thread, and
// returns when every index has run; the split depends only on n and size(), and each fn(i)
// must touch only the state of item i, so results never depend on timing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tlb::envs {

class ThreadPool {
 public:
  // `threads` <= 0: one per hardware thread.
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Calls fn(i) once for every i in [0, n); rethrows the first exception any call threw.
  void parallel_for(int n, const std::function<void(int)>& fn);

 private:
  void worker_loop(int block);
  // Runs block `block` of the current job, recording the first exception.
  void run_block(int block);

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  uint64_t generation_ = 0;  // incremented per job; workers wait for a new one
  bool stopping_ = false;
  int pending_ = 0;  // worker blocks of the current job not yet finished
  int n_ = 0;
  const std::function<void(int)>* fn_ = nullptr;
  std::exception_ptr error_;
};

}  // namespace tlb::envs
