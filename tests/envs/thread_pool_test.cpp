// Tests envs/thread_pool.cpp: every index runs once, exceptions propagate, reuse works, and a
// slow index does not hold back the others.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include "envs/thread_pool.h"

TEST_CASE("ThreadPool runs every index exactly once, job after job", "[envs]") {
  for (int threads : {1, 2, 3}) {
    tlb::envs::ThreadPool pool(threads);
    CHECK(pool.size() == threads);
    for (int n : {0, 1, 2, 7, 100}) {
      std::vector<std::atomic<int>> counts(n);
      pool.parallel_for(n, [&](int i) { counts[i]++; });
      for (int i = 0; i < n; ++i) CHECK(counts[i] == 1);
    }
  }
  CHECK(tlb::envs::ThreadPool(0).size() >= 1);
}

TEST_CASE("ThreadPool rethrows an exception from a worker", "[envs]") {
  tlb::envs::ThreadPool pool(2);
  REQUIRE_THROWS_WITH(pool.parallel_for(4,
                                        [](int i) {
                                          if (i == 3) throw std::runtime_error("index 3 failed");
                                        }),
                      "index 3 failed");
  std::atomic<int> sum{0};
  pool.parallel_for(4, [&](int i) { sum += i; });
  CHECK(sum == 6);
}

TEST_CASE("ThreadPool hands out indices to whichever thread is free", "[envs]") {
  // Index 0 waits until index 1 has run. With one fixed block per thread, the thread holding
  // index 0 would also hold index 1 and wait forever (here: until the timeout); handing out
  // one index at a time, the other thread runs index 1 meanwhile.
  tlb::envs::ThreadPool pool(2);
  std::mutex mutex;
  std::condition_variable ran;
  bool one_ran = false;
  bool zero_saw_one = false;
  pool.parallel_for(4, [&](int i) {
    std::unique_lock<std::mutex> lock(mutex);
    if (i == 0) {
      zero_saw_one = ran.wait_for(lock, std::chrono::seconds(20), [&] { return one_ran; });
    } else if (i == 1) {
      one_ran = true;
      ran.notify_all();
    }
  });
  CHECK(zero_saw_one);
}

TEST_CASE("ThreadPool hands off jobs whether its workers spin or sleep", "[envs]") {
  // Back-to-back jobs meet spinning workers; the pauses outlast the spin, so the next job
  // must wake sleeping ones. A lost wake-up would hang here; a torn hand-off would miscount.
  tlb::envs::ThreadPool pool(3);
  std::vector<int> counts(6, 0);
  for (int job = 0; job < 3000; ++job) {
    if (job % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    pool.parallel_for(6, [&](int i) { counts[i] += 1; });
  }
  for (int c : counts) CHECK(c == 3000);
}
