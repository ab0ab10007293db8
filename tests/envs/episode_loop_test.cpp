// Tests envs/episode_loop.cpp and envs/policy.cpp: the order of calls in one episode, seeds,
// the end condition and a wrong-sized action.
#include "envs/episode_loop.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>

#include "envs/policy.h"
#include "envs/registry.h"

using namespace tlb::envs;

namespace {

// Observation [t], reward t + 1 after step t; truncates after `length` steps. Logs each call.
class CountingEnv : public Env {
 public:
  explicit CountingEnv(int length) : length_(length) { box_ = {{-1.0}, {1.0}}; }
  std::string id() const override { return "Counting-v0"; }
  const Box& observation_space() const override { return box_; }
  const Box& action_space() const override { return box_; }
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override {
    log += "reset(" + std::to_string(seed.value_or(999)) + ") ";
    t_ = 0;
    return {{0.0}, {}};
  }
  StepResult step(const std::vector<double>& action) override {
    log += "step(" + std::to_string(static_cast<int>(action[0])) + ") ";
    ++t_;
    StepResult r;
    r.observation = {static_cast<double>(t_)};
    r.reward = t_;
    r.truncated = t_ >= length_;
    return r;
  }
  std::string log;

 private:
  Box box_;
  int length_, t_ = 0;
};

// Acts with its observation as the action, and logs each call into the env's log.
class EchoPolicy : public Policy {
 public:
  explicit EchoPolicy(std::string& log, size_t width = 1) : log_(log), width_(width) {}
  void reset(uint64_t seed) override { log_ += "policy.reset(" + std::to_string(seed) + ") "; }
  std::vector<double> act(const std::vector<double>& obs) override {
    log_ += "act(" + std::to_string(static_cast<int>(obs[0])) + ") ";
    return std::vector<double>(width_, obs[0]);
  }
  void observe(const StepResult& step) override {
    log_ += "observe(" + std::to_string(static_cast<int>(step.reward)) + ") ";
  }
  PolicyInfo info() const override { return {"echo", "", ""}; }

 private:
  std::string& log_;
  size_t width_;
};

}  // namespace

TEST_CASE("run_episode resets both with the seed, then acts, steps and observes to the end",
          "[envs]") {
  CountingEnv env(2);
  EchoPolicy policy(env.log);
  int resets = 0, steps = 0;
  EpisodeHooks hooks;
  hooks.on_reset = [&](const ResetResult&) { ++resets; };
  hooks.on_step = [&](const std::vector<double>&, const StepResult&) { ++steps; };
  const EpisodeOutcome outcome = run_episode(env, policy, 7, hooks);
  CHECK(env.log == "policy.reset(7) reset(7) act(0) step(0) observe(1) act(1) step(1) observe(2) ");
  CHECK(outcome.length == 2);
  CHECK(outcome.episode_return == 3.0);
  CHECK(resets == 1);
  CHECK(steps == 2);
}

TEST_CASE("run_episodes gives episode e the seed seed + e", "[envs]") {
  CountingEnv env(1);
  EchoPolicy policy(env.log);
  const auto outcomes = run_episodes(env, policy, 3, 40);
  REQUIRE(outcomes.size() == 3);
  CHECK(env.log.find("reset(40)") != std::string::npos);
  CHECK(env.log.find("reset(41)") != std::string::npos);
  CHECK(env.log.find("reset(42)") != std::string::npos);
}

TEST_CASE("run_episode refuses an action of the wrong size, naming both sizes", "[envs]") {
  CountingEnv env(3);
  EchoPolicy policy(env.log, 2);
  try {
    run_episode(env, policy, 0);
    FAIL("expected std::invalid_argument");
  } catch (const std::invalid_argument& e) {
    CHECK(std::string(e.what()) == "policy 'echo' returned 2 actions, expected 1 for Counting-v0");
  }
}

TEST_CASE("UniformRandomPolicy is reproducible from the episode seed and stays in the box",
          "[envs]") {
  auto env = make_env("Hopper-v5");
  UniformRandomPolicy a(env->action_space()), b(env->action_space(), 123);
  a.reset(5);
  b.reset(5);
  const auto first = a.act({});
  CHECK(first == b.act({}));
  for (size_t i = 0; i < first.size(); ++i) {
    CHECK(first[i] >= env->action_space().low[i]);
    CHECK(first[i] < env->action_space().high[i]);
  }
  a.reset(6);
  CHECK(a.act({}) != first);
}
