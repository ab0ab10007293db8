// A fixed set of worker threads running parallel-for loops. The calling thread works too, so a
// pool of size 1 has no worker threads and runs everything inline.
//
// parallel_for(n, fn) hands out the indices of [0, n) one at a time to whichever thread is
// free, and returns when every index has run. Which thread runs an index depends on timing,
// so fn(i) must touch only the state of item i: then results never depend on timing. Handing
// out one index at a time, rather than one fixed block per thread, keeps both threads busy
// when items cost unequal time (MuJoCo envs do: contacts, resets), at one atomic increment
// per index.
#pragma once

#include <atomic>
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
  void worker_loop();
  // Runs indices of the current job until none is left, recording the first exception.
  void run_indices();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  uint64_t generation_ = 0;  // incremented per job; workers wait for a new one
  bool stopping_ = false;
  int pending_ = 0;  // workers that have not yet finished the current job
  int n_ = 0;
  std::atomic<int> next_{0};  // the next index of the current job to hand out
  const std::function<void(int)>* fn_ = nullptr;
  std::exception_ptr error_;
};

}  // namespace tlb::envs
