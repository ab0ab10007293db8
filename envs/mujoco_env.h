// The base of every MuJoCo task, with Gymnasium's MujocoEnv semantics (docs/envs.md;
// Gymnasium's mujoco_env.py):
//   reset: re-seed if asked -> mj_resetData -> task's reset_model() draws qpos/qvel with the
//          env's RNG -> mj_forward -> observation;
//   step:  validate the action -> ctrl = action (unclipped; MuJoCo clamps to ctrlrange
//          internally) -> before_step() -> frame_skip x mj_step -> mj_rnePostConstraint once
//          -> after_substeps() -> the task reads observation, reward, termination and info.
//          No mj_forward before reading: xpos, cfrc_ext and the like come from the last
//          substep's dynamics, not from the final qpos, as in Gymnasium.
//          mj_rnePostConstraint only fills cacc, cfrc_int and cfrc_ext; a task that reads
//          none of them says so (uses_rne_post_constraint() false) and skips it, which changes
//          no value it returns and saves ~7% of a HalfCheetah step.
// A task derives from it and supplies only its options, reset noise, observation and reward.
//
// Random numbers: a std::mt19937_64 per env, seeded by reset(seed) (5489, the engine's
// default, until the first seeded reset). Uniform and normal draws are computed here from the
// raw 64-bit stream, so they are the same on every platform; they differ from NumPy's values,
// but the distributions match (U[a, b) per entry, N(0, 1) per entry, in the same order).
//
// Numerical faults: if a step raises MuJoCo's bad-qpos/qvel/qacc warning or leaves a
// non-finite state, observation or reward, the episode ends truncated with info unstable = 1,
// reward 0 and the last finite observation; one line goes to stderr per env instance.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "envs/env.h"
#include "envs/model_loader.h"

namespace tlb::envs {

// Everything needed to restart a simulation bit-exactly (for replay and recording).
struct StateSnapshot {
  double time = 0.0;
  std::vector<double> qpos;            // (nq)
  std::vector<double> qvel;            // (nv)
  std::vector<double> act;             // (na)
  std::vector<double> ctrl;            // (nu)
  std::vector<double> qacc_warmstart;  // (nv) the constraint solver's warm start
};

class MujocoEnv : public Env {
 public:
  ~MujocoEnv() override = default;

  std::string id() const override { return id_; }
  // The registry sets the full id with overrides ("Hopper-v5:ctrl_cost_weight=0.01").
  void set_id(std::string id) { id_ = std::move(id); }
  const Box& observation_space() const override { return observation_space_; }
  const Box& action_space() const override { return action_space_; }
  ResetResult reset(std::optional<uint64_t> seed = std::nullopt) override;
  StepResult step(const std::vector<double>& action) override;
  MujocoEnv* mujoco() override { return this; }

  const mjModel* model() const { return model_.get(); }
  const mjData* data() const { return data_.get(); }
  mjData* data() { return data_.get(); }
  int frame_skip() const { return frame_skip_; }
  // Seconds per env step: timestep x frame_skip.
  double dt() const { return model_->opt.timestep * frame_skip_; }
  // FNV-1a hash of the MJCF text the model was compiled from (16 hex digits).
  const std::string& model_hash() const { return model_hash_; }
  const std::string& model_source() const { return model_source_; }

  StateSnapshot get_state() const;
  // Restores `state` (sizes must match the model) and recomputes derived quantities; the next
  // step continues exactly as it would have from where the snapshot was taken.
  void set_state(const StateSnapshot& state);
  // The observation of the current state (as reset or step would return it).
  std::vector<double> current_observation() const;

  // Whether step() calls mj_rnePostConstraint after the substeps (Gymnasium always does). When
  // false, data()'s cacc, cfrc_int and cfrc_ext are stale after a step: call it yourself.
  virtual bool uses_rne_post_constraint() const { return true; }

  // Which observation entries are positions (joint angles, heights, coordinates) and which are
  // velocities; the -P / -V wrappers keep one list. Entries in neither (e.g. contact forces)
  // are dropped by both.
  virtual std::vector<int> position_observation_indices() const = 0;
  virtual std::vector<int> velocity_observation_indices() const = 0;

 protected:
  // `task_id` names the task in errors; `observation_size` is the task's observation length.
  MujocoEnv(std::string task_id, LoadedModel model, int frame_skip, int observation_size);

  // Draws the start state with rng(): writes data()->qpos and data()->qvel (which hold the
  // model defaults, init_qpos / zeros, when called).
  virtual void reset_model() = 0;
  // Writes observation_space().size() entries to `out` from the current data.
  virtual void write_observation(double* out) const = 0;
  // Called just before the substeps; tasks that difference derived quantities (a body's
  // position) record them here. qpos_before() is always recorded.
  virtual void before_step() {}
  // Called after the substeps (and mj_rnePostConstraint), before the observation is written;
  // not after an unstable step. A task that changes the state here (MemoryReacher's scramble)
  // recomputes what it reads itself (mj_forward).
  virtual void after_substeps() {}
  // Fills reward, terminated and info of `result` from data() after the step.
  virtual void evaluate_step(const std::vector<double>& action, StepResult& result) = 0;
  // Reset info (x_position, ...).
  virtual void reset_info(Info& /*info*/) const {}

  // How reset_with_noise draws qvel.
  enum class VelocityNoise { kUniform, kNormal };
  // The usual reset_model: qpos = init_qpos + U[-scale, scale) per entry, then qvel =
  // U[-scale, scale) or scale * N(0, 1) per entry, in Gymnasium's draw order.
  void reset_with_noise(double scale, VelocityNoise velocity_noise);

  // qpos (nq) as it was just before the last step's substeps.
  const std::vector<double>& qpos_before() const { return qpos_before_; }
  // U[low, high), from 53 random bits.
  double uniform(double low, double high);
  // N(0, 1), Box-Muller with two uniforms per draw.
  double normal();
  const std::vector<double>& init_qpos() const { return init_qpos_; }

 private:
  void report_unstable(double step_start_time, const std::string& reason);

  std::string id_;
  ModelPtr model_;
  DataPtr data_;
  std::string model_hash_;
  std::string model_source_;
  int frame_skip_;
  Box observation_space_;
  Box action_space_;
  std::vector<double> init_qpos_;    // (nq) qpos right after data creation (qpos0)
  std::vector<double> qpos_before_;  // (nq)
  std::vector<double> last_observation_;
  std::mt19937_64 rng_;
  bool warned_unstable_ = false;
};

}  // namespace tlb::envs
