// Tests envs/registry.cpp: the id grammar, option overrides, errors, the task table.
#include <catch2/catch.hpp>

#include "envs/registry.h"
#include "envs/wrappers/time_limit.h"

using Catch::Matchers::Contains;

TEST_CASE("parse_env_spec splits task, variant suffix and options", "[envs]") {
  const auto plain = tlb::envs::parse_env_spec("Hopper-v5");
  CHECK(plain.task == "Hopper-v5");
  CHECK(plain.suffix.empty());
  CHECK(plain.options.empty());
  const auto full = tlb::envs::parse_env_spec("HalfCheetah-v5-P:a=1,b=x..y");
  CHECK(full.task == "HalfCheetah-v5");
  CHECK(full.suffix == "-P");
  CHECK(full.options.at("a") == "1");
  CHECK(full.options.at("b") == "x..y");
  REQUIRE_THROWS_WITH(tlb::envs::parse_env_spec("Hopper-v5:a=1,a=2"), Contains("twice"));
  REQUIRE_THROWS_WITH(tlb::envs::parse_env_spec("Hopper-v5:novalue"), Contains("key=value"));
  REQUIRE_THROWS_AS(tlb::envs::parse_env_spec("Hopper-v5:a=1,"), std::invalid_argument);
}

TEST_CASE("make_env applies overrides and the registered time limit", "[envs]") {
  auto env = tlb::envs::make_env("HalfCheetah-v5:exclude_current_positions_from_observation=false");
  CHECK(env->observation_space().size() == 18);
  CHECK(env->id() == "HalfCheetah-v5:exclude_current_positions_from_observation=false");
  auto* limit = dynamic_cast<tlb::envs::TimeLimit*>(env.get());
  REQUIRE(limit != nullptr);
  CHECK(limit->max_episode_steps() == 1000);
  auto short_env = tlb::envs::make_env("HalfCheetah-v5:max_episode_steps=3,frame_skip=2");
  CHECK(short_env->mujoco()->frame_skip() == 2);
  short_env->reset(0);
  const std::vector<double> zero(6, 0.0);
  CHECK_FALSE(short_env->step(zero).truncated);
  CHECK_FALSE(short_env->step(zero).truncated);
  CHECK(short_env->step(zero).truncated);
}

TEST_CASE("make_env rejects unknown tasks, keys and bad values by name", "[envs]") {
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v9"),
                      Contains("Hopper-v9") && Contains("Hopper-v5"));
  REQUIRE_THROWS_WITH(
      tlb::envs::make_env("Hopper-v5:ctrl_cost=1"),
      Contains("Hopper-v5") && Contains("ctrl_cost") && Contains("ctrl_cost_weight"));
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5:ctrl_cost_weight=abc"),
                      Contains("ctrl_cost_weight") && Contains("number") && Contains("abc"));
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5:healthy_z_range=2..1"),
                      Contains("healthy_z_range") && Contains("low..high"));
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5:terminate_when_unhealthy=maybe"),
                      Contains("true or false"));
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5:max_episode_steps=0"),
                      Contains("max_episode_steps"));
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5:frame_skip=0"), Contains("frame_skip"));
  REQUIRE_THROWS_AS(tlb::envs::make_env("Walker2d-v5:healthy_state_range=-1..1"),
                    std::invalid_argument);
}

TEST_CASE("registered_tasks lists ids with observation and action sizes", "[envs]") {
  const auto tasks = tlb::envs::registered_tasks();
  auto find = [&](const std::string& id) {
    for (const auto& task : tasks) {
      if (task.id == id) return task;
    }
    FAIL("missing task " << id);
    return tasks.front();
  };
  CHECK(find("HalfCheetah-v5").observation_size == 17);
  CHECK(find("HalfCheetah-v5").action_size == 6);
  CHECK(find("Hopper-v5").observation_size == 11);
  CHECK(find("Hopper-v5").action_size == 3);
  CHECK(find("Walker2d-v5").observation_size == 17);
  CHECK(find("Walker2d-v5").max_episode_steps == 1000);
  const auto docs = tlb::envs::task_options("Hopper-v5");
  bool has_range = false;
  for (const auto& doc : docs) has_range |= doc.key == "healthy_z_range";
  CHECK(has_range);
}

TEST_CASE("make_env hands -P / -V and wrapper keys to the observation variants", "[envs]") {
  auto positions = tlb::envs::make_env("HalfCheetah-v5-P");
  CHECK(positions->observation_space().size() == 8);
  CHECK(positions->id() == "HalfCheetah-v5-P");
  auto velocities = tlb::envs::make_env("Hopper-v5-V:ctrl_cost_weight=0.01");
  CHECK(velocities->observation_space().size() == 6);
  CHECK(velocities->id() == "Hopper-v5-V:ctrl_cost_weight=0.01");
  REQUIRE_THROWS_WITH(tlb::envs::make_env("Hopper-v5-P:nonsense=1"),
                      Contains("Hopper-v5") && Contains("nonsense"));
}
