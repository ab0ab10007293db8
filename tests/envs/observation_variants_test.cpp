// Tests envs/wrappers/observation_variants.cpp: -P/-V subsets, noise, flicker and dropout
// (determinism per seed, rates), and the option parsing of wrap_observation_variant.
#include <catch2/catch.hpp>

#include <cmath>
#include <memory>

#include "envs/registry.h"
#include "envs/tasks/reacher.h"
#include "envs/wrappers/observation_variants.h"
#include "fake_env.h"

using Catch::Matchers::Contains;
using tlb::envs::Box;
using tlb::envs::Env;
using tlb::envs::wrap_observation_variant;
using tlb::envs::testing::FakeEnv;

namespace {

std::unique_ptr<Env> fake(size_t obs_size = 50) {
  return std::make_unique<FakeEnv>(obs_size, Box{{-1.0}, {1.0}});
}

// Observations of `steps` steps after reset(seed), concatenated.
std::vector<double> run(Env& env, uint64_t seed, int steps) {
  std::vector<double> out = env.reset(seed).observation;
  for (int t = 0; t < steps; ++t) {
    const auto r = env.step({0.0});
    out.insert(out.end(), r.observation.begin(), r.observation.end());
  }
  return out;
}

}  // namespace

TEST_CASE("Variants P and V keep the task's position and velocity entries", "[envs]") {
  std::map<std::string, std::string> none;
  auto p = wrap_observation_variant(std::make_unique<tlb::envs::Reacher>(), "P", none);
  auto v = wrap_observation_variant(std::make_unique<tlb::envs::Reacher>(), "V", none);
  auto full = std::make_unique<tlb::envs::Reacher>();
  CHECK(p->observation_space().size() == 8);
  CHECK(v->observation_space().size() == 2);
  CHECK(p->id() == "Reacher-v5-P");
  const auto obs = full->reset(3).observation;
  const auto obs_p = p->reset(3).observation;
  const auto obs_v = v->reset(3).observation;
  const std::vector<int> p_index = {0, 1, 2, 3, 4, 5, 8, 9};
  for (size_t k = 0; k < p_index.size(); ++k) CHECK(obs_p[k] == obs[p_index[k]]);
  CHECK(obs_v[0] == obs[6]);
  CHECK(obs_v[1] == obs[7]);
  // Through the registry, with the id's suffix and options kept.
  auto env = tlb::envs::make_env("Hopper-v5-V:flicker=0.5");
  CHECK(env->observation_space().size() == 6);
  CHECK_THROWS_WITH(wrap_observation_variant(fake(), "P", none), Contains("expects a MuJoCo env"));
  CHECK_THROWS_WITH(wrap_observation_variant(std::make_unique<tlb::envs::Reacher>(), "Q", none),
                    Contains("-P or -V"));
}

TEST_CASE("Observation noise, flicker and dropout are deterministic per seed", "[envs]") {
  for (const char* key : {"obs_noise", "flicker", "sensor_dropout"}) {
    std::map<std::string, std::string> options = {{key, "0.3"}};
    auto a = wrap_observation_variant(fake(), "", options);
    CHECK(options.empty());  // consumed
    options = {{key, "0.3"}};
    auto b = wrap_observation_variant(fake(), "", options);
    CHECK(run(*a, 9, 20) == run(*b, 9, 20));
    CHECK(run(*a, 9, 20) != run(*a, 10, 20));
  }
}

TEST_CASE("Flicker zeroes whole observations and dropout single entries at rate p", "[envs]") {
  std::map<std::string, std::string> options = {{"flicker", "0.25"}};
  auto flicker = wrap_observation_variant(fake(10), "", options);
  flicker->reset(1);
  int blank = 0, flagged = 0;
  const int steps = 4000;
  for (int t = 0; t < steps; ++t) {
    const auto r = flicker->step({0.0});
    int zeros = 0;
    for (double x : r.observation) zeros += x == 0.0;
    CHECK((zeros == 0 || zeros == 10));  // all or nothing
    blank += zeros == 10;
    flagged += r.info.get("flickered") == 1.0;
  }
  CHECK(blank == flagged);
  CHECK(blank / double(steps) == Approx(0.25).margin(0.03));

  options = {{"sensor_dropout", "0.1"}};
  auto dropout = wrap_observation_variant(fake(100), "", options);
  dropout->reset(2);
  int zeros = 0;
  for (int t = 0; t < 400; ++t) {
    for (double x : dropout->step({0.0}).observation) zeros += x == 0.0;
  }
  CHECK(zeros / 40000.0 == Approx(0.1).margin(0.01));
}

TEST_CASE("Observation noise has the requested standard deviation", "[envs]") {
  std::map<std::string, std::string> options = {{"obs_noise", "0.5"}};
  auto noisy = wrap_observation_variant(fake(100), "", options);
  FakeEnv clean(100, Box{{-1.0}, {1.0}});
  noisy->reset(4);
  clean.reset();
  double sum = 0.0, sq = 0.0;
  const int steps = 200;
  for (int t = 0; t < steps; ++t) {
    const auto a = noisy->step({0.0}).observation;
    const auto b = clean.step({0.0}).observation;
    for (size_t i = 0; i < a.size(); ++i) {
      sum += a[i] - b[i];
      sq += (a[i] - b[i]) * (a[i] - b[i]);
    }
  }
  const double n = steps * 100.0;
  CHECK(sum / n == Approx(0.0).margin(0.02));
  CHECK(std::sqrt(sq / n) == Approx(0.5).epsilon(0.03));
}

TEST_CASE("Bad observation wrapper options name the key, expected and found", "[envs]") {
  std::map<std::string, std::string> options = {{"flicker", "1.5"}};
  CHECK_THROWS_WITH(wrap_observation_variant(fake(), "", options),
                    Contains("flicker") && Contains("[0, 1]") && Contains("1.5"));
  options = {{"obs_noise", "abc"}};
  CHECK_THROWS_WITH(wrap_observation_variant(fake(), "", options),
                    Contains("obs_noise") && Contains("found 'abc'"));
  options = {{"sensor_dropout", "-0.1"}};
  CHECK_THROWS_WITH(wrap_observation_variant(fake(), "", options), Contains("sensor_dropout"));
}

TEST_CASE("Every task's -P and -V lists are disjoint, in range and in order", "[envs]") {
  for (const auto& entry : tlb::envs::task_table()) {
    INFO(entry.id);
    tlb::common::OptionReader defaults(entry.id);
    const auto env = entry.make(defaults);
    const auto p = env->position_observation_indices();
    const auto v = env->velocity_observation_indices();
    CHECK_FALSE(p.empty());
    CHECK_FALSE(v.empty());
    std::vector<int> seen(env->observation_space().size(), 0);
    for (const auto* list : {&p, &v}) {
      for (size_t k = 0; k < list->size(); ++k) {
        const int i = (*list)[k];
        REQUIRE(i >= 0);
        REQUIRE(static_cast<size_t>(i) < seen.size());
        ++seen[i];
        if (k > 0) CHECK((*list)[k - 1] < i);
      }
    }
    for (int count : seen) CHECK(count <= 1);
    CHECK(tlb::envs::make_env(entry.id + "-P")->observation_space().size() == p.size());
    CHECK(tlb::envs::make_env(entry.id + "-V")->observation_space().size() == v.size());
  }
}
