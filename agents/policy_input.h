// What the backbone reads at each step: the normalised observation, optionally followed by
// the previous action (as the env applied it, clipped) and the previous scaled reward, both
// zero at an episode start (feed_prev_action_reward, as in RL^2-style memory policies).
//
// Legend: N envs, O observation width, A action width, I = O (+ A + 1) input width.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tlb::agents {

// I for the given widths.
inline int64_t policy_input_dim(int64_t obs_dim, int64_t action_dim, bool feed_prev_action_reward) {
  return obs_dim + (feed_prev_action_reward ? action_dim + 1 : 0);
}

// Writes rows [N, I] into `out` from obs [N, O], prev_action [N, A] and prev_reward [N].
inline void build_policy_input(const float* obs, const float* prev_action, const float* prev_reward,
                               int64_t rows, int64_t obs_dim, int64_t action_dim,
                               bool feed_prev_action_reward, float* out) {
  const int64_t width = policy_input_dim(obs_dim, action_dim, feed_prev_action_reward);
  for (int64_t r = 0; r < rows; ++r) {
    float* row = out + r * width;
    std::copy(obs + r * obs_dim, obs + (r + 1) * obs_dim, row);
    if (!feed_prev_action_reward) continue;
    std::copy(prev_action + r * action_dim, prev_action + (r + 1) * action_dim, row + obs_dim);
    row[obs_dim + action_dim] = prev_reward[r];
  }
}

}  // namespace tlb::agents
