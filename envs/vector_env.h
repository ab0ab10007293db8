// N envs stepped together on a thread pool, writing contiguous float32 buffers for the agent.
// Shapes: N = num_envs(), O = observation_size(), A = action_size().
//
// Auto-reset (same step, as in SB3's VecEnv and EnvPool): when env i's episode ends at a step
// (terminated or truncated), that step
//   - writes the episode's last observation to final_observations() row i,
//   - resets env i at once (no seed: the env's own generator continues, so every later
//     episode is determined by the seed given to reset(seed)),
//   - writes the FIRST observation of the new episode to observations() row i,
//   - keeps reward, terminated, truncated and info(i) of the step that ended the episode.
// So observations() is always what the policy acts on next, and a truncated episode is
// bootstrapped from final_observations(). Rows whose flags are both 0 leave final_observations()
// untouched (stale).
//
// Capture (opt-in, set_capture(true); off it costs nothing): recorders that need what each env
// really saw keep, per env, the float64 action, step result and simulator state of the last
// step taken BEFORE any auto-reset (the final observation and state of an ended episode), and
// the first observation, info and state of the episode a reset started. tlb train --record
// writes its trajectory file from it.
//
// Results are bit-identical for any thread count: env i only ever touches row i and its own
// generator, and the finished-episode list is collected in env order after the threads join.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "envs/env.h"
#include "envs/mujoco_env.h"
#include "envs/thread_pool.h"

namespace tlb::envs {

// An episode that ended during the last step.
struct FinishedEpisode {
  int env_index;
  double episode_return;  // undiscounted sum of the raw rewards
  int64_t length;         // steps
};

// The start of an episode, as reset returned it.
struct EpisodeStart {
  std::optional<uint64_t> seed;     // the reset seed (none for an auto-reset)
  std::vector<double> observation;  // (O) float64, as the env returned it
  Info info;
  StateSnapshot state;  // simulator state after the reset (empty without MuJoCo)
};

// What one env went through in the last reset() or step(), kept when capture is on.
struct EnvCapture {
  bool stepped = false;        // step() ran (false right after reset())
  std::vector<double> action;  // (A) float64, what the env received
  StepResult step;             // observation: the last one of the episode when it ended
  StateSnapshot state;         // simulator state after the step, before any auto-reset
  bool started = false;        // a new episode started (reset(), or an auto-reset)
  EpisodeStart start;          // valid when started
};

class VectorEnv {
 public:
  // All envs must share observation and action sizes. `threads` <= 0: all cores.
  VectorEnv(std::vector<std::unique_ptr<Env>> envs, int threads);

  int num_envs() const { return static_cast<int>(envs_.size()); }
  int observation_size() const { return observation_size_; }
  int action_size() const { return action_size_; }
  const Box& single_observation_space() const { return envs_[0]->observation_space(); }
  const Box& single_action_space() const { return envs_[0]->action_space(); }
  int threads() const { return pool_.size(); }

  // Resets env i with seed + i; fills observations().
  void reset(uint64_t seed);
  // Steps every env with its row of `actions` (N x A, row-major), auto-resetting ended
  // episodes. Rethrows an env's exception (a non-finite action names the task).
  void step(const float* actions);

  const float* observations() const { return observations_.data(); }              // (N, O)
  const float* final_observations() const { return final_observations_.data(); }  // (N, O)
  const float* rewards() const { return rewards_.data(); }                        // (N)
  const uint8_t* terminated() const { return terminated_.data(); }                // (N)
  const uint8_t* truncated() const { return truncated_.data(); }                  // (N)
  // Info of env i's last step (before any auto-reset), or its reset info after reset().
  const Info& info(int i) const { return infos_[i]; }
  // Episodes that ended in the last step, in env order.
  const std::vector<FinishedEpisode>& finished_episodes() const { return finished_; }

  // Turns capture on or off (off by default); see the top of this file.
  void set_capture(bool on) { capture_on_ = on; }
  bool capturing() const { return capture_on_; }
  // What env i went through in the last reset() or step(); meaningful only while capturing.
  const EnvCapture& capture(int i) const { return captures_[i]; }

  Env& env(int i) { return *envs_[i]; }

 private:
  void step_one(int i, const float* actions);

  std::vector<std::unique_ptr<Env>> envs_;
  ThreadPool pool_;
  int observation_size_;
  int action_size_;
  std::vector<float> observations_;               // (N, O)
  std::vector<float> final_observations_;         // (N, O)
  std::vector<float> rewards_;                    // (N)
  std::vector<uint8_t> terminated_;               // (N)
  std::vector<uint8_t> truncated_;                // (N)
  std::vector<Info> infos_;                       // (N)
  std::vector<std::vector<double>> action_rows_;  // (N, A) float64 copies of the actions
  std::vector<double> episode_returns_;           // (N) running
  std::vector<int64_t> episode_lengths_;          // (N) running
  std::vector<uint8_t> finished_flags_;           // (N) this step
  std::vector<FinishedEpisode> finished_;
  bool capture_on_ = false;
  std::vector<EnvCapture> captures_;  // (N) filled only while capture_on_
};

}  // namespace tlb::envs
