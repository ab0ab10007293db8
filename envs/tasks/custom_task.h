// A user's own MJCF model as a task, with a reward built from named terms (docs/envs_tasks.md):
//
//   custom:model=PATH,reward=TERM[*WEIGHT]{+TERM[*WEIGHT]}[,option=value...]
//   e.g. custom:model=my_robot.xml,reward=forward_velocity*1.0+ctrl_cost*-0.1+alive*1,
//        healthy_z_range=0.2..inf
//
// Terms (each evaluated after the step; a weight may be negative, so '+' is the only operator):
//   forward_velocity  x velocity of the main body's frame (xpos), differenced over the step
//   lateral_velocity  y velocity of the same
//   height            z of the main body's frame
//   ctrl_cost         sum of squared actions (give it a negative weight)
//   alive             1 while healthy, else 0
//   distance:A:B      Euclidean distance between sites or bodies named A and B
// Observation: qpos without its first exclude_qpos entries, then qvel. Action: the actuators,
// bounded by their ctrlrange. Healthy: finite state and the main body's z inside
// healthy_z_range (inclusive); terminate_when_unhealthy ends the episode when unhealthy.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "common/option_reader.h"
#include "envs/mujoco_env.h"

namespace tlb::envs {

struct CustomTaskOptions {
  // The MJCF file: as given (relative to the working directory), else under envs/assets/.
  std::string model = "examples/point_mass.xml";
  std::string reward = "forward_velocity*1+ctrl_cost*-0.1";  // see the header comment
  std::string main_body;  // body for velocity/height/health; empty: body 1 (the first body)
  int frame_skip = 5;     // MuJoCo substeps per env step
  int exclude_qpos = 0;   // leading qpos entries left out of the observation (e.g. 2 for x, y)
  common::Range healthy_z_range{-std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::infinity()};
  bool terminate_when_unhealthy = true;
  double reset_noise_scale = 0.01;  // qpos, qvel + U(-s, s) per entry
};

CustomTaskOptions read_custom_task_options(common::OptionReader& options);

// One weighted term of the reward.
struct RewardTerm {
  enum class Kind { kForwardVelocity, kLateralVelocity, kHeight, kCtrlCost, kAlive, kDistance };
  Kind kind;
  double weight = 1.0;
  std::string name;  // as written (the info key is "reward_" + name with ':' -> '_')
  // For kDistance: each end is a site (is_site) or a body, by id.
  int a = -1, b = -1;
  bool a_is_site = false, b_is_site = false;
};

class CustomTask : public MujocoEnv {
 public:
  explicit CustomTask(const CustomTaskOptions& options = {});

  const std::vector<RewardTerm>& terms() const { return terms_; }
  bool is_healthy() const;
  // Value of `term` after a step (unweighted); `action` for ctrl_cost.
  double term_value(const RewardTerm& term, const std::vector<double>& action) const;

  // Reads no cacc/cfrc_int/cfrc_ext, so stepping skips mj_rnePostConstraint.
  bool uses_rne_post_constraint() const override { return false; }
  std::vector<int> position_observation_indices() const override;
  std::vector<int> velocity_observation_indices() const override;

 protected:
  void reset_model() override;
  void write_observation(double* out) const override;
  void before_step() override;
  void evaluate_step(const std::vector<double>& action, StepResult& result) override;
  void reset_info(Info& info) const override;

 private:
  CustomTask(const CustomTaskOptions& options, LoadedModel&& loaded);
  CustomTask(const CustomTaskOptions& options, LoadedModel&& loaded, int observation_size);
  const double* point(int id, bool is_site) const;

  CustomTaskOptions options_;
  std::vector<RewardTerm> terms_;
  int main_body_ = 1;
  double x_before_ = 0.0, y_before_ = 0.0;
};

// Parses a reward expression against `model`; throws std::invalid_argument naming the bad
// term, what was expected and what was found.
std::vector<RewardTerm> parse_reward_terms(const std::string& expression, const mjModel* model);

std::unique_ptr<MujocoEnv> make_custom_task(common::OptionReader& options);

}  // namespace tlb::envs
