// Tests agents/policy_io.cpp, the one place that says what the policy sees, and that a
// checkpoint acting in `tlb eval` (agents/checkpoint_policy.cpp) takes exactly the actions
// the trainer's policy takes from the same state and inputs.
#include "agents/policy_io.h"

#include <torch/torch.h>

#include <catch2/catch.hpp>

#include "agents/checkpoint_policy.h"
#include "agents/ppo.h"
#include "doubles.h"
#include "envs/episode_loop.h"
#include "temp_dir.h"

using namespace tlb::agents;

namespace {

PolicyIoOptions raw_io(bool feed_prev) {
  PolicyIoOptions o;
  o.norm_obs = false;
  o.norm_reward = false;
  o.feed_prev_action_reward = feed_prev;
  return o;
}

std::vector<float> row_values(const torch::Tensor& t) {
  auto c = t.to(torch::kCPU).contiguous();
  return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

TEST_CASE("PolicyIo clips actions to the box and feeds them back with the reward", "[agents]") {
  const tlb::envs::Box box{{-1.0, 0.0}, {1.0, 0.5}};
  PolicyIo io(2, 1, box, raw_io(true));
  REQUIRE(io.input_dim() == 1 + 2 + 1);
  const float obs0[] = {3.0f, 4.0f};
  io.observe(obs0);
  // At episode starts the previous action and reward read zero.
  CHECK(row_values(io.input()) == std::vector<float>{3, 0, 0, 0, 4, 0, 0, 0});
  CHECK(io.episode_starts().all().item<bool>());

  io.clip_actions(torch::tensor({{2.0f, -1.0f}, {-0.5f, 0.25f}}));
  CHECK(io.env_actions() == std::vector<float>{1.0f, 0.0f, -0.5f, 0.25f});
  const float obs1[] = {5.0f, 6.0f}, rewards[] = {0.5f, -2.0f};
  const uint8_t ended[] = {0, 1};
  io.observe(obs1);
  io.record_outcome(rewards, ended);
  // Row 0 carries on and sees its clipped action and reward; row 1 starts a new episode.
  CHECK(row_values(io.input()) == std::vector<float>{5, 1, 0, 0.5f, 6, 0, 0, 0});
  CHECK(row_values(io.episode_starts().to(torch::kFloat32)) == std::vector<float>{0, 1});
  // The bootstrap input of an ended row keeps the step that ended it.
  const float final_obs[] = {7.0f, 8.0f};
  CHECK(row_values(io.final_input(final_obs)) ==
        std::vector<float>{7, 1, 0, 0.5f, 8, -0.5f, 0.25f, -2});
}

TEST_CASE("PolicyIo normalises and scales while learning, and only reads when frozen", "[agents]") {
  PolicyIoOptions o;
  o.norm_obs = true;
  o.norm_reward = true;
  PolicyIo io(1, 1, tlb::envs::Box{{-1.0}, {1.0}}, o);
  const uint8_t not_ended = 0;
  for (float x : {1.0f, 3.0f, 5.0f}) {
    io.observe(&x);
    io.record_outcome(&x, &not_ended);
  }
  const auto obs_stats = io.observation_statistics();
  const auto return_stats = io.return_statistics();
  CHECK(obs_stats.count > 3.0 - 1e-3);  // learnt from 3 observations (count starts at 1e-4)
  io.set_frozen(true);
  const float x = 100.0f, reward = 2.0f;
  io.observe(&x);
  io.record_outcome(&reward, &not_ended);
  CHECK(io.observation_statistics().mean == obs_stats.mean);
  CHECK(io.return_statistics().var == return_stats.var);
  // (100 - mean) / std is far beyond the clip of 10.
  CHECK(row_values(io.input()) == std::vector<float>{10.0f});
  CHECK(io.rewards()[0] == Approx(2.0 / std::sqrt(return_stats.var[0] + 1e-8)).epsilon(1e-5));
}

TEST_CASE("A checkpoint acts in eval exactly as the trainer's policy acts", "[agents]") {
  testing::TempDir dir;
  PpoOptions o;
  o.run_dir = (dir.path() / "run").string();
  o.backbone = "gru";
  o.feed_prev_action_reward = true;  // every input path: previous action and scaled reward
  o.num_envs = 2;
  o.num_steps = 16;
  o.sequence_length = 4;
  o.num_minibatches = 2;
  o.update_epochs = 2;
  o.total_timesteps = 3 * 2 * 16;
  o.threads = 1;
  o.device = "cpu";
  PpoTrainer trainer(o, testing::test_factories(12));
  trainer.train();

  // The checkpoint plays one episode, sampling; every observation and action is kept.
  CheckpointPolicyOptions sampled;
  auto loaded =
      load_checkpoint_on_env(dir.path() / "run", "", sampled, testing::test_factories(12));
  std::vector<std::vector<double>> observations, actions;
  std::vector<tlb::envs::StepResult> steps;
  tlb::envs::EpisodeHooks hooks;
  hooks.on_reset = [&](const tlb::envs::ResetResult& r) { observations.push_back(r.observation); };
  hooks.on_step = [&](const std::vector<double>& a, const tlb::envs::StepResult& s) {
    actions.push_back(a);
    steps.push_back(s);
    observations.push_back(s.observation);
  };
  const uint64_t seed = 77;
  tlb::envs::run_episode(*loaded.env, *loaded.policy, seed, hooks);
  REQUIRE(actions.size() >= 2);

  // The trainer's model and statistics, fed the same observations, rewards and noise.
  PolicyIo io(1, 3, loaded.env->action_space(), policy_io_options(trainer.options()));
  io.set_statistics(trainer.policy_io().observation_statistics(),
                    trainer.policy_io().return_statistics());
  io.set_frozen(true);
  torch::NoGradGuard no_grad;
  auto generator = at::make_generator<at::CPUGeneratorImpl>(seed);
  tlb::RecurrentState state = trainer.model()->initial_state(1);
  for (size_t t = 0; t < actions.size(); ++t) {
    INFO("step " << t);
    const std::vector<float> obs(observations[t].begin(), observations[t].end());
    io.observe(obs.data());
    auto noise = torch::randn({1, 2}, generator);
    state = io.act(trainer.model(), state, noise).out.next_state;
    REQUIRE(std::vector<double>(io.env_actions().begin(), io.env_actions().end()) == actions[t]);
    const float reward = static_cast<float>(steps[t].reward);
    const uint8_t ended = steps[t].terminated || steps[t].truncated;
    io.record_outcome(&reward, &ended);
  }
}
