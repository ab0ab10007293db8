// Tests envs/mujoco_env.cpp: seeding, action checks, numerical faults, state snapshots.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "envs/model_loader.h"
#include "envs/mujoco_env.h"
#include "envs/registry.h"

using tlb::envs::LoadedModel;
using tlb::envs::MujocoEnv;
using tlb::envs::StepResult;

namespace {

// A pendulum whose motor is so strong, and timestep so long, that a full action blows it up.
const char kUnstableXml[] = R"(
<mujoco>
  <option timestep="1"/>
  <worldbody>
    <body>
      <joint name="hinge" type="hinge" axis="0 1 0"/>
      <geom type="capsule" fromto="0 0 0 0 0 1" size="0.05"/>
    </body>
  </worldbody>
  <actuator><motor joint="hinge" gear="1e30" ctrllimited="true" ctrlrange="-1 1"/></actuator>
</mujoco>)";

class UnstablePendulum : public MujocoEnv {
 public:
  UnstablePendulum()
      : MujocoEnv("UnstablePendulum", tlb::envs::load_model_text(kUnstableXml, "inline model"),
                  /*frame_skip=*/3, /*observation_size=*/2) {}
  std::vector<int> position_observation_indices() const override { return {0}; }
  std::vector<int> velocity_observation_indices() const override { return {1}; }

 protected:
  void reset_model() override { data()->qpos[0] = uniform(-0.1, 0.1); }
  void write_observation(double* out) const override {
    out[0] = data()->qpos[0];
    out[1] = data()->qvel[0];
  }
  void evaluate_step(const std::vector<double>& /*action*/, StepResult& result) override {
    result.reward = data()->qvel[0];
  }
};

std::vector<std::vector<double>> rollout(tlb::envs::Env& env, uint64_t seed, int steps) {
  std::vector<std::vector<double>> observations = {env.reset(seed).observation};
  for (int t = 0; t < steps; ++t) {
    std::vector<double> action(env.action_space().size());
    for (size_t i = 0; i < action.size(); ++i) action[i] = std::sin(0.1 * t + i);
    observations.push_back(env.step(action).observation);
  }
  return observations;
}

}  // namespace

TEST_CASE("the same seed gives the same trajectory, another seed another", "[envs]") {
  for (const char* id : {"HalfCheetah-v5", "Hopper-v5", "Walker2d-v5"}) {
    auto a = tlb::envs::make_env(id);
    auto b = tlb::envs::make_env(id);
    const auto first = rollout(*a, 7, 20);
    CHECK(rollout(*b, 7, 20) == first);
    CHECK(rollout(*a, 7, 20) == first);  // re-seeding restarts the stream
    CHECK(rollout(*b, 8, 20) != first);
  }
}

TEST_CASE("an unseeded reset continues the generator instead of repeating", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5");
  const auto first = env->reset(3).observation;
  CHECK(env->reset().observation != first);
}

TEST_CASE("a wrong-sized or non-finite action throws naming the task", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5:ctrl_cost_weight=0.01");
  env->reset(0);
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(env->step({0.0, 0.0}),
                      Contains("Hopper-v5") && Contains("expected 3") && Contains("has 2"));
  REQUIRE_THROWS_AS(env->step({0.0, 0.0}), std::invalid_argument);
  REQUIRE_THROWS_WITH(env->step({0.0, std::nan(""), 0.0}),
                      Contains("Hopper-v5") && Contains("entry 1") && Contains("finite"));
  REQUIRE_THROWS_WITH(env->step({0.0, std::numeric_limits<double>::infinity(), 0.0}),
                      Contains("Hopper-v5"));
}

TEST_CASE("an unstable simulation truncates with info unstable and no NaN", "[envs]") {
  UnstablePendulum env;
  const auto reset = env.reset(1);
  bool saw_unstable = false;
  for (int t = 0; t < 20 && !saw_unstable; ++t) {
    const StepResult result = env.step({1.0});
    for (double x : result.observation) REQUIRE(std::isfinite(x));
    REQUIRE(std::isfinite(result.reward));
    if (result.info.contains("unstable")) {
      saw_unstable = true;
      CHECK(result.truncated);
      CHECK_FALSE(result.terminated);
      CHECK(result.info.get("unstable") == 1.0);
    } else {
      CHECK_FALSE(result.truncated);
    }
  }
  REQUIRE(saw_unstable);
  // A reset brings back a finite, stable start.
  const auto again = env.reset(1);
  CHECK(again.observation == reset.observation);
  const StepResult small = env.step({0.0});
  CHECK_FALSE(small.info.contains("unstable"));
}

TEST_CASE("a failed model load names the model and MuJoCo's error", "[envs]") {
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(tlb::envs::load_model_text("<mujoco><worldbody><bogus/></worldbody></mujoco>",
                                                 "inline test model"),
                      Contains("inline test model") && Contains("bogus"));
  REQUIRE_THROWS_AS(tlb::envs::load_model_file("no/such/model.xml"), std::runtime_error);
}

TEST_CASE("a state snapshot restarts the simulation bit-exactly", "[envs]") {
  for (const char* id : {"HalfCheetah-v5", "Hopper-v5"}) {
    auto env = tlb::envs::make_env(id);
    MujocoEnv* mujoco = env->mujoco();
    REQUIRE(mujoco != nullptr);
    rollout(*env, 5, 10);
    const tlb::envs::StateSnapshot snapshot = mujoco->get_state();
    std::vector<std::vector<double>> first, second;
    const std::vector<double> action(env->action_space().size(), 0.3);
    for (int t = 0; t < 10; ++t) first.push_back(env->step(action).observation);
    mujoco->set_state(snapshot);
    for (int t = 0; t < 10; ++t) second.push_back(env->step(action).observation);
    CHECK(first == second);
  }
}

TEST_CASE("model hash, dt and frame skip are exposed", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5");
  MujocoEnv* mujoco = env->mujoco();
  CHECK(mujoco->model_hash().size() == 16);
  CHECK(mujoco->frame_skip() == 4);
  CHECK(mujoco->dt() == Approx(0.008));
  auto other = tlb::envs::make_env("Walker2d-v5");
  CHECK(other->mujoco()->model_hash() != mujoco->model_hash());
  CHECK(tlb::envs::fnv1a_hex("") == "cbf29ce484222325");  // FNV-1a 64 offset basis
}

TEST_CASE("the model hash ignores XML comments and sees everything MuJoCo reads", "[envs]") {
  using tlb::envs::mjcf_content_hash;
  const std::string model = "<mujoco>\n  <worldbody/>\n</mujoco>\n";
  const std::string commented =
      "<!-- a note -->\n<mujoco>\n  <!-- another,\n  on two lines -->\n  <worldbody/>\n"
      "</mujoco>\n";
  CHECK(mjcf_content_hash(commented) ==
        mjcf_content_hash("\n<mujoco>\n  \n  <worldbody/>\n</mujoco>\n"));
  CHECK(mjcf_content_hash(model) == tlb::envs::fnv1a_hex(model));
  CHECK(mjcf_content_hash("<mujoco><option timestep=\"0.01\"/></mujoco>") !=
        mjcf_content_hash("<mujoco><option timestep=\"0.02\"/></mujoco>"));
  // The loaded model's hash is that of its file without comments.
  const auto loaded = tlb::envs::load_model_text(commented, "test");
  CHECK(loaded.hash == mjcf_content_hash(commented));
  CHECK(loaded.hash != tlb::envs::fnv1a_hex(commented));
}

TEST_CASE("every model loads and runs 1000 random steps with a finite state", "[envs]") {
  for (const tlb::envs::TaskEntry& entry : tlb::envs::task_table()) {
    tlb::common::OptionReader defaults(entry.id);
    auto env = entry.make(defaults);
    env->reset(11);
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int t = 0; t < 1000; ++t) {
      std::vector<double> action(env->action_space().size());
      for (size_t i = 0; i < action.size(); ++i) {
        const double low = env->action_space().low[i], high = env->action_space().high[i];
        action[i] = low + (high - low) * unit(rng);
      }
      const StepResult result = env->step(action);
      INFO(entry.id << " step " << t);
      REQUIRE_FALSE(result.info.contains("unstable"));
      if (result.terminated) env->reset();
    }
    const mjModel* m = env->model();
    const mjData* d = env->data();
    for (int i = 0; i < m->nq; ++i) CHECK(std::isfinite(d->qpos[i]));
    for (int i = 0; i < m->nv; ++i) CHECK(std::isfinite(d->qvel[i]));
  }
}

TEST_CASE("a snapshot of the wrong size is rejected and changes nothing", "[envs]") {
  auto env = tlb::envs::make_env("Hopper-v5");
  env->reset(2);
  MujocoEnv* mujoco = env->mujoco();
  tlb::envs::StateSnapshot bad = mujoco->get_state();
  const tlb::envs::StateSnapshot before = bad;
  bad.qpos.assign(6, 9.0);
  bad.qvel.pop_back();
  using Catch::Matchers::Contains;
  REQUIRE_THROWS_WITH(mujoco->set_state(bad), Contains("qvel") && Contains("expected 6"));
  CHECK(mujoco->get_state().qpos == before.qpos);
}
