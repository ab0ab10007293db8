// Tests envs/vector_env.cpp: buffers, same-step auto-reset, final observations,
// thread-count independence, capture of final states before the auto-reset.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "envs/registry.h"
#include "envs/vector_env.h"

namespace {

tlb::envs::VectorEnv make_vector(const std::string& spec, int n, int threads) {
  std::vector<std::unique_ptr<tlb::envs::Env>> envs;
  for (int i = 0; i < n; ++i) envs.push_back(tlb::envs::make_env(spec));
  return tlb::envs::VectorEnv(std::move(envs), threads);
}

std::vector<float> actions_at(int step, int n, int a) {
  std::vector<float> actions(static_cast<size_t>(n) * a);
  for (size_t k = 0; k < actions.size(); ++k) actions[k] = std::sin(0.37f * step + 1.3f * k);
  return actions;
}

bool same_state(const tlb::envs::StateSnapshot& a, const tlb::envs::StateSnapshot& b) {
  return a.time == b.time && a.qpos == b.qpos && a.qvel == b.qvel && a.act == b.act &&
         a.ctrl == b.ctrl && a.qacc_warmstart == b.qacc_warmstart;
}

}  // namespace

TEST_CASE("VectorEnv reset seeds env i with seed + i", "[envs]") {
  auto vec = make_vector("Hopper-v5", 3, 1);
  vec.reset(10);
  CHECK(vec.num_envs() == 3);
  CHECK(vec.observation_size() == 11);
  CHECK(vec.action_size() == 3);
  auto single = tlb::envs::make_env("Hopper-v5");
  const auto expected = single->reset(12).observation;
  for (int k = 0; k < 11; ++k) {
    CHECK(vec.observations()[2 * 11 + k] == static_cast<float>(expected[k]));
  }
}

TEST_CASE("VectorEnv auto-resets in the same step and keeps the final observation", "[envs]") {
  // A 4-step limit: every env truncates at steps 4, 8, ...
  auto vec = make_vector("HalfCheetah-v5:max_episode_steps=4", 2, 1);
  auto reference = tlb::envs::make_env("HalfCheetah-v5:max_episode_steps=4");
  vec.reset(0);
  reference->reset(0);
  for (int t = 1; t <= 8; ++t) {
    const auto actions = actions_at(t, 2, 6);
    vec.step(actions.data());
    const auto result = reference->step(std::vector<double>(actions.begin(), actions.begin() + 6));
    CHECK(vec.rewards()[0] == static_cast<float>(result.reward));
    CHECK(vec.info(0).get("x_position") == result.info.get("x_position"));
    if (t % 4 == 0) {
      REQUIRE(vec.truncated()[0] == 1);
      CHECK(vec.terminated()[0] == 0);
      for (int k = 0; k < 17; ++k) {
        CHECK(vec.final_observations()[k] == static_cast<float>(result.observation[k]));
      }
      // The first observation of the next episode, from an unseeded reset.
      const auto next = reference->reset().observation;
      for (int k = 0; k < 17; ++k) CHECK(vec.observations()[k] == static_cast<float>(next[k]));
      REQUIRE(vec.finished_episodes().size() == 2);
      CHECK(vec.finished_episodes()[0].env_index == 0);
      CHECK(vec.finished_episodes()[0].length == 4);
    } else {
      CHECK(vec.truncated()[0] == 0);
      CHECK(vec.finished_episodes().empty());
      for (int k = 0; k < 17; ++k) {
        CHECK(vec.observations()[k] == static_cast<float>(result.observation[k]));
      }
    }
  }
}

TEST_CASE("VectorEnv capture keeps the final state and observation from before the auto-reset",
          "[envs]") {
  auto vec = make_vector("HalfCheetah-v5:max_episode_steps=4", 2, 2);
  auto reference = tlb::envs::make_env("HalfCheetah-v5:max_episode_steps=4");
  tlb::envs::MujocoEnv& ref = *reference->mujoco();
  vec.set_capture(true);
  vec.reset(5);
  const auto start = reference->reset(5);
  REQUIRE(vec.capture(0).started);
  CHECK_FALSE(vec.capture(0).stepped);
  CHECK(vec.capture(0).start.seed == std::optional<uint64_t>(5));
  CHECK(vec.capture(1).start.seed == std::optional<uint64_t>(6));
  CHECK(vec.capture(0).start.observation == start.observation);
  CHECK(same_state(vec.capture(0).start.state, ref.get_state()));
  int ended = 0;
  for (int t = 1; t <= 9; ++t) {
    const auto actions = actions_at(t, 2, 6);
    vec.step(actions.data());
    const std::vector<double> action(actions.begin(), actions.begin() + 6);
    const auto result = reference->step(action);
    const tlb::envs::EnvCapture& c = vec.capture(0);
    REQUIRE(c.stepped);
    CHECK(c.action == action);
    CHECK(c.step.observation == result.observation);  // float64, the final one when it ended
    CHECK(c.step.reward == result.reward);
    CHECK(c.step.truncated == result.truncated);
    CHECK(c.step.info.get("x_position") == result.info.get("x_position"));
    // The state the step left, which for an ended episode is the state just before the reset.
    CHECK(same_state(c.state, ref.get_state()));
    CHECK(c.started == (t % 4 == 0));
    if (t % 4 == 0) {
      ++ended;
      REQUIRE(result.truncated);
      const auto next = reference->reset();
      CHECK_FALSE(c.start.seed.has_value());
      CHECK(c.start.observation == next.observation);
      CHECK(c.start.info.get("x_position") == next.info.get("x_position"));
      CHECK(same_state(c.start.state, ref.get_state()));
      // The env itself is already in the new episode: the captured final state is not its
      // current one.
      CHECK(same_state(vec.env(0).mujoco()->get_state(), c.start.state));
      CHECK_FALSE(same_state(vec.env(0).mujoco()->get_state(), c.state));
    }
  }
  CHECK(ended == 2);
}

TEST_CASE("VectorEnv captures nothing unless asked", "[envs]") {
  auto vec = make_vector("HalfCheetah-v5:max_episode_steps=4", 1, 1);
  CHECK_FALSE(vec.capturing());
  vec.reset(0);
  const auto actions = actions_at(1, 1, 6);
  vec.step(actions.data());
  CHECK_FALSE(vec.capture(0).stepped);
  CHECK_FALSE(vec.capture(0).started);
  CHECK(vec.capture(0).step.observation.empty());
}

TEST_CASE("VectorEnv results are identical for 1 and 2 threads", "[envs]") {
  const int n = 5;
  auto one = make_vector("Hopper-v5:max_episode_steps=30", n, 1);
  auto two = make_vector("Hopper-v5:max_episode_steps=30", n, 2);
  CHECK(two.threads() == 2);
  one.reset(42);
  two.reset(42);
  size_t finished = 0;
  for (int t = 0; t < 100; ++t) {
    const auto actions = actions_at(t, n, 3);
    one.step(actions.data());
    two.step(actions.data());
    REQUIRE(std::memcmp(one.observations(), two.observations(), sizeof(float) * n * 11) == 0);
    REQUIRE(std::memcmp(one.final_observations(), two.final_observations(),
                        sizeof(float) * n * 11) == 0);
    REQUIRE(std::memcmp(one.rewards(), two.rewards(), sizeof(float) * n) == 0);
    REQUIRE(std::memcmp(one.terminated(), two.terminated(), n) == 0);
    REQUIRE(std::memcmp(one.truncated(), two.truncated(), n) == 0);
    REQUIRE(one.finished_episodes().size() == two.finished_episodes().size());
    finished += one.finished_episodes().size();
  }
  CHECK(finished >= static_cast<size_t>(n));  // episodes did end and restart
}

TEST_CASE("VectorEnv rethrows an env's action error and rejects mixed sizes", "[envs]") {
  auto vec = make_vector("Hopper-v5", 2, 2);
  vec.reset(0);
  std::vector<float> actions(6, 0.0f);
  actions[4] = std::nanf("");
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(vec.step(actions.data()), Contains("Hopper-v5"));
  std::vector<std::unique_ptr<tlb::envs::Env>> mixed;
  mixed.push_back(tlb::envs::make_env("Hopper-v5"));
  mixed.push_back(tlb::envs::make_env("Walker2d-v5"));
  REQUIRE_THROWS_AS(tlb::envs::VectorEnv(std::move(mixed), 1), std::invalid_argument);
}
