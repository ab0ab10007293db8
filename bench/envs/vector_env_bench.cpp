// Env steps per second of VectorEnv (HalfCheetah-v5, random actions, N envs) against raw
// mj_step on the same model and frame skip, in the same run, with 1 and 2 threads. Prints
// JSON. Each configuration is timed `repeats` times, interleaved, and the best time is kept,
// which damps noise from other processes on a shared machine. Besides wall time, the
// single-threaded runs are also timed in process CPU time, which preemption by other
// processes does not inflate: on a busy machine that ratio is the fairer overhead figure.
//
// What two threads can give at best is measured too: two threads that each step their own N
// raw envs at once, with no hand-off at all. A lone thread may run faster than each of two
// busy ones (boost clocks, a VM host's load), so that ceiling can be well under 2x; the
// VectorEnv's own cost with two threads is its ratio to that ceiling.
//
//   vector_env_bench [--envs N] [--steps S] [--repeats R]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "envs/model_loader.h"
#include "envs/registry.h"
#include "envs/vector_env.h"

namespace {

using Clock = std::chrono::steady_clock;

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + 1e-9 * now.tv_nsec;
}

// Wall and CPU seconds of one timed run.
struct Timing {
  double wall = 1e30;
  double cpu = 1e30;
  void keep_best(const Timing& other) {
    wall = std::min(wall, other.wall);
    cpu = std::min(cpu, other.cpu);
  }
};

constexpr int kActionSets = 64;  // distinct random action batches, cycled

struct BenchOptions {
  int envs = 8;      // N
  int steps = 1000;  // env steps per env per timed run
  int repeats = 3;   // timed runs per configuration; the best is reported
};

// Raw MuJoCo: N mjData of one model, ctrl = action, frame_skip x mj_step per env step.
Timing time_raw(const mjModel* m, int frame_skip, const BenchOptions& opts,
                const std::vector<float>& actions) {
  std::vector<tlb::envs::DataPtr> data;
  for (int i = 0; i < opts.envs; ++i) {
    data.emplace_back(mj_makeData(m));
    // One untimed step first touches the new mjData's memory, as the VectorEnv's already is,
    // so first-touch page faults are not timed.
    mj_step(m, data.back().get());
    mj_resetData(m, data.back().get());
  }
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  for (int t = 0; t < opts.steps; ++t) {
    const float* batch = &actions[static_cast<size_t>(t % kActionSets) * opts.envs * m->nu];
    for (int i = 0; i < opts.envs; ++i) {
      mjData* d = data[i].get();
      for (int k = 0; k < m->nu; ++k) d->ctrl[k] = batch[i * m->nu + k];
      for (int s = 0; s < frame_skip; ++s) mj_step(m, d);
    }
  }
  return {std::chrono::duration<double>(Clock::now() - start).count(), cpu_seconds() - cpu_start};
}

// Two threads, each running time_raw on its own N envs at once (sharing the read-only model,
// as MuJoCo allows): twice the env steps of time_raw in the stepping time of the slower
// thread, returned per N envs x steps. CPU time is not measured here.
Timing time_raw_two_independent(const mjModel* m, int frame_skip, const BenchOptions& opts,
                                const std::vector<float>& actions) {
  Timing second;
  std::thread other([&] { second = time_raw(m, frame_skip, opts, actions); });
  const Timing first = time_raw(m, frame_skip, opts, actions);
  other.join();
  return {std::max(first.wall, second.wall) / 2.0, 1e30};
}

Timing time_vector(tlb::envs::VectorEnv& vec, const BenchOptions& opts,
                   const std::vector<float>& actions) {
  vec.reset(0);
  const size_t batch_size = static_cast<size_t>(opts.envs) * vec.action_size();
  const auto start = Clock::now();
  const double cpu_start = cpu_seconds();
  for (int t = 0; t < opts.steps; ++t) vec.step(&actions[(t % kActionSets) * batch_size]);
  return {std::chrono::duration<double>(Clock::now() - start).count(), cpu_seconds() - cpu_start};
}

tlb::envs::VectorEnv make_vector(int n, int threads) {
  std::vector<std::unique_ptr<tlb::envs::Env>> envs;
  for (int i = 0; i < n; ++i) envs.push_back(tlb::envs::make_env("HalfCheetah-v5"));
  return tlb::envs::VectorEnv(std::move(envs), threads);
}

}  // namespace

int main(int argc, char** argv) {
  BenchOptions opts;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (flag == "--envs") {
      opts.envs = value;
    } else if (flag == "--steps") {
      opts.steps = value;
    } else if (flag == "--repeats") {
      opts.repeats = value;
    } else {
      std::fprintf(stderr, "unknown flag %s (expected --envs, --steps, --repeats)\n", argv[i]);
      return 2;
    }
  }
  if (opts.envs < 1 || opts.steps < 1 || opts.repeats < 1) {
    std::fprintf(stderr, "--envs, --steps and --repeats must be positive\n");
    return 2;
  }
  try {
    auto one = make_vector(opts.envs, 1);
    auto two = make_vector(opts.envs, 2);
    const tlb::envs::MujocoEnv* task = one.env(0).mujoco();
    const mjModel* m = task->model();
    const int frame_skip = task->frame_skip();

    std::mt19937_64 rng(0);
    std::uniform_real_distribution<float> unit(-1.0f, 1.0f);
    std::vector<float> actions(static_cast<size_t>(kActionSets) * opts.envs * m->nu);
    for (float& a : actions) a = unit(rng);

    Timing raw, raw2, vec1, vec2;
    for (int r = 0; r < opts.repeats; ++r) {
      raw.keep_best(time_raw(m, frame_skip, opts, actions));
      raw2.keep_best(time_raw_two_independent(m, frame_skip, opts, actions));
      vec1.keep_best(time_vector(one, opts, actions));
      vec2.keep_best(time_vector(two, opts, actions));
    }
    const double total = static_cast<double>(opts.envs) * opts.steps;
    std::printf(
        "{\"task\": \"HalfCheetah-v5\", \"num_envs\": %d, \"steps_per_env\": %d, "
        "\"frame_skip\": %d, \"repeats\": %d, \"hardware_threads\": %u,\n"
        " \"raw_mj_step_env_steps_per_s\": %.0f,\n"
        " \"vector_env_1_thread_env_steps_per_s\": %.0f,\n"
        " \"raw_mj_step_2_independent_threads_env_steps_per_s\": %.0f,\n"
        " \"vector_env_2_threads_env_steps_per_s\": %.0f,\n"
        " \"overhead_1_thread_vs_raw\": %.4f,\n"
        " \"overhead_1_thread_vs_raw_cpu_time\": %.4f,\n"
        " \"speedup_2_threads_vs_raw\": %.3f,\n"
        " \"speedup_2_threads_vs_1_thread\": %.3f,\n"
        " \"ceiling_2_independent_threads_vs_raw\": %.3f,\n"
        " \"vector_env_2_threads_vs_ceiling\": %.3f}\n",
        opts.envs, opts.steps, frame_skip, opts.repeats, std::thread::hardware_concurrency(),
        total / raw.wall, total / vec1.wall, total / raw2.wall, total / vec2.wall,
        vec1.wall / raw.wall - 1.0, vec1.cpu / raw.cpu - 1.0, raw.wall / vec2.wall,
        vec1.wall / vec2.wall, raw.wall / raw2.wall, raw2.wall / vec2.wall);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "vector_env_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
