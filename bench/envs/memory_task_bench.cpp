// Mean return of scripted policies on MemoryReacher-v0 (envs/tasks/memory_reacher.h), to show
// that the task needs memory: a PD controller that remembers the cued target against the best
// policies that cannot remember it. Prints one JSON object per line; docs/envs_tasks.md holds
// the figures and the command.
//
// Usage: memory_task_bench [episodes=100] [extra env options, e.g. delay=128]
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "envs/registry.h"

namespace {

using tlb::envs::Env;

constexpr double kLink0 = 0.1;   // body0 -> body1 (reacher.xml)
constexpr double kLink1 = 0.11;  // body1 -> fingertip
constexpr double kJoint1Limit = 3.0;
// PD gains on joint angles, in control units (the motors have gear 200, the joints armature 1
// and damping 1): about critically damped, settling in roughly 10 steps.
constexpr double kP = 1.0;
constexpr double kD = 0.15;

double wrap_angle(double a) { return std::remainder(a, 2.0 * M_PI); }

// Joint angles that put the fingertip at (x, y), or as near as the arm allows; of the two
// elbow solutions, the one on the side of `q1_now`.
std::pair<double, double> inverse_kinematics(double x, double y, double q1_now) {
  const double r2 = x * x + y * y;
  const double c =
      std::clamp((r2 - kLink0 * kLink0 - kLink1 * kLink1) / (2 * kLink0 * kLink1), -1.0, 1.0);
  double q1 = std::min(std::acos(c), kJoint1Limit);
  if (q1_now < 0) q1 = -q1;
  const double q0 =
      std::atan2(y, x) - std::atan2(kLink1 * std::sin(q1), kLink0 + kLink1 * std::cos(q1));
  return {q0, q1};
}

// PD action driving the arm (as seen in `obs`) to joint angles (q0, q1).
std::vector<double> pd_to(const std::vector<double>& obs, double q0, double q1) {
  const double now0 = std::atan2(obs[2], obs[0]);
  const double now1 = std::atan2(obs[3], obs[1]);
  const double u0 = kP * wrap_angle(q0 - now0) - kD * obs[4];
  const double u1 = kP * (q1 - now1) - kD * obs[5];
  return {std::clamp(u0, -1.0, 1.0), std::clamp(u1, -1.0, 1.0)};
}

struct Policy {
  virtual ~Policy() = default;
  virtual void reset() {}
  virtual std::vector<double> act(const std::vector<double>& obs) = 0;
};

// Remembers the target while it is shown, then drives the fingertip to it.
struct RememberingPd : Policy {
  double tx = 0.0, ty = 0.0;
  void reset() override { tx = ty = 0.0; }
  std::vector<double> act(const std::vector<double>& obs) override {
    if (obs[10] == 1.0) {
      tx = obs[8];
      ty = obs[9];
    }
    const auto [q0, q1] = inverse_kinematics(tx, ty, std::atan2(obs[3], obs[1]));
    return pd_to(obs, q0, q1);
  }
};

// Memoryless: the point that minimises the expected distance to a target uniform in the disc
// is its centre, so fold the arm to bring the fingertip as near the centre as it can get.
struct CentrePd : Policy {
  std::vector<double> act(const std::vector<double>& obs) override {
    const auto [q0, q1] = inverse_kinematics(0.0, 0.0, std::atan2(obs[3], obs[1]));
    (void)q0;
    return pd_to(obs, std::atan2(obs[2], obs[0]), q1);
  }
};

// Memoryless but using the arm as memory: reach for the target while it is shown, then brake
// and hold the pose. Defeated by the arm scramble at the end of the cue.
struct ReactiveHold : Policy {
  std::vector<double> act(const std::vector<double>& obs) override {
    if (obs[10] == 1.0) {
      const auto [q0, q1] = inverse_kinematics(obs[8], obs[9], std::atan2(obs[3], obs[1]));
      return pd_to(obs, q0, q1);
    }
    return {std::clamp(-kD * obs[4], -1.0, 1.0), std::clamp(-kD * obs[5], -1.0, 1.0)};
  }
};

struct Uniform : Policy {
  std::mt19937_64 rng{17};
  std::vector<double> act(const std::vector<double>&) override {
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    return {u(rng), u(rng)};
  }
};

struct Stats {
  double mean = 0.0, std = 0.0, final_distance = 0.0;
};

Stats evaluate(const std::string& spec, Policy& policy, int episodes) {
  std::unique_ptr<Env> env = tlb::envs::make_env(spec);
  std::vector<double> returns;
  double final_distance = 0.0;
  for (int e = 0; e < episodes; ++e) {
    policy.reset();
    std::vector<double> obs = env->reset(1000 + e).observation;
    double total = 0.0;
    for (;;) {
      const auto r = env->step(policy.act(obs));
      total += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) {
        final_distance += r.info.get("distance").value_or(NAN);
        break;
      }
    }
    returns.push_back(total);
  }
  Stats s;
  for (double r : returns) s.mean += r / episodes;
  for (double r : returns) s.std += (r - s.mean) * (r - s.mean) / episodes;
  s.std = std::sqrt(s.std);
  s.final_distance = final_distance / episodes;
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const int episodes = argc > 1 ? std::stoi(argv[1]) : 100;
    const std::string extra = argc > 2 ? std::string(",") + argv[2] : "";
    RememberingPd remembering;
    CentrePd centre;
    ReactiveHold reactive;
    Uniform uniform;
    const std::pair<const char*, Policy*> policies[] = {{"remembering_pd", &remembering},
                                                        {"centre_pd", &centre},
                                                        {"reactive_hold", &reactive},
                                                        {"uniform_random", &uniform}};
    for (const char* scramble : {"true", "false"}) {
      const std::string spec = std::string("MemoryReacher-v0:scramble_arm=") + scramble + extra;
      for (const auto& [name, policy] : policies) {
        const Stats s = evaluate(spec, *policy, episodes);
        std::printf(
            "{\"env\": \"%s\", \"policy\": \"%s\", \"uses_memory\": %s, \"episodes\": %d, "
            "\"mean_return\": %.3f, \"std_return\": %.3f, \"mean_final_distance\": %.4f}\n",
            spec.c_str(), name, std::string(name) == "remembering_pd" ? "true" : "false", episodes,
            s.mean, s.std, s.final_distance);
      }
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "memory_task_bench: %s\n", e.what());
    return 1;
  }
}
